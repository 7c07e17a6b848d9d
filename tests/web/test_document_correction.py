"""Correcting an issued document from the case page: reason, confirmation, a new number; both documents kept."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from enforcement.extensions import db
from enforcement.models import CaseEvent, Document, Role
from tests.conftest import csrf_from
from tests.factories import UserFactory
from tests.web.conftest import switch_user

REASON = "Sai tên người đại diện theo pháp luật của đơn vị"


@pytest.fixture
def walked(app, db_session):
    """An evading employer's case with demand notices really issued (each with its issuing event)."""
    from tests.builders import evading_world

    with app.test_request_context():
        return evading_world()


def _html(response) -> str:
    return response.get_data(as_text=True)


def _documents(case_id: int) -> list[Document]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Document).where(Document.case_id == case_id).order_by(Document.id)))


def _url(world, document: Document) -> str:
    return f"/cases/{world.case.id}/documents/{document.id}/correct"


def _case_page(client, world) -> str:
    return _html(client.get(f"/cases/{world.case.id}"))


@pytest.mark.parametrize("role", [Role.LEGAL, Role.SUPERVISOR])
def test_legal_staff_and_supervisors_see_the_action_on_each_current_document(client, auth, walked, role):
    switch_user(client, auth, walked.legal if role == Role.LEGAL else walked.supervisor)
    html = _case_page(client, walked)
    for document in _documents(walked.case.id):
        assert f'action="{_url(walked, document)}"' in html
    assert "Đính chính" in html


def test_an_inspector_is_not_offered_the_action_and_is_refused_with_a_message(client, auth, walked):
    switch_user(client, auth, walked.inspector)
    html = _case_page(client, walked)
    before = _documents(walked.case.id)
    old = before[0]
    assert "/correct" not in html
    response = client.post(_url(walked, old), data={"csrf_token": csrf_from(html), "reason": REASON,
                                                   "stage": "confirm"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#documents")
    assert "Chỉ cán bộ pháp chế hoặc lãnh đạo phòng" in _case_page(client, walked)
    assert _documents(walked.case.id) == before


def test_reason_then_a_confirmation_that_warns_then_a_new_number(client, auth, walked):
    switch_user(client, auth, walked.legal)
    token = csrf_from(_case_page(client, walked))
    before = _documents(walked.case.id)
    old = before[0]
    review = client.post(_url(walked, old), data={"csrf_token": token, "reason": REASON, "stage": "review"})
    html = _html(review)
    assert review.status_code == 200
    assert "Xác nhận đính chính văn bản" in html and REASON in html
    assert "pháp lý" in html and "được cấp số mới" in html and f"văn bản số {old.number_text}" in html
    assert "Cả hai văn bản đều được lưu giữ" in html and 'value="confirm"' in html
    assert _documents(walked.case.id) == before  # nothing issued before the confirmation

    edit = client.post(_url(walked, old), data={"csrf_token": token, "reason": REASON, "stage": "edit"})
    assert edit.status_code == 200 and "<textarea" in _html(edit) and REASON in _html(edit)
    assert 'value="confirm"' not in _html(edit)

    done = client.post(_url(walked, old), data={"csrf_token": token, "reason": REASON, "stage": "confirm"})
    assert done.status_code == 302 and done.headers["Location"].endswith("#documents")
    after = _documents(walked.case.id)
    new = after[-1]
    assert len(after) == len(before) + 1 and new.supersedes_id == old.id and new.kind == old.kind
    assert new.number_text and new.number_text != old.number_text
    page = _case_page(client, walked)
    assert f"văn bản số {new.number_text} thay thế văn bản số {old.number_text}" in page  # the flash
    assert f"<s>{old.number_text}</s>" in page
    assert f"đã được thay thế bởi văn bản {new.number_text}" in page
    assert f"thay thế văn bản {old.number_text}" in page
    assert f'action="{_url(walked, old)}"' not in page and f'action="{_url(walked, new)}"' in page
    download = client.get(f"/cases/{walked.case.id}/documents/{old.id}?download=1")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    event = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == walked.case.id)
                               .order_by(CaseEvent.seq.desc())).first()
    assert event.details["superseded"] == old.id and event.details["reason"] == REASON
    assert event.actor_id == walked.legal.id


def test_a_missing_or_too_long_reason_is_a_field_error_and_nothing_is_issued(client, auth, walked):
    switch_user(client, auth, walked.supervisor)
    token = csrf_from(_case_page(client, walked))
    before = _documents(walked.case.id)
    for reason in ("", "   ", "x" * 1001):
        for stage in ("review", "confirm"):
            response = client.post(_url(walked, before[0]), data={"csrf_token": token, "reason": reason,
                                                                   "stage": stage})
            assert response.status_code == 422, (reason[:5], stage)
            assert re.search(r'class="field has-error"', _html(response))
    assert _documents(walked.case.id) == before


def test_a_document_already_superseded_cannot_be_corrected_again(client, auth, walked):
    switch_user(client, auth, walked.legal)
    token = csrf_from(_case_page(client, walked))
    old = _documents(walked.case.id)[0]
    assert client.post(_url(walked, old), data={"csrf_token": token, "reason": REASON,
                                                "stage": "confirm"}).status_code == 302
    count = len(_documents(walked.case.id))
    again = client.post(_url(walked, old), data={"csrf_token": token, "reason": "Lần hai", "stage": "confirm"})
    assert again.status_code == 422 and "đã được thay thế" in _html(again)
    assert len(_documents(walked.case.id)) == count


def test_another_office_or_another_case_is_404(client, auth, walked):
    from tests.builders import evading_world

    old = _documents(walked.case.id)[0]
    stranger = UserFactory(role=Role.LEGAL)
    switch_user(client, auth, stranger)
    token = csrf_from(_html(client.get("/cases/")))
    data = {"csrf_token": token, "reason": REASON, "stage": "confirm"}
    assert client.post(_url(walked, old), data=data).status_code == 404
    switch_user(client, auth, walked.legal)
    data["csrf_token"] = csrf_from(_case_page(client, walked))
    other = evading_world(late_payment_only=True)
    other.case.office_id = walked.office.id
    db.session.commit()
    response = client.post(f"/cases/{other.case.id}/documents/{old.id}/correct", data=data)
    assert response.status_code == 404
    assert not any(d.supersedes_id for d in _documents(walked.case.id))


def test_a_correction_reopens_the_form_and_the_new_document_carries_the_changed_values(client, auth, walked):
    """Issue 17: a demand notice corrected to a later pay-by date says the new date, names the document it
    corrects, and supersedes it; the case reads the corrected values from then on."""
    from datetime import date, timedelta

    from enforcement.services.case_view import History
    from enforcement.workflow import DocKind, Trigger
    from tests.pdf.helpers import text_of

    switch_user(client, auth, walked.legal)
    old = _documents(walked.case.id)[-1]
    form = client.get(_url(walked, old))
    html = _html(form)
    original = History.of(walked.case.id).last(Trigger.SEND_DEMAND).input
    assert form.status_code == 200 and 'name="pay_by"' in html
    assert f'name="pay_by" value="{original.pay_by.isoformat()}"' in html  # the original value, to correct
    assert f'name="issue_date" value="{original.issue_date.isoformat()}"' in html
    token = csrf_from(html)
    new_pay_by = original.pay_by + timedelta(days=4)
    data = {"csrf_token": token, "reason": "Sai hạn nộp", "fields": "1", "issue_date": original.issue_date.isoformat(),
            "pay_by": new_pay_by.isoformat(), "signer_id": str(original.signer_id)}
    review = client.post(_url(walked, old), data={**data, "stage": "review"})
    page = _html(review)
    assert review.status_code == 200 and "Nội dung được sửa" in page
    assert f"<td>{original.pay_by:%d/%m/%Y}</td><td>{new_pay_by:%d/%m/%Y}</td>" in page
    bad = client.post(_url(walked, old), data={**data, "pay_by": "2026-02-31", "stage": "review"})
    assert bad.status_code == 422 and 'name="pay_by"' in _html(bad)

    done = client.post(_url(walked, old), data={**data, "stage": "confirm"})
    assert done.status_code == 302
    new = _documents(walked.case.id)[-1]
    assert new.supersedes_id == old.id and new.number_text != old.number_text
    text = text_of(new.pdf)
    assert f"trước ngày {new_pay_by:%d/%m/%Y}" in text and f"trước ngày {original.pay_by:%d/%m/%Y}" not in text
    assert (f"Văn bản này đính chính và thay thế văn bản số {old.number_text} ngày {old.issue_date:%d/%m/%Y}; "
            "lý do đính chính: Sai hạn nộp") in text
    assert f"trước ngày {original.pay_by:%d/%m/%Y}" in text_of(old.pdf)  # the old one, unchanged
    event = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == walked.case.id)
                               .order_by(CaseEvent.seq.desc())).first()
    assert event.details["superseded"] == old.id and event.details["input"]["pay_by"] == new_pay_by.isoformat()
    corrected = History.of(walked.case.id).last(Trigger.SEND_DEMAND)
    assert corrected.input.pay_by == new_pay_by and corrected.document(DocKind.DEMAND_NOTICE).id == new.id
    assert isinstance(corrected.input.pay_by, date)

    # the corrected document can itself be corrected: its form shows the corrected values
    again = _html(client.get(_url(walked, new)))
    assert f'name="pay_by" value="{new_pay_by.isoformat()}"' in again
