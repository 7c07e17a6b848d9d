"""The employer's sanction history page (LR-SANCTIONS): reached from a case, manual entry with its PDF,
compliance recorded, status and clearing date shown."""

from __future__ import annotations

import io
from datetime import timedelta

from enforcement import clock
from enforcement.domain.periods import add_years
from enforcement.extensions import db
from enforcement.models import SanctionDecision
from tests import evidence_files
from tests.conftest import csrf_from

PDF = evidence_files.pdf()


def _html(response) -> str:
    return response.get_data(as_text=True)


def _entry(token: str, **overrides):
    decided = clock.today() - timedelta(days=90)
    data = {
        "csrf_token": token,
        "number": "15/QĐ-XPHC",
        "decision_date": decided.isoformat(),
        "signer": "Nguyễn Văn A – Giám đốc",
        "penalty_form": "fine",
        "behaviours": ["evasion"],
        "articles": "Nghị định 12/2022/NĐ-CP Điều 39 khoản 7 điểm a",
        "conduct_months": "10/2025, 11/2025",
        "fine_total": "60.000.000",
        "received_on": (decided + timedelta(days=2)).isoformat(),
        "document": (io.BytesIO(PDF), "qd-15.pdf"),
    }
    data.update(overrides)
    return data


def test_the_case_page_links_to_the_employers_sanction_history(client, auth, world):
    auth.login(world.inspector.username)
    html = _html(client.get(f"/cases/{world.case.id}"))
    assert f"/employers/{world.employer.id}/sanctions" in html
    page = client.get(f"/employers/{world.employer.id}/sanctions")
    assert page.status_code == 200
    assert "chưa có quyết định xử phạt" in _html(page)
    assert "Nhập quyết định xử phạt ban hành trước khi có hệ thống" not in _html(page)  # inspectors only read


def test_legal_staff_enter_a_decision_from_before_the_system_with_its_pdf(client, auth, world):
    auth.login(world.legal.username)
    url = f"/employers/{world.employer.id}/sanctions"
    token = csrf_from(_html(client.get(url)))
    response = client.post(url, data=_entry(token), content_type="multipart/form-data")
    assert response.status_code == 302
    row = db.session.scalar(db.select(SanctionDecision).where(SanctionDecision.employer_id == world.employer.id))
    assert (row.number, row.conduct_months, row.fine_total) == ("15/QĐ-XPHC", ["2025-10", "2025-11"], 60_000_000)
    html = _html(client.get(url))
    assert "Số 15/QĐ-XPHC" in html and "Còn hiệu lực" in html and "10/2025, 11/2025" in html
    document = client.get(f"{url}/{row.id}/document")
    assert document.status_code == 200 and document.data == PDF


def test_a_decision_without_its_pdf_or_months_is_refused_next_to_the_field(client, auth, world):
    auth.login(world.legal.username)
    url = f"/employers/{world.employer.id}/sanctions"
    token = csrf_from(_html(client.get(url)))
    no_pdf = client.post(url, data=_entry(token, document=(io.BytesIO(b"GIF89a"), "x.gif")),
                         content_type="multipart/form-data")
    assert no_pdf.status_code == 422
    assert "dạng PDF" in _html(no_pdf)
    bad_month = client.post(url, data=_entry(token, conduct_months="13/2025"), content_type="multipart/form-data")
    assert bad_month.status_code == 422
    assert "13/2025" in _html(bad_month)
    assert db.session.scalar(db.select(db.func.count(SanctionDecision.id))) == 0


def test_recording_compliance_clears_the_decision_a_year_later(client, auth, world):
    auth.login(world.legal.username)
    url = f"/employers/{world.employer.id}/sanctions"
    token = csrf_from(_html(client.get(url)))
    client.post(url, data=_entry(token), content_type="multipart/form-data")
    row = db.session.scalar(db.select(SanctionDecision).where(SanctionDecision.employer_id == world.employer.id))
    complied = clock.today() - timedelta(days=60)
    response = client.post(f"{url}/{row.id}", data={"csrf_token": token, "complied_on": complied.isoformat(),
                                                    "fine_paid_on": complied.isoformat(),
                                                    "fine_paid_amount": "60.000.000", "payment_receipt": "BL 12"})
    assert response.status_code == 302
    html = _html(client.get(url))
    clears = add_years(complied, 1) + timedelta(days=1)
    assert f"Hết từ {clears:%d/%m/%Y}" in html
    assert "BL 12" in html


def test_the_audit_csv_export_includes_the_sanction_history(client, auth, world):
    auth.login(world.legal.username)
    url = f"/employers/{world.employer.id}/sanctions"
    token = csrf_from(_html(client.get(url)))
    client.post(url, data=_entry(token), content_type="multipart/form-data")
    row = db.session.scalar(db.select(SanctionDecision).where(SanctionDecision.employer_id == world.employer.id))
    client.post(f"{url}/{row.id}", data={"csrf_token": token, "payment_receipt": "BL 77"})
    client.post("/logout", data={"csrf_token": token})
    auth.login(world.supervisor.username)
    text = client.get("/audit/export.csv").get_data().decode("utf-8-sig")
    assert f"XP-{row.id};" in text
    assert "Quyết định số 15/QĐ-XPHC" in text and "nhập từ trước khi có hệ thống" in text
    assert "Trốn đóng BHXH, BHTN" in text
    assert "payment_receipt: — → BL 77" in text
    assert world.legal.full_name in text
    only_comments = client.get("/audit/export.csv?action=comment").get_data().decode("utf-8-sig")
    assert f"XP-{row.id}" not in only_comments
