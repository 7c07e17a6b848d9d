"""Assignment through the API: supervisors assign one case or many; every refusal has its status."""

from __future__ import annotations

import pytest

from enforcement.extensions import db
from enforcement.models import CaseEvent, EventAction, Role
from enforcement.workflow import CaseState
from tests.api.conftest import open_case, reload
from tests.factories import UserFactory


def _assignment_events(case_id: int) -> list[CaseEvent]:
    query = db.select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.action == EventAction.ASSIGNMENT)
    return list(db.session.scalars(query))


def test_a_supervisor_assigns_a_case_and_the_timeline_records_it(api, world):
    case = open_case(world.office)
    response = api.as_(world.supervisor).post(f"/cases/{case.id}/assignment", json={"assignee_id": world.inspector.id})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["assignee"]["id"] == world.inspector.id
    assert reload(case).assignee_id == world.inspector.id
    assert len(_assignment_events(case.id)) == 1


def test_null_unassigns_a_case(api, world):
    case = open_case(world.office, assignee=world.inspector)
    response = api.as_(world.supervisor).post(f"/cases/{case.id}/assignment", json={"assignee_id": None})
    assert response.status_code == 200
    assert response.get_json()["assignee"] is None


def test_bulk_assignment_assigns_every_case_once(api, world):
    cases = [open_case(world.office) for _ in range(3)]
    already = open_case(world.office, assignee=world.inspector)
    ids = [c.id for c in cases] + [already.id]
    response = api.as_(world.supervisor).post("/assignments", json={"case_ids": ids, "assignee_id": world.inspector.id})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["changed"] == 3
    assert sorted(item["id"] for item in body["items"]) == sorted(c.id for c in cases)
    assert all(reload(c).assignee_id == world.inspector.id for c in cases)
    assert _assignment_events(already.id) == []


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.LEGAL, Role.ADMIN])
def test_only_supervisors_assign(api, world, role):
    case = open_case(world.office)
    client = api.as_(world.user(role))
    assert client.post(f"/cases/{case.id}/assignment", json={"assignee_id": world.inspector.id}).status_code == 403
    assert client.post("/assignments", json={"case_ids": [case.id], "assignee_id": None}).status_code == 403
    assert reload(case).assignee_id is None


def test_the_assignee_must_be_an_active_inspector_of_the_office(api, world, other):
    case = open_case(world.office)
    client = api.as_(world.supervisor)
    for assignee in (other.inspector, world.legal, UserFactory(office=world.office, role=Role.INSPECTOR, active=False)):
        response = client.post(f"/cases/{case.id}/assignment", json={"assignee_id": assignee.id})
        assert response.status_code == 422
        assert "assignee_id" in response.get_json()["errors"]


def test_a_case_of_another_office_is_404_and_nothing_is_assigned(api, world, other):
    mine = open_case(world.office)
    theirs = open_case(other.office)
    client = api.as_(world.supervisor)
    assert client.post(f"/cases/{theirs.id}/assignment", json={"assignee_id": world.inspector.id}).status_code == 404
    response = client.post("/assignments", json={"case_ids": [mine.id, theirs.id], "assignee_id": world.inspector.id})
    assert response.status_code == 404
    assert reload(mine).assignee_id is None


def test_a_closed_case_is_not_reassigned(api, world):
    case = open_case(world.office, state=CaseState.SETTLED, principal=0)
    response = api.as_(world.supervisor).post(f"/cases/{case.id}/assignment", json={"assignee_id": world.inspector.id})
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/assignments", {"assignee_id": 1}, "case_ids"),
        ("/assignments", {"case_ids": [], "assignee_id": 1}, "case_ids"),
        ("/assignments", {"case_ids": ["x"], "assignee_id": 1}, "case_ids[0]"),
        ("/assignments", {"case_ids": [1]}, "assignee_id"),
        ("/cases/1/assignment", {}, "assignee_id"),
        ("/cases/1/assignment", {"assignee_id": "an"}, "assignee_id"),
    ],
)
def test_malformed_assignment_bodies_are_422(api, world, path, body, field):
    response = api.as_(world.supervisor).post(path, json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
