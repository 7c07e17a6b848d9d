"""Notifications: a case reached a user's queue (assigned to them, or waiting for their role's step)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from enforcement.db import Base, CreatedAt, UTCDateTime


class Notification(Base):
    """One message to one user about one case; read when the user opens it or marks all read."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.Index("ix_notifications_user_unread", "user_id", "read_at", "id"),
        sa.Index("ix_notifications_unsent", "emailed_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_events.id"))
    text: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[CreatedAt]
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
