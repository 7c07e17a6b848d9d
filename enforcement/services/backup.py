"""Backups: a consistent copy of a live SQLite database; for PostgreSQL, the ``pg_dump`` command to run.

SQLite is copied with its online backup API (``sqlite3.Connection.backup``)
from a connection of the running application: the copy is a consistent
snapshot even while other processes write (they are not blocked for long; the
API restarts the copy of pages that changed).  The copy is written beside the
target under a temporary name, checked with ``PRAGMA integrity_check`` and only
then renamed into place, so an interrupted backup never leaves a half file
where a good one is expected.  A backup file is itself a complete database:
restoring is copying it to where ``DATABASE_URL`` points.

PostgreSQL is backed up with its own tool, ``pg_dump`` (custom format,
restorable with ``pg_restore``), run by the operator against the production
database; ``pg_dump_command`` writes the command line (without the password,
which ``pg_dump`` reads from ``PGPASSWORD`` or ``~/.pgpass``).
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine, make_url

PAGES_PER_STEP = 1024  # copy this many pages at a time, letting writers in between


class BackupError(RuntimeError):
    """The backup could not be made (or did not check out); nothing was left at the target."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    tables: dict[str, int]


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def backup_sqlite(engine: Engine, target: str | os.PathLike[str], *, overwrite: bool = False) -> BackupResult:
    """Copy the live SQLite database of ``engine`` to ``target`` and check the copy.

    :raises BackupError: the target exists (without ``overwrite``), the database is in memory,
        or the copy fails its integrity check.
    """
    if not is_sqlite(engine) or engine.url.database in (None, "", ":memory:"):
        raise BackupError("only a SQLite database file can be copied this way")
    path = Path(target).resolve()
    if path.exists() and not overwrite:
        raise BackupError(f"{path} exists (use --force to replace it)")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination, pages=PAGES_PER_STEP)
            tables = _check(destination)
        finally:
            destination.close()
        _fsync(partial)
        os.replace(partial, path)
    except (sqlite3.Error, BackupError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(str(exc)) from exc
    finally:
        raw.close()
    return BackupResult(path, path.stat().st_size, tables)


def _check(connection: sqlite3.Connection) -> dict[str, int]:
    """``PRAGMA integrity_check`` must say ok; the row count of every table."""
    verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise BackupError(f"the copy fails its integrity check: {verdict}")
    names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def pg_dump_command(url: str, target: str) -> str:
    """The ``pg_dump`` command line that backs up the PostgreSQL database at ``url`` into ``target``."""
    parsed = make_url(url)
    args = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"]
    if parsed.host:
        args.append(f"--host={parsed.host}")
    if parsed.port:
        args.append(f"--port={parsed.port}")
    if parsed.username:
        args.append(f"--username={parsed.username}")
    args.append(f"--dbname={parsed.database}")
    return shlex.join(args)
