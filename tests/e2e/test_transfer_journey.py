"""Issue 15 in Chromium: a case beyond the office's competence is transferred (transfer letter numbered from
the register), the competent authority's decision is recorded with its signed PDF, and — the compliance
deadline having passed — legal staff order enforcement on it (LR-COMPETENCE, LR-DEADLINES, XLVPHC Art. 86).

The Decree 283/2026 competence check (``steps.case_fines.penalty_beyond_competence``) is made to say "beyond"
for the live server (same process), whatever the demo case's amounts.
"""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import Case, Document, Signer, User
from enforcement.steps import case_fines
from enforcement.workflow import CaseState, DocKind
from tests.e2e.conftest import Live, login
from tests.e2e.test_journeys import _open_action, _state, demand_sent_case_in_arrears

pytestmark = pytest.mark.browser


def _recorded_case(live: Live) -> int:
    """A late-payment case taken to the violation record by services, 30 days ago."""
    from enforcement.services.cases import fire, months_to_classify, view_of

    today = clock.today()
    with live.app.app_context():
        inspector = db.session.scalar(db.select(User).where(User.username == "kiemtra2"))
        legal = db.session.scalar(db.select(User).where(User.username == "phapche"))
        signer = db.session.scalar(db.select(Signer).order_by(Signer.id))
        case = demand_sent_case_in_arrears(inspector)

        def step(trigger: str, user: User, back: int, data: dict[str, Any]) -> None:
            db.session.refresh(case)
            fire(case.id, trigger, user, version=case.version, data=data, today=today - timedelta(days=back))

        step("decide_inspection", inspector, 40, {
            "decision_date": today - timedelta(days=40), "team": ["Phạm Thị Bình – Trưởng đoàn"],
            "period_from": "2025-01", "period_to": "2025-12", "planned_date": today - timedelta(days=36),
            "signer_id": signer.id})
        step("open_inspection", inspector, 36, {"date": today - timedelta(days=36), "place": "Trụ sở đơn vị",
                                                "present": ["Phạm Thị Bình – Trưởng đoàn"]})
        db.session.refresh(case)
        behaviours = {m.period: {"behaviour": "late_payment", "reason": "Chậm đóng"}
                      for m in months_to_classify(view_of(case, today - timedelta(days=32)))}
        step("conclude_inspection", inspector, 32, {
            "conclusion_date": today - timedelta(days=32), "behaviours": behaviours, "employees_affected": 10,
            "withheld_not_paid": 0, "findings": "Chậm đóng", "signer_id": signer.id})
        step("record_violation", legal, 30, {
            "record_date": today - timedelta(days=30), "place": "Trụ sở đơn vị",
            "violation": "Chậm đóng bảo hiểm xã hội bắt buộc, bảo hiểm thất nghiệp",
            "clause": "điểm a khoản 3 Điều 43 và khoản 3 Điều 45 Nghị định số 283/2026/NĐ-CP",
            "recorder": "Hoàng Minh Châu – Chuyên viên"})
        return case.id


def _pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    return path


def _confirm(page: Any) -> None:
    page.get_by_role("button", name="Tiếp tục: xem lại và xác nhận").click()
    page.wait_for_selector(".warning-box")  # each of these steps has legal consequences
    page.locator("form.confirm-form button[value='confirm']").click()
    page.wait_for_selector(".flash-success:has-text('Đã thực hiện')")


def test_transfer_then_decision_received_then_enforcement(page: Any, live: Live, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # The demo case's band tops may be within the demo director's cap: the competence check says they are not.
    monkeypatch.setattr(case_fines, "penalty_beyond_competence", lambda *a, **k: True)
    case_id = _recorded_case(live)
    today = clock.today()
    login(page, live, "phapche")
    page.goto(live(f"/cases/{case_id}"))
    blocked = page.locator("#actions").inner_text()
    assert "Điều 52" in blocked  # the penalty decision is refused: beyond competence

    _open_action(page, "Chuyển hồ sơ vụ vi phạm cho người có thẩm quyền xử phạt")
    page.fill("[name='letter_date']", (today - timedelta(days=29)).isoformat())
    assert page.input_value("[name='authority']") == "Tổng Giám đốc Bảo hiểm xã hội Việt Nam"
    _confirm(page)
    assert _state(live, case_id) == CaseState.DECISION_TRANSFERRED
    with live.app.app_context():
        letter = db.session.scalar(db.select(Document).where(Document.case_id == case_id,
                                                             Document.kind == DocKind.TRANSFER_LETTER.value))
        assert letter is not None and letter.number_text.endswith("/BHXH-TTKT")
    assert page.locator("#documents").get_by_text(letter.number_text).count() >= 1

    page.set_input_files("#evidence input[type=file]", str(_pdf(tmp_path / "qd-tong-giam-doc.pdf")))
    page.select_option("#evidence select[name='category']", "signed_copy")
    page.select_option("#evidence select[name='copy_form']", "original")
    page.locator("#evidence").get_by_role("button", name="Tải lên").click()
    page.wait_for_selector(".flash-success:has-text('Đã tải lên')")

    _open_action(page, "Ghi nhận quyết định xử phạt của người có thẩm quyền")
    page.fill("[name='decision_number']", "88/QĐ-XPHC")
    page.fill("[name='decision_date']", (today - timedelta(days=20)).isoformat())
    page.fill("[name='signer_title']", "Tổng Giám đốc Bảo hiểm xã hội Việt Nam")
    page.fill("[name='fines']", "điểm a khoản 3 Điều 43 Nghị định số 283/2026/NĐ-CP: 90.000.000\n"
                                "khoản 3 Điều 45 Nghị định số 283/2026/NĐ-CP: 8.000.000")
    page.fill("[name='served_on']", (today - timedelta(days=19)).isoformat())
    assert page.locator("select[name='evidence_id'] option:checked").inner_text().startswith("qd-tong-giam-doc.pdf")
    page.get_by_role("button", name="Tiếp tục: xem lại và xác nhận").click()
    page.wait_for_selector("text=Tổng số tiền phạt: 98.000.000 đ")
    page.locator("form.confirm-form button[value='confirm']").click()
    page.wait_for_selector(".flash-success:has-text('Đã thực hiện')")
    assert _state(live, case_id) == CaseState.PENALIZED
    decision = page.locator("#decision").inner_text()
    assert "88/QĐ-XPHC" in decision and "98.000.000" in decision

    _open_action(page, "Ra quyết định cưỡng chế")
    page.select_option("select[name='measure']", "account_deduction")
    _confirm(page)
    assert _state(live, case_id) == CaseState.ENFORCING
    with live.app.app_context():
        case = db.session.get(Case, case_id)
        assert case.penalty_decided_on == today - timedelta(days=20)
