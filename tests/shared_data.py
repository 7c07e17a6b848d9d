"""Where the shared sample data lives (``../shared/data`` beside the project, read by tests only).

Looked up in order: ``$ECM_SHARED_DATA``; ``../shared/data`` beside this checkout; beside the
checkout this one was cloned from (a CI clone elsewhere on the disk); ``/work/shared/data``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _origin() -> Path | None:
    try:
        url = subprocess.run(
            ["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
            capture_output=True, text=True, check=False, timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    url = url.removeprefix("file://")
    return Path(url) if url.startswith("/") else None


def find_shared_data() -> Path:
    """The folder holding ``ledger_small.csv`` and the expected figures."""
    origin = _origin()
    candidates = [
        os.environ.get("ECM_SHARED_DATA"),
        ROOT.parent / "shared" / "data",
        origin.parent / "shared" / "data" if origin else None,
        "/work/shared/data",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "ledger_small.csv").is_file():
            return Path(candidate)
    raise RuntimeError("../shared/data not found: set ECM_SHARED_DATA to the folder of ledger_small.csv")


SHARED_DATA = find_shared_data()

INTEREST_REVISED = SHARED_DATA / "interest-revised"
"""The expected arrears figures under LEGAL.md LR-INTEREST as revised (issue 14); the files of the
same names at the top of the data folder keep the old rule's figures and are read by no test."""
EXPECTED_FILES = sorted(INTEREST_REVISED.glob("expected_small*.json"))
