"""Services: one function per user action, each owning its database transaction.

Helpers only ``flush()``; ``unit_of_work`` is the boundary that commits, or
rolls everything back when anything inside raises (STYLE §5.3).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from enforcement.extensions import db


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Run the block in one transaction: commit at the end, roll back on any error."""
    session = db.session
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
