"""Issue 12 item 2: who may withdraw an evidence item, through the API and the case page.

The uploader or a supervisor of the case's office withdraws, with a reason;
another inspector or legal staff gets 403 (an admin, who does not act on cases, too), another office 404 (nothing
learnt about it), the page refuses a POST without its CSRF token, and nothing
is ever deleted: the item stays listed, marked withdrawn.
"""

from __future__ import annotations

import io

import pytest

from enforcement.extensions import db
from enforcement.models import CaseEvent, Evidence, EvidenceWithdrawal, Role
from enforcement.services import evidence
from tests import evidence_files as files
from tests.api.conftest import open_case
from tests.conftest import Auth, csrf_from
from tests.factories import UserFactory


def _uploaded(app, world):
    case = open_case(world.office, world.inspector)
    with app.app_context():
        item = evidence.upload(case.id, files.pdf(), "bang-luong.pdf", "payroll", "Bảng lương", world.inspector,
                               copy_form="original")
    return case, item


def _withdrawals() -> int:
    return db.session.scalar(db.select(db.func.count(EvidenceWithdrawal.id)))


@pytest.mark.parametrize("role", ["uploader", Role.SUPERVISOR])
def test_the_uploader_or_a_supervisor_withdraws(app, api, world, role):
    case, item = _uploaded(app, world)
    actor = world.inspector if role == "uploader" else world.user(role)
    response = api.as_(actor).post(f"/cases/{case.id}/evidence/{item.id}/withdrawal",
                                   json={"reason": "Tải nhầm tệp"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["withdrawn"] is True and body["withdrawal"]["reason"] == "Tải nhầm tệp"
    assert body["withdrawal"]["by"]["id"] == actor.id
    listed = api.as_(world.legal).get(f"/cases/{case.id}/evidence").get_json()["items"]
    assert [(i["id"], i["withdrawn"]) for i in listed] == [(item.id, True)]
    assert db.session.get(Evidence, item.id).sha256 == item.sha256  # the row is kept


@pytest.mark.parametrize("who", ["another inspector", "legal", "admin"])
def test_anyone_else_of_the_office_gets_403_and_nothing_changes(app, api, world, who):
    case, item = _uploaded(app, world)
    actor = {"another inspector": UserFactory(office=world.office, role=Role.INSPECTOR), "legal": world.legal,
             "admin": world.admin}[who]
    response = api.as_(actor).post(f"/cases/{case.id}/evidence/{item.id}/withdrawal", json={"reason": "x"})
    assert response.status_code == 403
    if who != "admin":  # the admin is refused by the permission itself (no case actions at all)
        assert "người đã tải tài liệu lên hoặc lãnh đạo" in response.get_json()["message"]
    assert _withdrawals() == 0


def test_another_office_gets_404_for_the_case_and_for_the_item(app, api, world, other):
    case, item = _uploaded(app, world)
    response = api.as_(other.supervisor).post(f"/cases/{case.id}/evidence/{item.id}/withdrawal",
                                              json={"reason": "x"})
    assert response.status_code == 404
    own_case = open_case(other.office, other.inspector)  # their own case, our item: still not found
    response = api.as_(other.supervisor).post(f"/cases/{own_case.id}/evidence/{item.id}/withdrawal",
                                              json={"reason": "x"})
    assert response.status_code == 404
    assert api.as_(other.supervisor).get(f"/cases/{case.id}/evidence").status_code == 404
    assert _withdrawals() == 0


def test_an_item_of_another_case_of_the_office_is_not_found_under_this_case(app, api, world):
    _case, item = _uploaded(app, world)
    elsewhere = open_case(world.office, world.inspector)
    response = api.as_(world.supervisor).post(f"/cases/{elsewhere.id}/evidence/{item.id}/withdrawal",
                                              json={"reason": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501, None, 5])
def test_a_reason_is_required_and_named(app, api, world, reason):
    case, item = _uploaded(app, world)
    response = api.as_(world.supervisor).post(f"/cases/{case.id}/evidence/{item.id}/withdrawal",
                                              json={"reason": reason})
    assert response.status_code == 422 and "reason" in response.get_json()["errors"]
    assert _withdrawals() == 0


def test_an_item_is_withdrawn_once(app, api, world):
    case, item = _uploaded(app, world)
    client = api.as_(world.supervisor)
    assert client.post(f"/cases/{case.id}/evidence/{item.id}/withdrawal", json={"reason": "a"}).status_code == 200
    again = client.post(f"/cases/{case.id}/evidence/{item.id}/withdrawal", json={"reason": "b"})
    assert again.status_code == 422 and "đã được rút trước đó" in again.get_json()["errors"]["evidence"][0]
    assert _withdrawals() == 1


def test_the_api_upload_then_list(app, api, world):
    case = open_case(world.office, world.inspector)
    client = api.as_(world.inspector)
    response = client.post(f"/cases/{case.id}/evidence", content_type="multipart/form-data", data={
        "file": (io.BytesIO(files.docx()), "bien-ban-giao.docx"), "category": "service_proof",
        "copy_form": "electronic_conversion", "description": "Biên bản giao quyết định"})
    assert response.status_code == 200
    item = response.get_json()
    assert item["mime"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert item["category"] == "service_proof" and item["withdrawn"] is False
    missing = client.post(f"/cases/{case.id}/evidence", content_type="multipart/form-data",
                          data={"category": "payroll", "copy_form": "original"})
    assert missing.status_code == 422 and "file" in missing.get_json()["errors"]
    listed = client.get(f"/cases/{case.id}/evidence").get_json()
    assert [i["file_name"] for i in listed["items"]] == ["bien-ban-giao.docx"]


# --------------------------------------------------------------------------- the case page


def _page(client, case_id: int) -> str:
    return client.get(f"/cases/{case_id}").get_data(as_text=True)


def test_the_page_offers_withdrawal_to_the_uploader_and_refuses_a_post_without_csrf(app, client, world):
    case, item = _uploaded(app, world)
    assert Auth(client).login(world.inspector.username).status_code == 302
    page = _page(client, case.id)
    action = f"/cases/{case.id}/evidence/{item.id}/withdraw"
    assert action in page
    forged = client.post(action, data={"reason": "giả mạo"})
    assert forged.status_code in (302, 400) and _withdrawals() == 0
    done = client.post(action, data={"csrf_token": csrf_from(page), "reason": "Tải nhầm"}, follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "Đã rút tài liệu “bang-luong.pdf”" in text and "Đã rút ngày" in text and "Tải nhầm" in text
    assert action not in text  # no second withdrawal offered
    assert _withdrawals() == 1
    event = db.session.scalars(db.select(CaseEvent).where(CaseEvent.case_id == case.id)
                               .order_by(CaseEvent.seq.desc())).first()
    assert event.details["withdrawn"] is True and event.actor_id == world.inspector.id


def test_the_page_does_not_offer_it_to_another_inspector_who_is_refused_anyway(app, client, world):
    case, item = _uploaded(app, world)
    stranger = UserFactory(office=world.office, role=Role.INSPECTOR)
    assert Auth(client).login(stranger.username).status_code == 302
    page = _page(client, case.id)
    action = f"/cases/{case.id}/evidence/{item.id}/withdraw"
    assert action not in page
    refused = client.post(action, data={"csrf_token": csrf_from(page), "reason": "x"}, follow_redirects=True)
    assert "Chỉ người đã tải tài liệu lên hoặc lãnh đạo phòng được rút tài liệu" in refused.get_data(as_text=True)
    assert _withdrawals() == 0
