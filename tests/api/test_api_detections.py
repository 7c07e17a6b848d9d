"""Detection runs through the API: counts on the shared sample, idempotency, refusals."""

from __future__ import annotations

import json

import pytest

from enforcement.extensions import db
from enforcement.models import Case, Role
from tests.api.conftest import overdue_employer
from tests.shared_data import INTEREST_REVISED, SHARED_DATA

DATA = SHARED_DATA


def test_detection_opens_the_expected_cases_and_a_second_run_changes_nothing(api, world):
    expected = json.loads((INTEREST_REVISED / "expected_small.json").read_text())
    client = api.as_(world.supervisor)
    upload = client.post("/imports?file_name=ledger_small.csv", data=(DATA / "ledger_small.csv").read_bytes())
    assert upload.status_code == 200
    first = client.post("/detections", json={"as_of": expected["as_of"]})
    assert first.status_code == 200, first.get_json()
    opened = sum(1 for e in expected["employers"].values() if e["case_expected"])
    assert first.get_json()["opened"] == opened
    assert first.get_json()["as_of"] == expected["as_of"]
    second = client.post("/detections", json={"as_of": expected["as_of"]}).get_json()
    assert (second["opened"], second["updated"], second["settled"], second["unchanged"]) == (0, 0, 0, opened)


def test_detection_defaults_to_today(api, world):
    overdue_employer(world.office)
    response = api.as_(world.supervisor).post("/detections")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["opened"] == 1
    assert db.session.scalar(db.select(db.func.count()).where(Case.office_id == world.office.id)) == 1


def test_detection_touches_only_the_callers_office(api, world, other):
    overdue_employer(other.office)
    assert api.as_(world.supervisor).post("/detections", json={}).get_json()["opened"] == 0


@pytest.mark.parametrize("as_of", ["2026-13-01", "hôm nay", 20260101])
def test_a_malformed_date_is_422(api, world, as_of):
    response = api.as_(world.supervisor).post("/detections", json={"as_of": as_of})
    assert response.status_code == 422
    assert "as_of" in response.get_json()["errors"]


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.LEGAL, Role.ADMIN])
def test_only_supervisors_run_detection(api, world, role):
    overdue_employer(world.office)
    assert api.as_(world.user(role)).post("/detections", json={}).status_code == 403
    assert db.session.scalar(db.select(db.func.count()).where(Case.office_id == world.office.id)) == 0
