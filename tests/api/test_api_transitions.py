"""Transitions through the API: what may be fired (with reasons), firing, and every refusal's status."""

from __future__ import annotations

from enforcement.extensions import db
from enforcement.models import CaseEvent, Document
from tests.api.conftest import demand, open_case, reload


def _by_trigger(response) -> dict[str, dict]:
    assert response.status_code == 200, response.get_json()
    return {item["trigger"]: item for item in response.get_json()["items"]}


def test_transitions_list_every_trigger_of_the_state_with_reasons_and_fields(api, world):
    case = open_case(world.office, assignee=world.inspector)
    items = _by_trigger(api.as_(world.inspector).get(f"/cases/{case.id}/transitions"))
    demand_item = items["send_demand"]
    assert demand_item["allowed"] is True
    assert demand_item["to_state"] == "demand_sent"
    assert {f["name"] for f in demand_item["fields"]} == {"issue_date", "pay_by", "signer_id"}
    assert items["settle"]["allowed"] is False
    assert "còn nợ gốc" in items["settle"]["reasons"][0]
    assert items["dismiss"]["forbidden"] is True


def test_an_inspector_not_assigned_sees_the_reason(api, world):
    case = open_case(world.office)
    items = _by_trigger(api.as_(world.inspector).get(f"/cases/{case.id}/transitions"))
    assert items["send_demand"]["allowed"] is False
    assert "được phân công" in items["send_demand"]["reasons"][0]


def test_send_demand_moves_the_case_and_returns_the_new_document(api, world):
    case = open_case(world.office, assignee=world.inspector)
    version = case.version
    response = api.as_(world.inspector).post(
        f"/cases/{case.id}/transitions/send_demand", json={"version": version, **demand(world.signer)}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["case"]["state"] == "demand_sent"
    assert body["case"]["version"] > version
    [document] = body["documents"]
    assert document["kind"] == "demand_notice"
    assert document["number_text"].startswith("01/")
    assert document["url"] == f"/api/v1/documents/{document['id']}.pdf"
    assert body["event"]["trigger"] == "send_demand"
    assert body["event"]["to_state"] == "demand_sent"
    stored = reload(case)
    assert stored.state.value == "demand_sent"
    assert db.session.get(Document, document["id"]).case_id == case.id


def test_a_stale_version_is_409_with_the_current_version(api, world):
    case = open_case(world.office, assignee=world.inspector)
    response = api.as_(world.inspector).post(
        f"/cases/{case.id}/transitions/send_demand", json={"version": case.version + 5, **demand(world.signer)}
    )
    assert response.status_code == 409
    body = response.get_json()
    assert body["error"] == "StaleCase"
    assert body["current_version"] == case.version
    assert reload(case).state.value == "detected"


def test_a_failed_guard_is_422_with_its_reasons(api, world):
    case = open_case(world.office, assignee=world.inspector)
    response = api.as_(world.supervisor).post(f"/cases/{case.id}/transitions/settle", json={"version": case.version})
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "GuardRejected"
    assert any("còn nợ gốc" in reason for reason in body["reasons"])
    assert reload(case).state.value == "detected"


def test_invalid_fields_are_422_with_errors_per_field(api, world):
    case = open_case(world.office, assignee=world.inspector)
    response = api.as_(world.inspector).post(
        f"/cases/{case.id}/transitions/send_demand",
        json={"version": case.version, "issue_date": "31/02/2026", "signer_id": world.signer.id},
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "ValidationFailed"
    assert set(body["errors"]) == {"issue_date", "pay_by"}


def test_a_role_that_may_not_fire_the_trigger_is_403(api, world):
    case = open_case(world.office, assignee=world.inspector)
    response = api.as_(world.legal).post(
        f"/cases/{case.id}/transitions/send_demand", json={"version": case.version, **demand(world.signer)}
    )
    assert response.status_code == 403
    assert response.get_json()["error"] == "Forbidden"
    assert db.session.scalar(db.select(db.func.count()).where(CaseEvent.case_id == case.id)) == 0


def test_an_inspector_acts_only_on_assigned_cases(api, world):
    case = open_case(world.office)
    response = api.as_(world.inspector).post(
        f"/cases/{case.id}/transitions/send_demand", json={"version": case.version, **demand(world.signer)}
    )
    assert response.status_code == 403


def test_admins_cannot_fire_at_all(api, world):
    case = open_case(world.office)
    response = api.as_(world.admin).post(f"/cases/{case.id}/transitions/dismiss", json={"version": case.version})
    assert response.status_code == 403


def test_a_trigger_that_does_not_exist_is_404(api, world):
    case = open_case(world.office)
    response = api.as_(world.supervisor).post(f"/cases/{case.id}/transitions/teleport", json={"version": 1})
    assert response.status_code == 404
    assert "teleport" in response.get_json()["message"]


def test_a_trigger_of_another_state_is_422(api, world):
    case = open_case(world.office, assignee=world.inspector)
    body = {"version": case.version, "date": "2026-01-05", "place": "Trụ sở đơn vị", "present": ["Giám đốc"]}
    response = api.as_(world.inspector).post(f"/cases/{case.id}/transitions/open_inspection", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"] == "GuardRejected"


def test_a_body_the_document_forbids_is_refused_before_the_guards_naming_each_field(api, world):
    """The OpenAPI document's FireRequest_<trigger> is checked first (enforcement/api/validation.py)."""
    case = open_case(world.office, assignee=world.inspector)
    response = api.as_(world.inspector).post(
        f"/cases/{case.id}/transitions/open_inspection", json={"version": case.version, "colour": "red"}
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "ValidationFailed"
    assert set(body["errors"]) == {"date", "place", "present", "colour"}


def test_version_is_required_and_must_be_a_number(api, world):
    case = open_case(world.office, assignee=world.inspector)
    client = api.as_(world.inspector)
    for body in ({**demand(world.signer)}, {"version": "abc", **demand(world.signer)}):
        response = client.post(f"/cases/{case.id}/transitions/send_demand", json=body)
        assert response.status_code == 422
        assert "version" in response.get_json()["errors"]


def test_a_body_that_is_not_a_json_object_is_422(api, world):
    case = open_case(world.office, assignee=world.inspector)
    client = api.as_(world.inspector)
    for kwargs in ({"data": "version=1"}, {"json": [1, 2]}):
        response = client.post(f"/cases/{case.id}/transitions/send_demand", **kwargs)
        assert response.status_code == 422


def test_firing_on_a_case_of_another_office_is_404(api, world, other):
    theirs = open_case(other.office)
    response = api.as_(world.supervisor).post(
        f"/cases/{theirs.id}/transitions/dismiss", json={"version": theirs.version, "reason": "Thử"}
    )
    assert response.status_code == 404
    assert reload(theirs).state.value == "detected"


def test_a_supervisor_dismisses_a_case(api, world):
    case = open_case(world.office)
    response = api.as_(world.supervisor).post(
        f"/cases/{case.id}/transitions/dismiss", json={"version": case.version, "reason": "Đơn vị đã giải thể."}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["case"]["state"] == "closed"
    assert body["case"]["outcome"] == "dismissed"
    assert body["documents"] == []


def test_the_event_of_a_transition_carries_its_input_with_iso_dates(api, world):
    case = open_case(world.office, assignee=world.inspector)
    fields = demand(world.signer)
    body = api.as_(world.inspector).post(
        f"/cases/{case.id}/transitions/send_demand", json={"version": case.version, **fields}
    ).get_json()
    assert body["event"]["details"]["input"]["issue_date"] == fields["issue_date"]
    timeline = api.as_(world.inspector).get(f"/cases/{case.id}/timeline").get_json()["items"]
    assert timeline[-1]["details"]["input"]["pay_by"] == fields["pay_by"]
