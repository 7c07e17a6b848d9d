"""Admin-entered legal parameters and calendar days (LEGAL.md: parameters are dated data).

The defaults live in ``enforcement.domain.legal_params``; rows here are added
by admins on top of them.  Rows are never edited or deleted: a new row with a
later ``valid_from`` supersedes an old one.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enforcement.db import Base, CreatedAt, enum_column
from enforcement.models.event import refuse_change

if TYPE_CHECKING:
    from enforcement.models.user import User


class LegalParam(Base):
    """One dated value of a legal parameter, added by an admin."""

    __tablename__ = "legal_params"
    __table_args__ = (sa.Index("ix_legal_params_key_from", "key", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(80))
    value: Mapped[Any] = mapped_column(sa.JSON, nullable=True)
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]
    source: Mapped[str] = mapped_column(sa.Text)
    confidence: Mapped[str] = mapped_column(sa.String(1))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[CreatedAt]


class DayKind(enum.StrEnum):
    DAY_OFF = "day_off"  # a compensatory day off on a weekday
    WORKING_DAY = "working_day"  # a swapped working day on a weekend


class CalendarDay(Base):
    """A day an admin declared off, or a weekend day declared a working day (LR-DEADLINES)."""

    __tablename__ = "calendar_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[DayKind] = mapped_column(enum_column(DayKind, "day_kind"))
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[CreatedAt]

    created_by: Mapped[User | None] = relationship()  # shown on the calendar page: the days are national


event.listen(LegalParam, "before_update", refuse_change)
event.listen(LegalParam, "before_delete", refuse_change)
