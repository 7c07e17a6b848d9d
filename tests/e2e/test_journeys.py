"""Each role's main journey, end to end in Chromium (issue 7).

Inspector: finds a case by a name typed without diacritics, sends the demand
notice, decides, opens and concludes the inspection.  Legal: records the
violation, issues the penalty, drafts the referral and opens the dossier PDF.
Supervisor: uploads the two worker lists, approves the referral, reassigns a
case and exports the audit log.  A user of another office is refused.
"""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import Case, Employer, Signer, User
from enforcement.search import fold
from enforcement.workflow import CaseState
from tests.e2e.conftest import ROOT, Live, login

pytestmark = pytest.mark.browser

# README pictures are refreshed with UPDATE_SCREENSHOTS=1; otherwise they go to test-output/.
SHOTS = ROOT / ("docs/screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else "test-output")


def _blank_pdf() -> bytes:
    """A real one-page PDF, as a scanned worker list would be."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _case(live: Live, **where: Any) -> tuple[int, str, int]:
    """(case id, employer name, version) of the first case matching ``where``."""
    with live.app.app_context():
        query = db.select(Case).join(Employer).order_by(Case.id)
        for key, value in where.items():
            query = query.where(getattr(Case, key) == value)
        case = db.session.scalars(query).first()
        assert case is not None, where
        return case.id, case.employer.name, case.version


def _state(live: Live, case_id: int) -> CaseState:
    with live.app.app_context():
        return db.session.get(Case, case_id).state


def _user_id(live: Live, username: str) -> int:
    with live.app.app_context():
        return db.session.scalar(db.select(User.id).where(User.username == username))


def _submit_step(page: Any, fields: dict[str, str] | None = None, selects: dict[str, str] | None = None) -> None:
    """Fill the action form, continue to the confirmation page, confirm; back on the case page."""
    for name, value in (fields or {}).items():
        page.fill(f"[name='{name}']", value)
    for name, value in (selects or {}).items():
        page.select_option(f"select[name='{name}']", value)
    page.get_by_role("button", name="Tiếp tục: xem lại và xác nhận").click()
    page.wait_for_selector("h1:has-text('Xác nhận')")
    page.locator("form.confirm-form button[value='confirm']").click()
    page.wait_for_selector(".flash-success:has-text('Đã thực hiện')")


def _open_action(page: Any, label: str) -> None:
    page.locator("#actions").get_by_role("link", name=label, exact=True).click()
    page.wait_for_selector("form[novalidate]")


def test_inspector_finds_a_case_sends_the_demand_and_runs_the_inspection(page: Any, live: Live) -> None:
    inspector = _user_id(live, "kiemtra1")
    case_id, name, _version = _case(live, assignee_id=inspector, state=CaseState.DETECTED)
    login(page, live, "kiemtra1")
    page.fill("#q", fold(name))  # "cong ty ..." without diacritics
    page.press("#q", "Enter")
    page.get_by_role("link", name=name).first.click()
    page.wait_for_url(live(f"/cases/{case_id}"))

    _open_action(page, "Gửi văn bản đôn đốc")
    _submit_step(page)
    assert _state(live, case_id) == CaseState.DEMAND_SENT
    assert page.locator("#documents").get_by_text("Văn bản đôn đốc").count() >= 1

    _open_action(page, "Quyết định kiểm tra")
    _submit_step(page, {"team": "Lê Văn An – Trưởng đoàn\nPhạm Thị Bình – Thành viên"})
    _open_action(page, "Làm việc tại đơn vị")
    _submit_step(page, {"place": "Trụ sở đơn vị", "present": "Lê Văn An – Trưởng đoàn – BHXH\nGiám đốc – đơn vị"})
    assert _state(live, case_id) == CaseState.INSPECTING

    _open_action(page, "Kết luận kiểm tra")
    for select in page.locator("select[name^='behaviour_']").all():
        period = select.get_attribute("name").removeprefix("behaviour_")
        if not select.input_value():
            select.select_option("late_payment")
        page.fill(f"[name='reason_{period}']", "Đơn vị xác nhận chậm đóng do khó khăn tài chính")
    _submit_step(page, {"findings": "Đơn vị chậm đóng; yêu cầu nộp đủ số tiền còn nợ và tiền lãi."})
    assert _state(live, case_id) == CaseState.INSPECTION_CONCLUDED
    assert page.locator("#workflow .node.current").count() == 1
    page.goto(live(f"/cases/{case_id}"))
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "case.png"), full_page=False)


def demand_sent_case_in_arrears(inspector: User) -> Case:
    """The inspector's first case at the demand stage that still owes principal.

    (A demo employer that paid its principal late keeps a case open for the
    interest alone, LR-INTEREST; it has no month left to conclude on.)
    """
    from enforcement.services.cases import view_of

    cases = db.session.scalars(
        db.select(Case).where(Case.assignee_id == inspector.id, Case.state == CaseState.DEMAND_SENT).order_by(Case.id)
    )
    return next(case for case in cases if view_of(case).figures.principal > 0)


def _prepare_concluded_case(live: Live) -> int:
    """A late-payment case taken through the inspection by services (dates in the past)."""
    from enforcement.services.cases import fire, months_to_classify, view_of

    today = clock.today()
    with live.app.app_context():
        inspector = db.session.scalar(db.select(User).where(User.username == "kiemtra2"))
        signer = db.session.scalar(db.select(Signer).order_by(Signer.id))
        case = demand_sent_case_in_arrears(inspector)
        steps = [
            ("decide_inspection", 6, {"team": ["Phạm Thị Bình – Trưởng đoàn"], "period_from": "2025-01",
                                      "period_to": "2025-12", "planned_date": today - timedelta(days=4),
                                      "signer_id": signer.id}, "decision_date"),
            ("open_inspection", 4, {"place": "Trụ sở đơn vị", "present": ["Phạm Thị Bình – Trưởng đoàn"]}, "date"),
        ]
        for trigger, back, data, date_field in steps:
            day = today - timedelta(days=back)
            db.session.refresh(case)
            fire(case.id, trigger, inspector, version=case.version, data={**data, date_field: day}, today=day)
        day = today - timedelta(days=2)
        db.session.refresh(case)
        behaviours = {m.period: {"behaviour": "late_payment", "reason": "Chậm đóng"}
                      for m in months_to_classify(view_of(case, day))}
        fire(case.id, "conclude_inspection", inspector, version=case.version, today=day, data={
            "conclusion_date": day, "behaviours": behaviours, "employees_affected": 10, "withheld_not_paid": 0,
            "findings": "Chậm đóng", "signer_id": signer.id})
        return case.id


def test_legal_officer_records_penalises_drafts_and_opens_the_dossier(page: Any, live: Live) -> None:
    concluded = _prepare_concluded_case(live)
    with live.app.app_context():  # a signer whose competence covers this case's band tops (Decree 283/2026 Art. 57);
        signer = db.session.scalar(db.select(Signer).order_by(Signer.id))  # beyond it: tests/e2e/test_transfer_journey
        signer.competence_title = "vss_director_general"
        db.session.commit()
    login(page, live, "phapche")
    assert page.get_by_role("heading", name="Hàng chờ pháp chế").is_visible()
    page.goto(live(f"/cases/{concluded}"))
    _open_action(page, "Lập biên bản vi phạm hành chính")
    _submit_step(page, {"place": "Trụ sở đơn vị", "violation": "Chậm đóng bảo hiểm xã hội bắt buộc",
                        "clause": "Điểm a khoản 1 Điều 39 Nghị định 12/2022/NĐ-CP",
                        "recorder": "Hoàng Minh Châu – Chuyên viên"})
    assert _state(live, concluded) == CaseState.VIOLATION_RECORDED
    # Decided the same day: only with the employer's written explanation on file (LR-DEADLINES, D-EXPLAIN).
    _open_action(page, "Ghi nhận giải trình của đơn vị")
    _submit_step(page, {"summary": "Đơn vị giải trình khó khăn tài chính, đề nghị được nộp dần."})

    _open_action(page, "Ra quyết định xử phạt")
    page.select_option("select[name='offender']", "organisation")
    assert page.locator(".fines table").count() == 1  # LR-FINE: every violation's band and proposal, before input
    page.get_by_role("button", name="Tiếp tục: xem lại và xác nhận").click()
    page.wait_for_selector(".warning-box")  # a legal step with consequences: warned before confirming
    page.locator("form.confirm-form button[value='confirm']").click()
    page.wait_for_selector(".flash-success:has-text('Đã thực hiện')")
    assert _state(live, concluded) == CaseState.PENALIZED

    evasion, _name, _version = _case(live, state=CaseState.PENALIZED, concluded_behaviour="evasion")
    page.goto(live(f"/cases/{evasion}"))
    assert "Đủ dấu hiệu" in page.locator("#art216").inner_text()
    _open_action(page, "Dự thảo hồ sơ kiến nghị khởi tố")
    _submit_step(page, {"prior_offences": "0"})
    assert _state(live, evasion) == CaseState.REFERRAL_DRAFTED

    href = page.get_by_role("link", name="In hồ sơ kiến nghị khởi tố").get_attribute("href")
    response = page.context.request.get(live(href))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.body())).pages) > 3


def _draft_referral(live: Live) -> int:
    from enforcement.services.cases import fire

    case_id, _name, version = _case(live, state=CaseState.PENALIZED, concluded_behaviour="evasion")
    with live.app.app_context():
        legal = db.session.scalar(db.select(User).where(User.username == "phapche"))
        fire(case_id, "draft_referral", legal, version=version, data={"prior_offences": 0})
    return case_id


def _record_receipt(live: Live, case_id: int) -> None:
    """Legal staff record the day the employer received the penalty decision (the sanction history)."""
    from enforcement.services import sanctions

    with live.app.app_context():
        legal = db.session.scalar(db.select(User).where(User.username == "phapche"))
        row = sanctions.decision_of_case(case_id)
        sanctions.update_from_form(row.id, legal, received_on=row.decision_date)


def test_supervisor_approves_the_referral_reassigns_and_exports_the_audit_log(
    page: Any, live: Live, tmp_path: Path
) -> None:
    drafted = _draft_referral(live)
    login(page, live, "truongphong")
    assert page.get_by_role("heading", name="Bảng điều hành").is_visible()
    assert page.locator("#approvals").get_by_text(f"#{drafted}").count() == 1
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=False)

    page.goto(live(f"/cases/{drafted}"))
    blocked = page.locator("#actions .blocked").first.inner_text()
    assert "Danh sách người lao động" in blocked  # approval waits for the worker lists
    pdf = tmp_path / "danh-sach.pdf"
    pdf.write_bytes(_blank_pdf())
    for category in ("enrolled_workers", "required_workers", "service_proof", "payroll"):
        page.set_input_files("#evidence input[type=file]", str(pdf))
        page.select_option("#evidence select[name='category']", category)
        page.select_option("#evidence select[name='copy_form']", "original")
        page.locator("#evidence").get_by_role("button", name="Tải lên").click()
        page.wait_for_selector(".flash-success:has-text('Đã tải lên')")
    _record_receipt(live, drafted)
    page.goto(live(f"/cases/{drafted}"))

    _open_action(page, "Duyệt kiến nghị khởi tố")
    page.fill("[name='agency']", "Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội")
    page.get_by_role("button", name="Tiếp tục: xem lại và xác nhận").click()
    page.wait_for_selector(".warning-box")
    page.locator("form.confirm-form button[value='confirm']").click()
    page.wait_for_selector(".flash-success:has-text('Đã thực hiện')")
    assert _state(live, drafted) == CaseState.REFERRAL_APPROVED

    other, _name, _version = _case(live, assignee_id=_user_id(live, "kiemtra1"), state=CaseState.DETECTED)
    page.goto(live(f"/cases/{other}"))
    page.select_option("header select[name='assignee_id']", str(_user_id(live, "kiemtra2")))
    page.locator("header").get_by_role("button", name="Phân công").click()
    page.wait_for_selector(".flash-success:has-text('Đã phân công 1 hồ sơ')")
    with live.app.app_context():
        assert db.session.get(Case, other).assignee_id == _user_id(live, "kiemtra2")

    page.goto(live("/audit/"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất CSV").click()
    data = Path(download.value.path()).read_bytes()
    assert data.startswith("\ufeff".encode()) and "Duyệt kiến nghị khởi tố" in data.decode("utf-8-sig")


def test_a_user_of_another_office_is_refused(page: Any, live: Live) -> None:
    case_id, name, _version = _case(live)
    login(page, live, "danang")
    response = page.goto(live(f"/cases/{case_id}"))
    assert response.status == 404
    assert "Không tìm thấy" in page.content() and name not in page.content()
    page.goto(live("/cases/?q=" + fold(name).replace(" ", "+")))
    assert name not in page.content()
