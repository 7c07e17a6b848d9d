"""The case timeline: append-only, hash-chained events (PRODUCT §3).

``hash = SHA-256(prev_hash + canonical JSON of the event)``; the first event of
a case chains from 64 zeros.  Rows are never updated or deleted: the model
layer refuses it here, and on PostgreSQL a trigger (migration) refuses it too.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enforcement.db import Base, CreatedAt, enum_column
from enforcement.models.user import User


class EventAction(enum.StrEnum):
    """What kind of change an event records."""

    OPENED = "opened"
    TRANSITION = "transition"
    REMINDER = "reminder"
    SNAPSHOT = "snapshot"
    ASSIGNMENT = "assignment"
    EDIT = "edit"
    COMMENT = "comment"
    EVIDENCE = "evidence"
    DOCUMENT = "document"
    PAYMENT = "payment"
    IMPORT = "import"
    EXPLANATION = "explanation"


class CaseEvent(Base):
    """One entry of a case's timeline."""

    __tablename__ = "case_events"
    __table_args__ = (sa.UniqueConstraint("case_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    seq: Mapped[int]
    created_at: Mapped[CreatedAt]
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[EventAction] = mapped_column(enum_column(EventAction, "event_action"))
    trigger: Mapped[str | None] = mapped_column(sa.String(40))
    from_state: Mapped[str | None] = mapped_column(sa.String(30))
    to_state: Mapped[str | None] = mapped_column(sa.String(30))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    actor: Mapped[User | None] = relationship()

    def canonical(self) -> dict[str, Any]:
        """The fields the hash covers, in a form that survives a database round trip."""
        created: datetime = self.created_at
        return {
            "case_id": self.case_id,
            "seq": self.seq,
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "actor_id": self.actor_id,
            "action": str(self.action),
            "trigger": self.trigger,
            "from_state": self.from_state,
            "to_state": self.to_state,
            "summary": self.summary,
            "details": self.details,
        }


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a timeline event or an issued document."""


def refuse_change(mapper: Any, connection: Any, target: Any) -> None:
    raise AppendOnlyError(f"{type(target).__name__} rows are append-only")


event.listen(CaseEvent, "before_update", refuse_change)
event.listen(CaseEvent, "before_delete", refuse_change)
