"""Background jobs: long work (a large ledger import, a detection run) that does not hold a request open.

A request calls ``enqueue`` and returns at once; a worker — a thread started
with ``start_worker_thread(app)`` on the embedded default, or ``flask worker``
processes beside gunicorn — ``claim``\\ s the oldest job to do atomically and
``run``\\ s it.  The claim is one short transaction: ``SELECT … FOR UPDATE SKIP
LOCKED`` on PostgreSQL (two workers never get the same row), ``BEGIN
IMMEDIATE`` on SQLite (the write lock serialises claims).

Crashes: a claimed job holds a lease (``JOB_LEASE_SECONDS``) that a heartbeat
thread of its worker renews every quarter lease (and every progress write
renews too).  A job still ``running`` whose lease expired — its worker or web
process was killed — is claimed again by the next worker, at most
``JOB_MAX_ATTEMPTS`` claims in all; then it is ``failed`` with the reason.  On
SQLite a long import holds the write lock so its heartbeat cannot be written;
a job whose worker process is alive on this machine is therefore never taken
from it (the lease only decides for workers that are gone or elsewhere).
The work is idempotent: a retried import whose file (SHA-256) was already
accepted since the job was queued reports that batch instead of importing
again, and a retried detection reports the run of its as-of date (fixed when
the job is queued) made since the job was queued; the services' own
transactions are all-or-nothing, so a killed attempt leaves nothing behind.
Only the worker holding the claim (name and attempt) may finish the job.

Progress lives in the ``jobs`` table only (no process memory), written in its
own short transactions: every page, in any process, reads the same figure.  On
SQLite a write is skipped while another writer holds the lock (an import
writing its rows), so the figure can lag by that writer's transaction —
about one second per 100 000 ledger rows.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from enforcement.db import utc_now
from enforcement.errors import DomainError, ValidationFailed
from enforcement.extensions import db
from enforcement.models import DetectionRun, ImportBatch, Job, JobStatus, Office, User
from enforcement.models.imports import BatchStatus
from enforcement.services import notifications, unit_of_work

log = logging.getLogger(__name__)

IMPORT_LEDGER = "import_ledger"
DETECT = "detect"
KINDS = (IMPORT_LEDGER, DETECT)

def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def enqueue(kind: str, office: Office, user: User | None, params: dict[str, Any] | None = None,
            payload: bytes | None = None) -> Job:
    """Queue a job of ``kind`` for ``office``; a worker will run it.

    :raises ValidationFailed: unknown kind.
    """
    if kind not in KINDS:
        raise ValidationFailed(_("Loại công việc không hợp lệ."), errors={"kind": [kind]})
    params = dict(params or {})
    if kind == DETECT and not params.get("as_of"):
        from enforcement import clock

        params["as_of"] = clock.today().isoformat()  # fixed now: a retry detects as of the same date
    with unit_of_work() as session:
        job = Job(
            office_id=office.id,
            user_id=user.id if user else None,
            kind=kind,
            status=JobStatus.QUEUED,
            params=params,
            payload=payload,
            progress_text=_("Đang chờ xử lý"),
        )
        session.add(job)
    return job


def _lease() -> timedelta:
    return timedelta(seconds=current_app.config.get("JOB_LEASE_SECONDS", 60))


def _owner_alive(worker: str) -> bool:
    """Whether the worker named ``host:pid:thread`` is known to be alive (only knowable on this host)."""
    host, _, rest = worker.partition(":")
    pid_text, _, thread_text = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return any(str(t.ident) == thread_text and t.is_alive() for t in threading.enumerate())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim(worker: str | None = None) -> int | None:
    """Take the oldest job to do for this worker (atomically); its id, or None when there is none.

    A job to do is queued, or running with an expired lease whose worker is gone; such a job
    that already had ``JOB_MAX_ATTEMPTS`` claims is marked failed instead.
    """
    name = (worker or worker_name())[:100]
    max_attempts = current_app.config.get("JOB_MAX_ATTEMPTS", 3)
    with unit_of_work(immediate=True) as session:
        now = utc_now()
        query = (
            sa.select(Job)
            .where(
                sa.or_(
                    Job.status == JobStatus.QUEUED,
                    sa.and_(Job.status == JobStatus.RUNNING, Job.lease_until < now),
                )
            )
            .order_by(Job.id)
            .limit(20)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        for job in session.scalars(query):
            if job.status == JobStatus.RUNNING:
                if _owner_alive(job.worker):
                    continue  # alive here, only unable to write its heartbeat (SQLite's lock)
                log.warning("job %s: lease of %s expired (attempt %s)", job.id, job.worker, job.attempts)
                if job.attempts >= max_attempts:
                    job.status = JobStatus.FAILED
                    job.finished_at = now
                    job.error = _(
                        "Công việc bị dừng giữa chừng %(n)d lần (lần cuối ở %(w)s): không chạy lại nữa. "
                        "Hãy kiểm tra nhật ký của worker rồi tạo lại công việc.",
                        n=job.attempts,
                        w=job.worker,
                    )
                    job.progress_text = _("Thất bại")
                    continue
            job.status = JobStatus.RUNNING
            job.started_at = job.started_at or now
            job.worker = name
            job.attempts += 1
            job.heartbeat_at = now
            job.lease_until = now + _lease()
            job.progress = 0
            job.progress_text = _("Đang xử lý") if job.attempts == 1 else _(
                "Đang xử lý (lần %(n)d, lần trước bị dừng giữa chừng)", n=job.attempts
            )
            return job.id
    return None


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
    """The job as stored (the one source: any process serves the same figure)."""
    progress = 100 if job.status == JobStatus.DONE else job.progress
    return JobState(job.id, job.kind, str(job.status), progress, job.progress_text, job.result or {}, job.error or "")


def _renew(engine: sa.Engine, job_id: int, worker: str, attempt: int, lease: timedelta,
           values: dict[str, Any] | None = None) -> bool:
    """Renew the lease of the claim (``worker``, ``attempt``) in its own short transaction.

    Skipped (False) when the database is busy: SQLite while another writer holds the lock.
    """
    sqlite = engine.dialect.name == "sqlite"
    now = utc_now()
    try:
        with engine.connect() as conn:
            if sqlite:
                conn.exec_driver_sql("PRAGMA busy_timeout=100")
            try:
                conn.execute(
                    sa.update(Job)
                    .where(Job.id == job_id, Job.worker == worker, Job.attempts == attempt,
                           Job.status == JobStatus.RUNNING)
                    .values(heartbeat_at=now, lease_until=now + lease, **(values or {}))
                )
                conn.commit()
            finally:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA busy_timeout=30000")
    except sa.exc.OperationalError:
        log.debug("job %s: heartbeat/progress not written (database busy)", job_id)
        return False
    return True


@contextmanager
def _heartbeat(job_id: int, worker: str, attempt: int):
    """A thread renewing the job's lease every quarter lease while the block runs."""
    engine, lease = db.engine, _lease()
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(lease.total_seconds() / 4):
            _renew(engine, job_id, worker, attempt, lease)

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(5)


class _Progress:
    """A throttled progress callback: at most one write per percent and per half second; each renews the lease."""

    def __init__(self, job_id: int, worker: str, attempt: int) -> None:
        self.job_id, self.worker, self.attempt = job_id, worker, attempt
        self.engine, self.lease = db.engine, _lease()
        self.last_percent = -1
        self.last_time = 0.0

    def __call__(self, percent: int, text: str) -> None:
        percent = max(0, min(99, int(percent)))
        now = time.monotonic()
        if percent == self.last_percent or (now - self.last_time < 0.5 and percent - self.last_percent < 10):
            return
        self.last_percent, self.last_time = percent, now
        _renew(self.engine, self.job_id, self.worker, self.attempt, self.lease,
               {"progress": percent, "progress_text": text[:300]})


def _estimated_rows(payload: bytes) -> int:
    """A guess of the data rows of a ledger file, for the import's percentage."""
    if payload[:2] == b"PK":  # XLSX: about 60 bytes of compressed XML per row
        return max(1, len(payload) // 60)
    return max(1, payload.count(b"\n"))


def _run_import(job: Job, office: Office, user: User | None, progress: _Progress) -> dict[str, Any]:
    from enforcement.services.ledger_import import import_ledger

    payload = job.payload or b""
    if job.attempts > 1:  # an earlier attempt may have committed the import before it was killed
        import hashlib

        batch = db.session.scalar(
            sa.select(ImportBatch).where(
                ImportBatch.office_id == office.id,
                ImportBatch.sha256 == hashlib.sha256(payload).hexdigest(),
                ImportBatch.status == BatchStatus.ACCEPTED,
                ImportBatch.created_at >= job.created_at,
            ).order_by(ImportBatch.id).limit(1)
        )
        if batch is not None:
            return _import_result_of(batch)
    expected = _estimated_rows(payload)

    def on_rows(done: int) -> None:
        progress(90 * done // expected, ngettext("Đã kiểm tra %(num)d dòng", "Đã kiểm tra %(num)d dòng", done))

    result = import_ledger(payload, job.params.get("file_name", "ledger"), office, user, progress=on_rows)
    return {**result.to_dict(), "message": result.message}


def _import_result_of(batch: ImportBatch) -> dict[str, Any]:
    """The result of an import an earlier attempt of the job committed."""
    from enforcement.services.ledger_import import ImportResult

    result = ImportResult(
        batch.id, batch.status, batch.file_name, batch.sha256,
        rows_total=batch.rows_total, rows_inserted=batch.rows_inserted, rows_updated=batch.rows_updated,
        rows_unchanged=batch.rows_unchanged, employers_created=batch.employers_created,
        employers_updated=batch.employers_updated,
    )
    return {**result.to_dict(), "message": result.message, "from_earlier_attempt": True}


def _run_detection(job: Job, office: Office, user: User | None, progress: _Progress) -> dict[str, Any]:
    from enforcement import clock
    from enforcement.services.detection import DetectionResult, detect

    as_of = date.fromisoformat(job.params["as_of"]) if job.params.get("as_of") else clock.today()
    earlier = None
    if job.attempts > 1:  # an earlier attempt may have committed its run before it was killed
        earlier = db.session.scalar(
            sa.select(DetectionRun).where(
                DetectionRun.office_id == office.id,
                DetectionRun.as_of == as_of,
                DetectionRun.created_at >= job.created_at,
            ).order_by(DetectionRun.id).limit(1)
        )

    def on_cases(done: int, total: int) -> None:
        text = ngettext("Đã xử lý %(n)d/%(num)d hồ sơ", "Đã xử lý %(n)d/%(num)d hồ sơ", total, n=done)
        progress(100 * done // max(total, 1), text)

    if earlier is not None:
        result = DetectionResult(earlier.id, as_of, earlier.threshold, earlier.opened, earlier.updated,
                                 earlier.settled, earlier.unchanged)
    else:
        result = detect(office, as_of, user, progress=on_cases)
    message = _(
        "Đã quét nợ đến ngày %(d)s: %(o)d hồ sơ mới, %(u)d hồ sơ cập nhật, %(s)d hồ sơ đã nộp đủ.",
        d=as_of.strftime("%d/%m/%Y"),
        o=result.opened,
        u=result.updated,
        s=result.settled,
    )
    return {**result.to_dict(), "message": message, **({"from_earlier_attempt": True} if earlier else {})}


RUNNERS: dict[str, Callable[[Job, Office, User | None, _Progress], dict[str, Any]]] = {
    IMPORT_LEDGER: _run_import,
    DETECT: _run_detection,
}


def run(job_id: int) -> JobState:
    """Run a claimed job to the end and store its result or its error (only while the claim is ours)."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.RUNNING:
        raise DomainError(_("Công việc không ở trạng thái đang chạy."))
    office = db.session.get(Office, job.office_id)
    user = db.session.get(User, job.user_id) if job.user_id else None
    claim_of = (job.worker, job.attempts)
    progress = _Progress(job_id, *claim_of)
    with _heartbeat(job_id, *claim_of):
        try:
            result = RUNNERS[job.kind](job, office, user, progress)
        except DomainError as exc:
            _finish(job_id, claim_of, JobStatus.FAILED, error=exc.message, result=exc.to_dict())
        except Exception as exc:
            log.exception("job %s failed", job_id)
            _finish(job_id, claim_of, JobStatus.FAILED, error=_("Lỗi hệ thống: %(e)s", e=type(exc).__name__))
        else:
            _finish(job_id, claim_of, JobStatus.DONE, result=result)
    return state_of(db.session.get(Job, job_id))


def _finish(job_id: int, claim_of: tuple[str, int], status: JobStatus, *, result: dict[str, Any] | None = None,
            error: str = "") -> None:
    db.session.rollback()  # whatever the failed service left behind
    with unit_of_work() as session:
        job = session.get(Job, job_id)
        if (job.worker, job.attempts) != claim_of or job.status != JobStatus.RUNNING:
            log.warning("job %s: claim %s lost to %s; result not stored", job_id, claim_of, job.worker)
            return
        job.status = status
        job.finished_at = utc_now()
        job.lease_until = None
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
