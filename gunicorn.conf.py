"""gunicorn's settings for the application (read by ``gunicorn`` started from this directory).

The rate limits are counted in ``RATELIMIT_STORAGE_URI``.  With ``memory://``
each worker would count alone (N workers: N times every limit), so in
production gunicorn refuses to start with more than one worker on memory
storage unless ``RATELIMIT_ALLOW_MEMORY_STORAGE=1`` says that is accepted: set
``RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0``.  The worker count is also
handed to the application (``ECM_GUNICORN_WORKERS``), which checks the same at
start in each worker.

Command-line options (``-w 4 -b … --timeout 60``) override what is set here.
"""

from __future__ import annotations

import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
WORKERS_ENV = "ECM_GUNICORN_WORKERS"  # enforcement.security.WORKERS_ENV


def on_starting(server) -> None:  # server: gunicorn's Arbiter
    """In the arbiter, before any worker starts: refuse a configuration whose limits would not hold."""
    workers = int(server.cfg.workers)
    os.environ[WORKERS_ENV] = str(workers)
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from config import settings_for
    from enforcement.security import check_storage

    try:
        check_storage(settings_for(), workers)
    except RuntimeError as exc:
        server.log.error("refusing to start: %s", exc)
        raise SystemExit(f"refusing to start: {exc}") from None
