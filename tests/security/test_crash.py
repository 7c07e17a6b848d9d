"""A process killed (SIGKILL) in the middle of an import leaves the SQLite database with the old data or the new.

A child process imports a first ledger (committed), then a large second one
that updates every row of the first and adds tens of thousands more.  The
child is killed while the second import's rows are being written, either at a
point it reports from inside the transaction (deterministic) or as soon as the
write begins (racing the commit).  The database must pass ``PRAGMA
integrity_check`` and hold exactly the first import's rows, or all of the
second's: never part of them.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import os, sys, time
    os.environ["TEST_DATABASE_URL"] = "sqlite:///" + sys.argv[1]
    os.environ.pop("ENFORCEMENT_ENV", None)
    from flask_migrate import upgrade
    from enforcement import create_app
    from enforcement.extensions import db
    from enforcement.models import Office
    from enforcement.services import ledger_import

    HEADER = "ma_don_vi,ma_so_thue,ten_don_vi,ky,phai_dong,da_dong,so_lao_dong"

    def tax(n):
        weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
        base = 100_000_000 + n * 13
        while True:
            digits = f"{base:09d}"[-9:]
            r = sum(int(d) * w for d, w in zip(digits, weights)) % 11
            if r != 0:
                return digits + str(10 - r)
            base += 1

    def ledger(employers, months, due):
        lines = [HEADER]
        for e in range(employers):
            for m in range(months):
                year, month = 2022 + m // 12, m % 12 + 1
                lines.append(f"KD{e:05d},{tax(e)},Công ty Số {e},{year}-{month:02d},{due},{due // 2},10")
        return ("\\n".join(lines) + "\\n").encode()

    app = create_app("testing")
    with app.app_context():
        if sys.argv[2] == "setup":
            upgrade()
            office = Office(code="KILL", name="BHXH thử", province="Hà Nội", place_name="Hà Nội")
            db.session.add(office)
            db.session.commit()
            result = ledger_import.import_ledger(ledger(100, 12, 1_000_000), "old.csv", office)
            print("ready", result.rows_inserted, flush=True)
            sys.exit(0)
        office = db.session.scalar(db.select(Office))
        real = ledger_import._executemany

        def reporting(statement, rows):
            print("writing", len(rows), flush=True)
            real(statement, rows)
            print("written", len(rows), flush=True)
            if sys.argv[2] == "hold":
                time.sleep(120)  # inside the open transaction: the parent kills us here

        ledger_import._executemany = reporting
        result = ledger_import.import_ledger(ledger(2000, 24, 2_000_000), "new.csv", office)
        print("committed", result.rows_inserted, result.rows_updated, flush=True)
    """
)


def _run(db: Path, mode: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", CHILD, str(db), mode], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _state(db: Path) -> tuple[str, int, int, int]:
    connection = sqlite3.connect(db)
    try:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        rows, total = connection.execute("SELECT count(*), coalesce(sum(amount_due), 0) FROM ledger_rows").fetchone()
        batches = connection.execute("SELECT count(*) FROM import_batches WHERE file_name = 'new.csv'").fetchone()[0]
        return check, rows, total, batches
    finally:
        connection.close()


@pytest.fixture
def database(tmp_path) -> Path:
    db = tmp_path / "killed.db"
    setup = _run(db, "setup")
    out, err = setup.communicate(timeout=120)
    assert setup.returncode == 0 and out.startswith("ready 1200"), err[-2000:]
    return db


OLD = ("ok", 1200, 1200 * 1_000_000, 0)
NEW = ("ok", 2000 * 24, 2000 * 24 * 2_000_000, 1)


def _kill_when(child: subprocess.Popen, line_starts: str) -> list[str]:
    seen = []
    assert child.stdout is not None
    for line in child.stdout:
        seen.append(line.strip())
        if line.startswith(line_starts):
            child.send_signal(signal.SIGKILL)
            break
    rest, _err = child.communicate(timeout=60)  # drains and closes the pipes
    return seen + rest.split()


def test_killed_inside_the_import_transaction_the_old_data_is_intact(database):
    child = _run(database, "hold")
    seen = _kill_when(child, "written")
    assert child.returncode == -signal.SIGKILL and any(s.startswith("written") for s in seen), seen
    assert _state(database) == OLD


def test_killed_at_any_moment_of_the_write_the_data_is_old_or_new_never_half(database):
    child = _run(database, "race")
    seen = _kill_when(child, "writing")
    assert seen and seen[-1].startswith("writing")
    assert _state(database) in (OLD, NEW)
