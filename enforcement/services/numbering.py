"""Document numbers from the office's registers: unique and gapless, also under concurrent use.

The register row is created if missing (INSERT … ON CONFLICT DO NOTHING, so
two first users do not collide) and then locked (``FOR UPDATE`` on
PostgreSQL; SQLite serialises writers) while the number is taken.  The number
belongs to the caller's transaction: if it rolls back, the number is not used.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from enforcement.extensions import db
from enforcement.models import NumberRegister


def next_number(office_id: int, register: str, year: int) -> int:
    """Take the next number of ``register`` for ``year`` (numbers restart at 1 each year)."""
    session = db.session
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(NumberRegister)
        .values(office_id=office_id, register=register, year=year, last_number=0)
        .on_conflict_do_nothing(index_elements=["office_id", "register", "year"])
    )
    row = session.execute(
        sa.update(NumberRegister)
        .where(
            NumberRegister.office_id == office_id,
            NumberRegister.register == register,
            NumberRegister.year == year,
        )
        .values(last_number=NumberRegister.last_number + 1)
        .returning(NumberRegister.last_number)
    ).one()
    return int(row.last_number)
