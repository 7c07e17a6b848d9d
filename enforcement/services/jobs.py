"""Background jobs: long work (a large ledger import, a detection run) that does not hold a request open.

A request calls ``enqueue`` and returns at once; a worker — a thread started
with ``start_worker_thread(app)`` on the embedded default, or ``flask worker``
processes beside gunicorn — ``claim``\\ s the oldest queued job atomically and
``run``\\ s it.  The claim is one short transaction: ``SELECT … FOR UPDATE SKIP
LOCKED`` on PostgreSQL (two workers never get the same row), ``BEGIN
IMMEDIATE`` on SQLite (the write lock serialises claims).  The work itself
calls the ordinary services with a progress callback; progress is written in
its own short transactions (best effort: on SQLite a writer holding the lock
makes it skip) and also kept in memory, so a page served by the same process
sees it at once.  A failure marks the job failed with a message; nothing of
the service's own transaction is left half-written.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext as _

from enforcement.db import utc_now
from enforcement.errors import DomainError, ValidationFailed
from enforcement.extensions import db
from enforcement.models import Job, JobStatus, Office, User
from enforcement.services import notifications, unit_of_work

log = logging.getLogger(__name__)

IMPORT_LEDGER = "import_ledger"
DETECT = "detect"
KINDS = (IMPORT_LEDGER, DETECT)

# job id → (percent, text): progress seen by this process, newer than the database when a writer held the lock.
_LIVE: dict[int, tuple[int, str]] = {}
_LIVE_LOCK = threading.Lock()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def enqueue(kind: str, office: Office, user: User | None, params: dict[str, Any] | None = None,
            payload: bytes | None = None) -> Job:
    """Queue a job of ``kind`` for ``office``; a worker will run it.

    :raises ValidationFailed: unknown kind.
    """
    if kind not in KINDS:
        raise ValidationFailed(_("Loại công việc không hợp lệ."), errors={"kind": [kind]})
    with unit_of_work() as session:
        job = Job(
            office_id=office.id,
            user_id=user.id if user else None,
            kind=kind,
            status=JobStatus.QUEUED,
            params=params or {},
            payload=payload,
            progress_text=_("Đang chờ xử lý"),
        )
        session.add(job)
    return job


def claim(worker: str | None = None) -> int | None:
    """Take the oldest queued job for this worker (atomically); its id, or None when the queue is empty."""
    with unit_of_work(immediate=True) as session:
        query = sa.select(Job).where(Job.status == JobStatus.QUEUED).order_by(Job.id).limit(1)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job = session.scalar(query)
        if job is None:
            return None
        job.status = JobStatus.RUNNING
        job.started_at = utc_now()
        job.worker = (worker or worker_name())[:100]
        job.progress = 0
        job.progress_text = _("Đang xử lý")
        job_id = job.id
    return job_id


@dataclass(frozen=True)
class JobState:
    """What the progress page needs to know about a job (JSON of ``/jobs/<id>``)."""

    id: int
    kind: str
    status: str
    progress: int
    text: str
    result: dict[str, Any]
    error: str

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "finished": self.finished}


def state_of(job: Job) -> JobState:
    """The job as stored, with this process's newer progress when it runs here."""
    progress, text = job.progress, job.progress_text
    if job.status == JobStatus.RUNNING:
        with _LIVE_LOCK:
            live = _LIVE.get(job.id)
        if live and live[0] >= progress:
            progress, text = live
    if job.status == JobStatus.DONE:
        progress = 100
    return JobState(job.id, job.kind, str(job.status), progress, text, job.result or {}, job.error or "")


def _write_progress(job_id: int, percent: int, text: str) -> None:
    """Record progress in its own short transaction; skipped when the database is busy."""
    with _LIVE_LOCK:
        _LIVE[job_id] = (percent, text)
    engine = db.engine
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as conn:
            if sqlite:
                conn.exec_driver_sql("PRAGMA busy_timeout=100")
            try:
                conn.execute(sa.update(Job).where(Job.id == job_id).values(progress=percent, progress_text=text[:300]))
                conn.commit()
            finally:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA busy_timeout=30000")
    except sa.exc.OperationalError:
        log.debug("job %s: progress not written (database busy)", job_id)


class _Progress:
    """A throttled progress callback: at most one write per percent and per half second."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last_percent = -1
        self.last_time = 0.0

    def __call__(self, percent: int, text: str) -> None:
        percent = max(0, min(99, int(percent)))
        now = time.monotonic()
        if percent == self.last_percent or (now - self.last_time < 0.5 and percent - self.last_percent < 10):
            return
        self.last_percent, self.last_time = percent, now
        _write_progress(self.job_id, percent, text)


def _estimated_rows(payload: bytes) -> int:
    """A guess of the data rows of a ledger file, for the import's percentage."""
    if payload[:2] == b"PK":  # XLSX: about 60 bytes of compressed XML per row
        return max(1, len(payload) // 60)
    return max(1, payload.count(b"\n"))


def _run_import(job: Job, office: Office, user: User | None, progress: _Progress) -> dict[str, Any]:
    from enforcement.services.ledger_import import import_ledger

    payload = job.payload or b""
    expected = _estimated_rows(payload)

    def on_rows(done: int) -> None:
        progress(90 * done // expected, _("Đã kiểm tra %(n)d dòng", n=done))

    result = import_ledger(payload, job.params.get("file_name", "ledger"), office, user, progress=on_rows)
    return {**result.to_dict(), "message": result.message}


def _run_detection(job: Job, office: Office, user: User | None, progress: _Progress) -> dict[str, Any]:
    from enforcement import clock
    from enforcement.services.detection import detect

    as_of = date.fromisoformat(job.params["as_of"]) if job.params.get("as_of") else clock.today()

    def on_cases(done: int, total: int) -> None:
        progress(100 * done // max(total, 1), _("Đã xử lý %(n)d/%(t)d hồ sơ", n=done, t=total))

    result = detect(office, as_of, user, progress=on_cases)
    message = _(
        "Đã quét nợ đến ngày %(d)s: %(o)d hồ sơ mới, %(u)d hồ sơ cập nhật, %(s)d hồ sơ đã nộp đủ.",
        d=as_of.strftime("%d/%m/%Y"),
        o=result.opened,
        u=result.updated,
        s=result.settled,
    )
    return {**result.to_dict(), "message": message}


RUNNERS: dict[str, Callable[[Job, Office, User | None, _Progress], dict[str, Any]]] = {
    IMPORT_LEDGER: _run_import,
    DETECT: _run_detection,
}


def run(job_id: int) -> JobState:
    """Run a claimed job to the end and store its result or its error."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.RUNNING:
        raise DomainError(_("Công việc không ở trạng thái đang chạy."))
    office = db.session.get(Office, job.office_id)
    user = db.session.get(User, job.user_id) if job.user_id else None
    progress = _Progress(job_id)
    try:
        result = RUNNERS[job.kind](job, office, user, progress)
    except DomainError as exc:
        _finish(job_id, JobStatus.FAILED, error=exc.message, result=exc.to_dict())
    except Exception as exc:
        log.exception("job %s failed", job_id)
        _finish(job_id, JobStatus.FAILED, error=_("Lỗi hệ thống: %(e)s", e=type(exc).__name__))
    else:
        _finish(job_id, JobStatus.DONE, result=result)
    with _LIVE_LOCK:
        _LIVE.pop(job_id, None)
    return state_of(db.session.get(Job, job_id))


def _finish(job_id: int, status: JobStatus, *, result: dict[str, Any] | None = None, error: str = "") -> None:
    db.session.rollback()  # whatever the failed service left behind
    with unit_of_work() as session:
        job = session.get(Job, job_id)
        job.status = status
        job.finished_at = utc_now()
        job.result = _jsonable(result or {})
        job.error = error
        job.progress = 100 if status == JobStatus.DONE else job.progress
        job.progress_text = _("Hoàn thành") if status == JobStatus.DONE else _("Thất bại")


def _jsonable(value: Any) -> Any:
    import json

    return json.loads(json.dumps(value, default=str))


def work_once(worker: str | None = None) -> JobState | None:
    """Claim and run one job; None when the queue is empty."""
    job_id = claim(worker)
    return None if job_id is None else run(job_id)


def work(app: Flask, stop: threading.Event, *, poll: float = 1.0, worker: str | None = None) -> None:
    """Run jobs until ``stop`` is set, sleeping ``poll`` seconds when the queue is empty."""
    name = worker or worker_name()
    while not stop.is_set():
        try:
            with app.app_context():
                state = work_once(name)
                if state is None:  # an idle moment: e-mail the notifications waiting (when SMTP is set)
                    notifications.send_pending()
                db.session.remove()
        except Exception:  # a broken database connection must not kill the worker
            log.exception("worker %s: claiming a job failed", name)
            state = None
        if state is None:
            stop.wait(poll)


def start_worker_thread(app: Flask, *, poll: float = 1.0) -> tuple[threading.Thread, threading.Event]:
    """Start a daemon thread that runs jobs for ``app``; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(target=work, args=(app, stop), kwargs={"poll": poll}, name="job-worker", daemon=True)
    thread.start()
    return thread, stop


def init_app(app: Flask) -> None:
    """With ``RUN_WORKER_THREAD`` on, run a worker thread in each serving process.

    The thread starts on the process's first request (never for CLI commands such as
    ``flask db upgrade``) and again if it died, e.g. in a gunicorn worker forked after it
    started.  Several processes may each run one: claims are atomic.
    """
    if not app.config.get("RUN_WORKER_THREAD", False):
        return
    lock = threading.Lock()
    current: dict[str, threading.Thread | None] = {"thread": None}

    @app.before_request
    def _ensure_worker_thread() -> None:
        thread = current["thread"]
        if thread is not None and thread.is_alive():
            return
        with lock:
            thread = current["thread"]
            if thread is None or not thread.is_alive():
                current["thread"], _stop = start_worker_thread(app)
