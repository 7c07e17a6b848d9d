"""Background jobs: enqueue, atomic claim (never twice), run with progress, result or error."""

from __future__ import annotations

import threading

import pytest

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


def test_progress_is_kept_in_memory_and_written_when_the_database_allows(ctx):
    office = OfficeFactory()
    job = jobs.enqueue(jobs.DETECT, office, None)
    jobs.claim("w")
    jobs._Progress(job.id)(42, "Đang chạy")
    db.session.refresh(job)
    assert jobs.state_of(job).progress == 42  # from this process's memory when the write was refused
    jobs._LIVE.clear()


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
    client = app.test_client()
    client.get("/login")
    client.get("/login")
    stop.set()
    assert len(started) == 1  # once per process, not once per request
