"""Services: one function per user action, each owning its database transaction.

Helpers only ``flush()``; ``unit_of_work`` is the boundary that commits, or
rolls everything back when anything inside raises (STYLE §5.3).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from enforcement.extensions import db
from enforcement.sqlite import WRITE_INTENT


@contextmanager
def unit_of_work(*, immediate: bool = False) -> Iterator[Session]:
    """Run the block in one transaction: commit at the end, roll back on any error.

    :param immediate: on SQLite, start with ``BEGIN IMMEDIATE`` (take the write lock
        first) so that long writers such as imports and detection never fail half-way
        on a lock upgrade; ignored elsewhere.
    """
    session = db.session
    token = None
    if immediate:
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("unit_of_work(immediate=True) entered with pending changes")
        if session().in_transaction():
            session.commit()  # end a read-only transaction so the write one starts IMMEDIATE
        token = WRITE_INTENT.set(True)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        if token is not None:
            WRITE_INTENT.reset(token)
