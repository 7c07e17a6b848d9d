"""A worker process killed (SIGKILL) in the middle of an import job: the job is taken again and finishes once.

A real child process runs the worker loop of ``flask worker`` (``jobs.work``)
on the suite's database (SQLite file or PostgreSQL) and is killed either
inside the import's transaction (after its first rows were sent) or after the
import committed but before the job was marked done.  The job stays
``running``; once its lease (2 s here) expires, a second real ``flask worker
--once`` process takes it again (attempt 2) and finishes it.  In both cases the
ledger holds every row of the file exactly once, there is one accepted import
batch of the file, the job is done once and a third worker finds nothing to do.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from enforcement.db import utc_now
from enforcement.extensions import db
from enforcement.models import BatchStatus, Employer, ImportBatch, Job, JobStatus, LedgerRow, Office
from enforcement.services import jobs

ROOT = Path(__file__).resolve().parents[2]
EMPLOYERS, MONTHS = 400, 12
LEASE = 2

HEADER = "ma_don_vi,ma_so_thue,ten_don_vi,ky,phai_dong,da_dong,so_lao_dong"


def _tax(n: int) -> str:
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    base = 300_000_000 + n * 17
    while True:
        digits = f"{base:09d}"[-9:]
        r = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if r != 0:
            return digits + str(10 - r)
        base += 1


def _ledger() -> bytes:
    lines = [HEADER]
    for e in range(EMPLOYERS):
        for m in range(MONTHS):
            lines.append(f"JK{e:05d},{_tax(e)},Công ty Việc {e},2025-{m + 1:02d},1000000,500000,10")
    return ("\n".join(lines) + "\n").encode()


# The worker loop of `flask worker`, with a hook that reports (and, in "hold", waits) at the chosen moment.
CHILD = textwrap.dedent(
    """
    import os, sys, threading, time
    from enforcement import create_app
    from enforcement.services import jobs, ledger_import

    mode = sys.argv[1]
    app = create_app("testing")
    if mode == "inside":  # killed inside the import transaction, rows sent but not committed
        real = ledger_import._executemany
        def reporting(statement, rows):
            real(statement, rows)
            if "ledger_rows" in statement:
                print("written", len(rows), flush=True)
                time.sleep(120)
        ledger_import._executemany = reporting
    else:  # "committed": killed after the import committed, before the job is marked done
        real_finish = jobs._finish
        def finish(job_id, claim_of, status, **kw):
            print("committed", status, flush=True)
            time.sleep(120)
        jobs._finish = finish
    print("worker", jobs.worker_name(), flush=True)
    jobs.work(app, threading.Event(), poll=0.1)
    """
)


def _env(app) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FLASK_APP": "wsgi.py",
        "ENFORCEMENT_ENV": "testing",
        "TEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "JOB_LEASE_SECONDS": str(LEASE),
    }


@pytest.fixture
def office_id(app):
    with app.app_context():
        office = Office(code="JOBKILL", name="BHXH thử việc", province="Hà Nội", place_name="Hà Nội")
        db.session.add(office)
        db.session.commit()
        oid = office.id
        db.session.remove()
    yield oid
    with app.app_context():
        for model in (LedgerRow, Employer, ImportBatch, Job):
            db.session.execute(sa.delete(model).where(model.office_id == oid))
        db.session.execute(sa.delete(Office).where(Office.id == oid))
        db.session.commit()
        db.session.remove()


def _kill_at(child: subprocess.Popen, marker: str) -> list[str]:
    seen = []
    assert child.stdout is not None
    deadline = time.monotonic() + 120
    for line in child.stdout:
        seen.append(line.strip())
        if line.startswith(marker) or time.monotonic() > deadline:
            child.send_signal(signal.SIGKILL)
            break
    rest, err = child.communicate(timeout=60)
    return [*seen, *rest.splitlines(), *err.splitlines()[-5:]]


@pytest.mark.parametrize(("mode", "marker"), [("inside", "written"), ("committed", "committed")])
def test_a_worker_killed_mid_import_the_job_is_taken_again_and_done_once(app, office_id, mode, marker):
    payload = _ledger()
    with app.test_request_context():
        job_id = jobs.enqueue(jobs.IMPORT_LEDGER, db.session.get(Office, office_id), None,
                              {"file_name": "jobkill.csv"}, payload).id
        db.session.remove()

    first = subprocess.Popen([sys.executable, "-c", CHILD, mode], cwd=ROOT, env=_env(app),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = _kill_at(first, marker)
    assert first.returncode == -signal.SIGKILL and any(s.startswith(marker) for s in seen), seen

    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.status == JobStatus.RUNNING and job.attempts == 1 and str(first.pid) in job.worker
        count = sa.select(sa.func.count()).select_from(LedgerRow).where(LedgerRow.office_id == office_id)
        assert db.session.scalar(count) == (0 if mode == "inside" else EMPLOYERS * MONTHS)  # all or nothing
        wait = (job.lease_until - utc_now()).total_seconds()
        db.session.remove()
    time.sleep(max(0.0, wait) + 0.5)  # the dead worker's lease runs out

    second = subprocess.run([sys.executable, "-m", "flask", "worker", "--once"], cwd=ROOT, env=_env(app),
                            capture_output=True, text=True, timeout=300)
    assert second.returncode == 0 and "Đã chạy 1 công việc" in second.stdout, second.stderr[-3000:]

    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.status == JobStatus.DONE and job.attempts == 2 and job.error == ""
        assert job.result["rows_total"] == EMPLOYERS * MONTHS
        assert bool(job.result.get("from_earlier_attempt")) == (mode == "committed")
        assert db.session.scalar(count) == EMPLOYERS * MONTHS
        distinct = db.session.scalar(
            sa.select(sa.func.count()).select_from(
                sa.select(LedgerRow.employer_id, LedgerRow.period).where(LedgerRow.office_id == office_id)
                .distinct().subquery()
            )
        )
        assert distinct == EMPLOYERS * MONTHS  # no (employer, month) written twice
        assert db.session.scalar(
            sa.select(sa.func.count()).select_from(Employer).where(Employer.office_id == office_id)
        ) == EMPLOYERS
        batches = db.session.execute(
            sa.select(ImportBatch.status).where(ImportBatch.office_id == office_id,
                                                ImportBatch.sha256 == hashlib.sha256(payload).hexdigest())
        ).scalars().all()
        assert batches == [BatchStatus.ACCEPTED]  # imported once, no duplicate record either
        db.session.remove()

    third = subprocess.run([sys.executable, "-m", "flask", "worker", "--once"], cwd=ROOT, env=_env(app),
                           capture_output=True, text=True, timeout=120)
    assert third.returncode == 0 and "Đã chạy 0 công việc" in third.stdout, third.stderr[-3000:]
