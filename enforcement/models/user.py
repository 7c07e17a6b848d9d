"""Users, their roles, and API tokens."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enforcement.db import Base, CreatedAt, enum_column
from enforcement.models.office import Office


class Role(enum.StrEnum):
    """What a user does in the office (PRODUCT §2)."""

    INSPECTOR = "inspector"
    LEGAL = "legal"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class User(UserMixin, Base):
    """A person who logs in; belongs to exactly one office."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"), index=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    # Raised when every session and token of the user must end (password reset, deactivation,
    # reactivation): each session carries the value it was opened under (enforcement/auth/loaders.py).
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[CreatedAt]
    notify_email: Mapped[str | None] = mapped_column(sa.String(254))  # set by the user; e-mailed notifications

    office: Mapped[Office] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated users cannot log in
        return self.active

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class ApiToken(Base):
    """A bearer token for the JSON API; acts as its user. Only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100), default="")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[CreatedAt]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
