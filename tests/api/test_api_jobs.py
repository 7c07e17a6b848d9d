"""Long work never inside an API request: large imports and large detections are background jobs (202).

``POST /imports`` above ``API_SYNC_IMPORT_BYTES`` and ``POST /detections`` for an office
above ``API_SYNC_DETECTION_EMPLOYERS`` employers (or with ``"background": true``) answer
``202 Accepted`` with the job's URL in ``Location``; ``GET /jobs/<id>`` follows it to the
result.  Smaller ones stay synchronous (200).  Every answer is checked against OpenAPI.
"""

from __future__ import annotations

import pytest

from enforcement.extensions import db
from enforcement.models import Job, JobStatus, LedgerRow
from enforcement.services import jobs
from tests.api.conftest import overdue_employer
from tests.shared_data import SHARED_DATA

SMALL = (SHARED_DATA / "ledger_small.csv").read_bytes()


@pytest.fixture
def limits(app):
    saved = {k: app.config[k] for k in ("API_SYNC_IMPORT_BYTES", "API_SYNC_DETECTION_EMPLOYERS")}
    yield app.config
    app.config.update(saved)


def _run_queued(app) -> None:
    with app.test_request_context():
        while jobs.work_once("api-test") is not None:
            pass


def test_an_import_above_the_size_limit_is_a_job_followed_to_its_result(app, api, world, limits):
    limits["API_SYNC_IMPORT_BYTES"] = len(SMALL) - 1  # boundary: one byte over
    client = api.as_(world.inspector)
    response = client.post("/imports?file_name=ledger_small.csv", data=SMALL)
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert body["status"] == "queued" and body["kind"] == "import_ledger" and not body["finished"]
    assert response.headers["Location"] == body["url"] == f"/api/v1/jobs/{body['id']}"
    assert db.session.scalar(db.select(db.func.count()).select_from(LedgerRow)
                             .where(LedgerRow.office_id == world.office.id)) == 0  # nothing inside the request
    _run_queued(app)
    done = client.get(f"/jobs/{body['id']}")
    assert done.status_code == 200 and done.headers["Cache-Control"] == "no-store"
    state = done.get_json()
    assert state["status"] == "done" and state["finished"] and state["progress"] == 100
    assert state["result"]["status"] == "accepted" and state["result"]["rows_inserted"] == 432


def test_an_import_at_the_size_limit_stays_synchronous(api, world, limits):
    limits["API_SYNC_IMPORT_BYTES"] = len(SMALL)
    response = api.as_(world.inspector).post("/imports?file_name=ledger_small.csv", data=SMALL)
    assert response.status_code == 200 and response.get_json()["rows_inserted"] == 432
    assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 0


def test_a_rejected_file_in_a_job_fails_with_its_rows(app, api, world, limits):
    limits["API_SYNC_IMPORT_BYTES"] = 10
    client = api.as_(world.inspector)
    bad = b"ma_don_vi,ma_so_thue,ten_don_vi,ky,phai_dong,da_dong,so_lao_dong\nX1,123,A,2026-13,1,1,1\n"
    job_id = client.post("/imports?file_name=bad.csv", data=bad).get_json()["id"]
    _run_queued(app)
    state = client.get(f"/jobs/{job_id}").get_json()
    assert state["status"] in ("done", "failed")
    assert state["result"]["status"] == "rejected" and state["result"]["errors"]


def test_a_large_office_is_detected_by_a_job(app, api, world, limits):
    overdue_employer(world.office)
    limits["API_SYNC_DETECTION_EMPLOYERS"] = 0  # one employer is above the limit
    client = api.as_(world.supervisor)
    response = client.post("/detections", json={"as_of": "2026-11-25"})
    assert response.status_code == 202, response.get_json()
    job = db.session.get(Job, response.get_json()["id"])
    assert job.kind == jobs.DETECT and job.params["as_of"] == "2026-11-25" and job.status == JobStatus.QUEUED
    _run_queued(app)
    state = client.get(response.headers["Location"].removeprefix("/api/v1")).get_json()
    assert state["status"] == "done" and state["result"]["opened"] == 1 and state["result"]["as_of"] == "2026-11-25"


def test_a_small_office_is_detected_in_the_request_unless_background_is_asked(api, world, limits):
    overdue_employer(world.office)
    limits["API_SYNC_DETECTION_EMPLOYERS"] = 1  # one employer: at the limit, synchronous
    client = api.as_(world.supervisor)
    assert client.post("/detections", json={"background": True}).status_code == 202
    assert client.post("/detections", json={}).status_code == 200


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_background_must_be_a_boolean(api, world, value):
    response = api.as_(world.supervisor).post("/detections", json={"background": value})
    assert response.status_code == 422 and "background" in response.get_json()["errors"]


def test_a_job_of_another_office_is_404(api, world, other, limits):
    limits["API_SYNC_IMPORT_BYTES"] = 10
    job_id = api.as_(world.inspector).post("/imports?file_name=ledger_small.csv", data=SMALL).get_json()["id"]
    assert api.as_(other.inspector).get(f"/jobs/{job_id}").status_code == 404
    assert api.as_(world.inspector).get(f"/jobs/{job_id + 1000}").status_code == 404
