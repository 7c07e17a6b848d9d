"""Issue 17: "Xác nhận và ban hành" is preceded by the PDF itself, watermarked DỰ THẢO, with no number taken."""

from __future__ import annotations

import sqlalchemy as sa

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import Document
from tests.conftest import csrf_from
from tests.pdf.helpers import text_of


def _documents(case_id: int) -> list[Document]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Document).where(Document.case_id == case_id)))


def test_the_preview_is_the_document_as_a_draft_and_consumes_no_number(client, auth, world):
    auth.login(world.inspector.username)
    html = client.get(f"/cases/{world.case.id}/act/send_demand").get_data(as_text=True)
    today = clock.today()
    data = {"csrf_token": csrf_from(html), "version": str(world.case.version), "issue_date": today.isoformat(),
            "pay_by": today.isoformat(), "signer_id": str(world.signer.id)}
    review = client.post(f"/cases/{world.case.id}/act/send_demand", data={**data, "stage": "review"})
    page = review.get_data(as_text=True)
    assert 'name="stage" value="preview" formtarget="_blank"' in page and "Xem trước văn bản (DỰ THẢO)" in page
    assert "chỉ được cấp số khi bấm “Xác nhận và ban hành”" in page

    for _ in range(2):  # looked at twice: still no number taken, nothing stored
        shown = client.post(f"/cases/{world.case.id}/act/send_demand", data={**data, "stage": "preview"})
        assert shown.status_code == 200 and shown.mimetype == "application/pdf"
        assert shown.headers["Content-Disposition"].startswith("inline; filename*=UTF-8''DU-THAO-DEMAND-NOTICE-")
        text = text_of(shown.get_data())
        assert "DỰ THẢO" in text and "(dự thảo)" in text and "/BHXH-QLT (dự thảo)" in text
        assert world.employer.name in text and f"ngày {today:%d/%m/%Y}" in text
        assert _documents(world.case.id) == []

    done = client.post(f"/cases/{world.case.id}/act/send_demand", data={**data, "stage": "confirm"})
    assert done.status_code == 302
    (issued,) = _documents(world.case.id)
    assert issued.number == 1 and issued.number_text == "01/BHXH-QLT"  # the first number of the register
    assert "DỰ THẢO" not in text_of(issued.pdf)


def test_a_preview_with_bad_input_goes_back_to_the_form_with_the_error(client, auth, world):
    auth.login(world.inspector.username)
    html = client.get(f"/cases/{world.case.id}/act/send_demand").get_data(as_text=True)
    data = {"csrf_token": csrf_from(html), "version": str(world.case.version), "issue_date": "31/02/2026",
            "pay_by": "", "signer_id": str(world.signer.id), "stage": "preview"}
    response = client.post(f"/cases/{world.case.id}/act/send_demand", data=data)
    assert response.status_code == 422 and response.mimetype == "text/html"
    assert _documents(world.case.id) == []
