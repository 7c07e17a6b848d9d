"""SQLite settings: foreign keys on, WAL journal, a busy timeout, and real transactions.

pysqlite's own transaction handling does not emit BEGIN for every statement
and breaks SAVEPOINT; SQLAlchemy's documented recipe hands BEGIN to SQLAlchemy.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

WRITE_INTENT: ContextVar[bool] = ContextVar("sqlite_write_intent", default=False)
"""Set by ``unit_of_work(immediate=True)``: the next transaction begins IMMEDIATE."""


def configure_sqlite(engine: Engine) -> None:
    """Install the connection hooks on a SQLite engine (no-op for other databases)."""
    if engine.dialect.name != "sqlite" or getattr(engine, "_enforcement_hooks", False):
        return
    engine._enforcement_hooks = True  # type: ignore[attr-defined]

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if WRITE_INTENT.get() else "BEGIN")
