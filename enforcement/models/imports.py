"""Ledger import batches and arrears detection runs: who did what, when, with what result."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enforcement.db import Base, CreatedAt, enum_column
from enforcement.models.user import User


class BatchStatus(enum.StrEnum):
    ACCEPTED = "accepted"  # written, in one transaction
    REJECTED = "rejected"  # nothing written; ``errors`` lists every rejected row
    DUPLICATE = "duplicate"  # the same file (SHA-256) was already imported: nothing changed


class ImportBatch(Base):
    """One ledger file submitted for import, and what came of it."""

    __tablename__ = "import_batches"
    __table_args__ = (sa.Index("ix_import_batches_office_sha", "office_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(sa.String(255))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    status: Mapped[BatchStatus] = mapped_column(enum_column(BatchStatus, "batch_status"))
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_inserted: Mapped[int] = mapped_column(default=0)
    rows_updated: Mapped[int] = mapped_column(default=0)
    rows_unchanged: Mapped[int] = mapped_column(default=0)
    rows_rejected: Mapped[int] = mapped_column(default=0)
    employers_created: Mapped[int] = mapped_column(default=0)
    employers_updated: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    notes: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[CreatedAt]

    user: Mapped[User | None] = relationship()


class DetectionRun(Base):
    """One run of arrears detection over an office's ledger."""

    __tablename__ = "detection_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    as_of: Mapped[date]
    threshold: Mapped[int]
    opened: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    settled: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[CreatedAt]
    finished_at: Mapped[datetime | None]

    user: Mapped[User | None] = relationship()
