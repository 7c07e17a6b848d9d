"""Background jobs: enqueue, atomic claim (never twice), run with progress, result or error."""

from __future__ import annotations

import socket
import subprocess
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from enforcement.db import utc_now
from enforcement.extensions import db
from enforcement.models import Job, JobStatus, Office
from enforcement.services import jobs
from tests.factories import OfficeFactory, UserFactory


def test_a_queued_job_is_claimed_once(ctx):
    office = OfficeFactory()
    job = jobs.enqueue(jobs.DETECT, office, None, {"as_of": "2026-01-31"})
    assert job.status == JobStatus.QUEUED
    first = jobs.claim("worker-a")
    second = jobs.claim("worker-b")
    assert first == job.id and second is None
    db.session.refresh(job)
    assert job.status == JobStatus.RUNNING and job.worker == "worker-a" and job.started_at is not None


def test_jobs_are_claimed_oldest_first(ctx):
    office = OfficeFactory()
    ids = [jobs.enqueue(jobs.DETECT, office, None).id for _ in range(3)]
    assert [jobs.claim("w") for _ in range(4)] == [*ids, None]


def test_an_unknown_kind_is_refused(ctx):
    from enforcement.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        jobs.enqueue("format_disk", OfficeFactory(), None)


def test_a_detection_job_runs_to_done_with_its_result(ctx):
    office = OfficeFactory()
    user = UserFactory(office=office, role="supervisor")
    job = jobs.enqueue(jobs.DETECT, office, user, {"as_of": "2026-06-30"})
    state = jobs.work_once("w")
    assert state.id == job.id and state.status == "done" and state.progress == 100 and state.finished
    assert state.result["as_of"] == "2026-06-30" and "message" in state.result
    assert jobs.work_once("w") is None


def test_a_failing_job_is_marked_failed_with_a_message(ctx):
    office = OfficeFactory()
    job = jobs.enqueue(jobs.IMPORT_LEDGER, office, None, {"file_name": "x.bin"}, b"\x00\x01\x02 not a ledger")
    state = jobs.work_once("w")
    assert state.id == job.id and state.status == "failed" and state.error
    db.session.refresh(job)
    assert job.finished_at is not None and job.status == JobStatus.FAILED


@pytest.fixture
def committed_office(app):
    """An office committed for real (progress and heartbeats write on their own connections), removed after."""
    with app.app_context():
        office = Office(code="JOBLEASE", name="Jobs", province="HN", place_name="HN")
        db.session.add(office)
        db.session.commit()
        office_id = office.id
        db.session.remove()
    yield office_id
    with app.app_context():
        db.session.execute(db.delete(Job).where(Job.office_id == office_id))
        db.session.execute(db.delete(Office).where(Office.id == office_id))
        db.session.commit()
        db.session.remove()


def test_progress_is_stored_in_the_database_not_in_process_memory(app, committed_office):
    with app.test_request_context():
        job_id = jobs.enqueue(jobs.DETECT, db.session.get(Office, committed_office), None).id
        assert jobs.claim("w") == job_id
        job = db.session.get(Job, job_id)
        before = job.lease_until
        jobs._Progress(job_id, job.worker, job.attempts)(42, "Đang chạy")
        db.session.rollback()  # a new read transaction (SQLite WAL reads a snapshot)
        job = db.session.get(Job, job_id)
        assert job.progress == 42 and jobs.state_of(job).progress == 42 and jobs.state_of(job).text == "Đang chạy"
        assert job.lease_until >= before  # a progress write renews the lease
        jobs._Progress(job_id, "someone-else", job.attempts)(60, "Không phải của tôi")
        db.session.rollback()  # a new read transaction (SQLite WAL reads a snapshot)
        assert db.session.get(Job, job_id).progress == 42  # only the claim's holder writes
        db.session.remove()
    assert not hasattr(jobs, "_LIVE")


def test_a_detection_job_without_a_date_is_fixed_to_the_day_it_was_queued(ctx):
    from enforcement import clock

    job = jobs.enqueue(jobs.DETECT, OfficeFactory(), None)
    assert job.params["as_of"] == clock.today().isoformat()  # a retry tomorrow detects as of the same date


def _expire(job: Job, worker: str = "elsewhere:1:1") -> None:
    """Make ``job`` look like its worker died: a foreign worker name, a lease in the past."""
    job.worker = worker
    job.lease_until = utc_now() - timedelta(seconds=1)
    db.session.commit()


def test_a_running_job_whose_lease_expired_is_claimed_again(ctx):
    office = OfficeFactory()
    job = jobs.enqueue(jobs.DETECT, office, None, {"as_of": "2026-06-30"})
    assert jobs.claim("w1") == job.id
    db.session.refresh(job)
    assert job.attempts == 1 and job.lease_until > utc_now()
    assert jobs.claim("w2") is None  # the lease holds
    _expire(job)
    assert jobs.claim("w2") == job.id
    db.session.refresh(job)
    assert job.worker == "w2" and job.attempts == 2 and job.status == JobStatus.RUNNING


def test_a_job_whose_worker_is_alive_on_this_machine_is_not_taken(ctx):
    """SQLite: a long import holds the write lock, its heartbeat cannot be written; the worker is alive."""
    job = jobs.enqueue(jobs.DETECT, OfficeFactory(), None)
    jobs.claim("w1")
    db.session.refresh(job)
    _expire(job, worker=jobs.worker_name())  # this very thread: alive
    assert jobs.claim("w2") is None
    _expire(job, worker=f"{socket.gethostname()}:{_dead_pid()}:1")
    assert jobs.claim("w2") == job.id


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("max_attempts", [1, 3])
def test_after_the_last_attempt_an_expired_job_fails_with_the_reason(app, ctx, max_attempts):
    app.config["JOB_MAX_ATTEMPTS"] = max_attempts
    try:
        job = jobs.enqueue(jobs.DETECT, OfficeFactory(), None)
        for attempt in range(1, max_attempts + 1):
            assert jobs.claim(f"w{attempt}") == job.id
            db.session.refresh(job)
            assert job.attempts == attempt
            _expire(job)
        assert jobs.claim("last") is None  # attempt max+1 is refused: the job fails
        db.session.refresh(job)
        assert job.status == JobStatus.FAILED and job.finished_at is not None
        assert f"dừng giữa chừng {max_attempts} lần" in job.error and "elsewhere:1:1" in job.error
    finally:
        app.config["JOB_MAX_ATTEMPTS"] = 3


def test_only_the_worker_holding_the_claim_finishes_the_job(ctx):
    office = OfficeFactory()
    job = jobs.enqueue(jobs.DETECT, office, None, {"as_of": "2026-06-30"})
    jobs.claim("w1")
    db.session.refresh(job)
    first_claim = (job.worker, job.attempts)
    _expire(job)
    jobs.claim("w2")
    jobs._finish(job.id, first_claim, JobStatus.DONE, result={"from": "w1"})  # w1 woke up late
    db.session.refresh(job)
    assert job.status == JobStatus.RUNNING and job.worker == "w2" and job.result == {}


def test_a_retried_detection_reports_the_run_an_earlier_attempt_committed(ctx):
    from enforcement.models import DetectionRun

    office = OfficeFactory()
    job = jobs.enqueue(jobs.DETECT, office, None, {"as_of": "2026-06-30"})
    first = jobs.work_once("w1")
    assert first.status == "done"
    count = sa.select(sa.func.count()).select_from(DetectionRun).where(DetectionRun.office_id == office.id)
    runs = db.session.scalar(count)
    # as if w1 had been killed after committing the run but before marking the job done
    db.session.refresh(job)
    job.status, job.result = JobStatus.RUNNING, {}
    _expire(job)
    again = jobs.work_once("w2")
    assert again.status == "done" and again.result["from_earlier_attempt"] is True
    assert again.result["run_id"] == first.result["run_id"]
    assert db.session.scalar(count) == runs  # no second run written


def test_the_worker_thread_runs_jobs_and_stops(app, db_session):
    """The loop that ``start_worker_thread`` runs: claims, runs, sleeps, stops on the event."""
    with app.app_context():
        office = OfficeFactory()
        jobs.enqueue(jobs.DETECT, office, None)
    stop = threading.Event()
    seen: list[jobs.JobState | None] = []
    real = jobs.work_once

    def once(worker=None):
        state = real(worker)
        seen.append(state)
        if state is None:
            stop.set()
        return state

    jobs_work_once, jobs.work_once = jobs.work_once, once
    try:
        jobs.work(app, stop, poll=0.01)  # in this thread: the test's session is not shared across threads
    finally:
        jobs.work_once = jobs_work_once
    assert seen[0] is not None and seen[0].status == "done" and seen[-1] is None


def _postgres(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


@pytest.mark.pg
def test_two_workers_never_claim_the_same_job_on_postgresql(app):
    """Two threads, two connections, FOR UPDATE SKIP LOCKED: every job is claimed exactly once."""
    if not _postgres(app):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL)")
    with app.app_context():
        office = Office(code="JOBTEST", name="Jobs", province="HN", place_name="HN")
        db.session.add(office)
        db.session.commit()
        office_id = office.id
        for _ in range(200):
            db.session.add(Job(office_id=office_id, kind=jobs.DETECT, params={}))
        db.session.commit()
        db.session.remove()
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    barrier = threading.Barrier(2)

    def worker(name: str) -> None:
        with app.app_context():
            barrier.wait()
            while (job_id := jobs.claim(name)) is not None:
                claimed[name].append(job_id)
            db.session.remove()

    threads = [threading.Thread(target=worker, args=(n,)) for n in claimed]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        every = claimed["a"] + claimed["b"]
        assert len(every) == 200 and len(set(every)) == 200
        assert claimed["a"] and claimed["b"]  # both really worked
    finally:
        with app.app_context():
            db.session.execute(db.delete(Job).where(Job.office_id == office_id))
            db.session.execute(db.delete(Office).where(Office.id == office_id))
            db.session.commit()



def test_worker_once_runs_queued_jobs(app, runner, db_session):
    with app.app_context():
        job = jobs.enqueue(jobs.DETECT, OfficeFactory(), None, {"as_of": "2026-01-31"})
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Đã chạy 1 công việc" in result.output
    db_session.refresh(job)
    assert job.status == JobStatus.DONE


def test_init_app_starts_one_worker_thread_on_the_first_request(tmp_path, monkeypatch):
    from enforcement import create_app

    started = []
    stop = threading.Event()

    def fake_start(app, **kwargs):
        thread = threading.Thread(target=stop.wait, args=(5,), daemon=True)
        thread.start()
        started.append(thread)
        return thread, stop

    monkeypatch.setattr(jobs, "start_worker_thread", fake_start)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'w.db'}", "RUN_WORKER_THREAD": True,
                      "TESTING": True})
    assert started == []  # create_app installs the hook; nothing runs at start-up (CLI commands never start it)
    with app.app_context():
        db.create_all()  # the login page keeps its CSRF token in the server-side session table
    client = app.test_client()
    client.get("/login")
    client.get("/login")
    stop.set()
    assert len(started) == 1  # once per process, not once per request
