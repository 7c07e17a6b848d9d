"""Background jobs: long work (a large import, a detection run, a dossier) that a worker runs.

A request enqueues a job and returns at once; the page follows ``progress``.
A worker claims a queued job atomically (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, an immediate transaction on SQLite), so no job runs twice even
with several gunicorn workers.  A running job holds a lease that its worker's
heartbeat renews; a job whose lease expired (its worker died) is claimed again,
at most ``JOB_MAX_ATTEMPTS`` times in all.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column

from enforcement.db import Base, CreatedAt, enum_column


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(Base):
    """One piece of background work with its progress and result."""

    __tablename__ = "jobs"
    __table_args__ = (
        sa.Index("ix_jobs_status_id", "status", "id"),
        sa.Index("ix_jobs_status_lease", "status", "lease_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus, "job_status"), default=JobStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)  # 0–100
    progress_text: Mapped[str] = mapped_column(sa.String(300), default="")
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    payload: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str] = mapped_column(sa.Text, default="")
    worker: Mapped[str] = mapped_column(sa.String(100), default="")
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")  # claims so far
    heartbeat_at: Mapped[datetime | None]  # last sign of life of the worker running it
    lease_until: Mapped[datetime | None]  # another worker may take it again after this
    created_at: Mapped[CreatedAt]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
