"""Each role's journey on the demo data, reading what issue 17 says people read (Chromium).

Inspector (``kiemtra1``): the notifications list in the header, "Bước tiếp theo: … (ai)" on a new case, the
main action standing out, the demand notice (its pay-by date becomes the employer's deadline), the inspection
decision (its planned date becomes the office's deadline, named in the case list).  Legal staff
(``phapche``): on the penalised evasion case the explanation window is closed, not "quá … ngày"; the Article
216 panel and calculator read as sentences; the drafting form warns of the dossier's gaps.  Supervisor
(``truongphong``): returns the draft with a request; legal staff are told in the header, see the request
and draft again; the supervisor approves, after which the arrears statement is no longer offered.  Admin
(``quantri``): no case work, an empty notifications list.  Every PDF issued along the way is read: months
``05/2026``, dates ``dd/mm/yyyy``, no rule ids, no ``LEGAL.md``, no raw data.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import Case, Document, User
from enforcement.workflow import CaseState
from tests.e2e.conftest import Live, login
from tests.e2e.test_journeys import _blank_pdf, _case, _open_action, _record_receipt, _state, _submit_step, _user_id

pytestmark = pytest.mark.browser

REQUEST = "Bổ sung danh sách người lao động thuộc diện phải tham gia và biên bản giao quyết định xử phạt."
ISO = re.compile(r"\b(19|20)\d\d-\d\d\b")


def _text(page: Any, selector: str) -> str:
    return re.sub(r"\s+", " ", page.locator(selector).inner_text())


def _pdf_text(page: Any, live: Live, case_id: int, kind: str) -> str:
    """The text of the newest ``kind`` document of the case, as served to the browser."""
    with live.app.app_context():
        document = db.session.scalars(db.select(Document).where(Document.case_id == case_id, Document.kind == kind)
                                      .order_by(Document.id.desc())).first()
        assert document is not None, kind
        doc_id = document.id
    response = page.context.request.get(live(f"/cases/{case_id}/documents/{doc_id}"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(response.body())).pages)
    return re.sub(r"\s+", " ", text)


def _clean_document(text: str) -> None:
    """What an issued document never prints (house rules): ISO months/dates, rule ids, internal notes."""
    assert not ISO.search(text), ISO.search(text)
    for banned in ("LEGAL.md", "LR-", "{'", "None", "do pháp chế xác định"):
        assert banned not in text, banned


def _notifications(page: Any) -> str:
    page.locator("#notif-menu summary").click()
    return _text(page, "#notif-menu .notif-list")


def _inspector_journey(page: Any, live: Live) -> int:
    name_of = {}
    with live.app.app_context():
        inspector = db.session.scalar(db.select(User).where(User.username == "kiemtra1"))
        name_of["kiemtra1"] = inspector.full_name
    case_id, _name, _version = _case(live, assignee_id=_user_id(live, "kiemtra1"), state=CaseState.DETECTED)
    login(page, live, "kiemtra1")
    assert "được giao cho bạn" in _notifications(page)

    page.goto(live(f"/cases/{case_id}"))
    assert (f"Bước tiếp theo: Gửi văn bản đôn đốc (cán bộ kiểm tra phụ trách: {name_of['kiemtra1']})"
            in _text(page, "#next-step"))
    main = page.locator("#actions .main-actions a.button.primary")
    assert main.all_inner_texts() == ["Gửi văn bản đôn đốc"]
    assert "Lập bảng kê nợ" in page.locator("#actions .secondary-actions").inner_text()

    _open_action(page, "Gửi văn bản đôn đốc")
    pay_by = page.input_value("[name='pay_by']")
    _submit_step(page)
    employer = _text(page, "#deadlines-employer + .table-wrap")
    assert "Đơn vị nộp đủ số tiền nợ theo văn bản đôn đốc" in employer
    due = f"{pay_by[8:10]}/{pay_by[5:7]}/{pay_by[:4]}"
    assert due in employer
    demand = _pdf_text(page, live, case_id, "demand_notice")
    assert due in demand
    _clean_document(demand)
    assert "Bước tiếp theo: Quyết định kiểm tra" in _text(page, "#next-step")

    _open_action(page, "Quyết định kiểm tra")
    planned = page.input_value("[name='planned_date']")
    _submit_step(page, {"team": "Lê Văn An – Trưởng đoàn\nPhạm Thị Bình – Thành viên"})
    office = _text(page, "#deadlines-office + .table-wrap")
    planned_vi = f"{planned[8:10]}/{planned[5:7]}/{planned[:4]}"
    assert re.search(r"Làm việc tại đơn vị theo quyết định kiểm tra \d\d/\d\d/\d{4} " + planned_vi + r" còn \d+ ngày",
                     office), office
    _clean_document(_pdf_text(page, live, case_id, "inspection_decision"))
    assert "Bước tiếp theo: Làm việc tại đơn vị (cán bộ kiểm tra phụ trách" in _text(page, "#next-step")

    page.goto(live("/cases/?q=&state=inspection_decided"))
    row = _text(page, f"table.cases tr:has(a[href='/cases/{case_id}'])")
    assert f"Làm việc tại đơn vị theo quyết định kiểm tra: {planned_vi}" in row
    page.context.clear_cookies()
    return case_id


def _legal_reads_the_penalised_case(page: Any, live: Live) -> int:
    case_id, _name, _version = _case(live, state=CaseState.PENALIZED, concluded_behaviour="evasion")
    login(page, live, "phapche")
    assert "chờ bạn “Lập biên bản vi phạm hành chính”" in _notifications(page)
    page.goto(live(f"/cases/{case_id}"))
    running = page.locator("#deadlines table").all_inner_texts()
    assert not any("Đơn vị giải trình" in table for table in running)  # not red "quá … ngày" any more
    page.locator("#deadlines-finished summary").click()
    finished = _text(page, "#deadlines-finished")
    assert re.search(r"Đơn vị giải trình bằng văn bản: hạn \d\d/\d\d/\d{4}, (xong ngày|không còn áp dụng từ) ",
                     finished)
    # The demand's pay-by date closed when the decision set its own compliance period: said, with the reason.
    assert re.search(r"Đơn vị nộp đủ số tiền nợ theo văn bản đôn đốc: hạn \d\d/\d\d/\d{4}, không còn áp dụng từ "
                     r"\d\d/\d\d/\d{4} \(quyết định xử phạt đã định thời hạn chấp hành mới\)", finished), finished
    assert "Đơn vị chấp hành quyết định xử phạt" in _text(page, "#deadlines-employer + .table-wrap")
    assert "Thời hiệu thi hành quyết định xử phạt" in _text(page, "#deadlines-office + .table-wrap")
    assert ("Bước tiếp theo: Ra quyết định cưỡng chế (cán bộ pháp chế) hoặc Dự thảo hồ sơ kiến nghị khởi tố "
            "(cán bộ pháp chế)") in _text(page, "#next-step")

    panel = _text(page, "#art216")
    for name in ("C1 – Thời điểm thực hiện hành vi", "C2 – Thời gian trốn đóng", "C5 – Đã bị xử phạt vi phạm "
                 "hành chính về hành vi trốn đóng", "C6 – Vẫn vi phạm sau khi bị xử phạt"):
        assert name in panel
    assert re.search(r"\d+ tháng trốn đóng \(liên tục\)", panel)
    assert "{'" not in panel and not ISO.search(panel)

    page.locator("#actions").get_by_role("link", name="Tính thử Điều 216").click()
    page.get_by_role("button", name="Đánh giá").click()
    result = _text(page, "#result")
    assert "C4 – Số người lao động bị trốn đóng" in result and re.search(r"\d+ người \(tháng \d\d/\d{4}", result)
    assert "{'" not in result and "qualifying" not in result and not ISO.search(result)

    page.goto(live(f"/cases/{case_id}"))
    _open_action(page, "Dự thảo hồ sơ kiến nghị khởi tố")
    warning = _text(page, "#checklist-warning")
    assert "Hồ sơ kiến nghị khởi tố còn thiếu" in warning
    assert "Danh sách người lao động thuộc diện phải tham gia BHXH, BHYT, BHTN" in warning
    _submit_step(page, {"prior_offences": "0"})
    assert _state(live, case_id) == CaseState.REFERRAL_DRAFTED
    draft = _pdf_text(page, live, case_id, "referral_draft")
    _clean_document(draft)
    page.context.clear_cookies()
    return case_id


def _supervisor_returns(page: Any, live: Live, case_id: int) -> None:
    login(page, live, "truongphong")
    assert "chờ bạn “Duyệt kiến nghị khởi tố”" in _notifications(page)
    page.goto(live(f"/cases/{case_id}"))
    assert "Bước tiếp theo: Duyệt kiến nghị khởi tố (lãnh đạo phòng)" in _text(page, "#next-step")
    assert "Duyệt kiến nghị khởi tố" in page.locator("#actions .blocked").first.inner_text()
    _open_action(page, "Trả lại dự thảo để bổ sung")
    _submit_step(page, {"request": REQUEST})
    assert _state(live, case_id) == CaseState.REFERRAL_DRAFTED
    assert f"Dự thảo kiến nghị khởi tố bị trả lại để bổ sung ({clock.today():%d/%m/%Y}): {REQUEST}" in _text(
        page, "#next-step")
    page.context.clear_cookies()


def _legal_answers(page: Any, live: Live, case_id: int, tmp_path: Path) -> None:
    login(page, live, "phapche")
    listed = _notifications(page)
    assert f"dự thảo kiến nghị khởi tố bị trả lại để bổ sung: {REQUEST}" in listed
    page.locator("#notif-menu .notif-list a", has_text="bị trả lại để bổ sung").first.click()
    page.wait_for_url(live(f"/cases/{case_id}"))
    assert REQUEST in _text(page, "#referral-returned")
    assert page.locator("#actions .main-actions a.button.primary").all_inner_texts() == [
        "Dự thảo hồ sơ kiến nghị khởi tố"]
    pdf = tmp_path / "danh-sach.pdf"
    pdf.write_bytes(_blank_pdf())
    for category in ("enrolled_workers", "required_workers", "service_proof", "payroll"):
        page.set_input_files("#evidence input[type=file]", str(pdf))
        page.select_option("#evidence select[name='category']", category)
        page.select_option("#evidence select[name='copy_form']", "original")
        page.locator("#evidence").get_by_role("button", name="Tải lên").click()
        page.wait_for_selector(".flash-success:has-text('Đã tải lên')")
    _record_receipt(live, case_id)
    page.goto(live(f"/cases/{case_id}"))
    _open_action(page, "Dự thảo hồ sơ kiến nghị khởi tố")
    assert REQUEST in _text(page, "#return-request")
    assert page.locator("#checklist-warning").count() == 0  # the dossier is complete now
    _submit_step(page, {"prior_offences": "0"})
    page.context.clear_cookies()


def _supervisor_approves(page: Any, live: Live, case_id: int) -> None:
    login(page, live, "truongphong")
    page.goto(live(f"/cases/{case_id}"))
    assert "bị trả lại" not in _text(page, "#next-step")
    _open_action(page, "Duyệt kiến nghị khởi tố")
    page.fill("[name='agency']", "Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội")
    page.get_by_role("button", name="Tiếp tục: xem lại và xác nhận").click()
    page.wait_for_selector(".warning-box")
    page.locator("form.confirm-form button[value='confirm']").click()
    page.wait_for_selector(".flash-success:has-text('Đã thực hiện')")
    assert _state(live, case_id) == CaseState.REFERRAL_APPROVED
    assert "Lập bảng kê nợ" not in page.locator("#actions").inner_text()
    assert "Bước tiếp theo: Chuyển hồ sơ cho cơ quan điều tra (cán bộ pháp chế)" in _text(page, "#next-step")
    recommendation = _pdf_text(page, live, case_id, "recommendation")
    _clean_document(recommendation)
    assert "Thời gian trốn đóng" in recommendation and re.search(r"\d\d/\d{4}", recommendation)
    _clean_document(_pdf_text(page, live, case_id, "referral_dossier"))
    page.context.clear_cookies()


def _admin(page: Any, live: Live) -> None:
    login(page, live, "quantri")
    assert "Chưa có thông báo nào." in _notifications(page)
    response = page.goto(live("/cases/"))
    assert response.status == 403
    page.context.clear_cookies()


def test_each_role_reads_next_steps_deadlines_returns_and_documents(page: Any, live: Live, tmp_path: Path) -> None:
    _inspector_journey(page, live)
    case_id = _legal_reads_the_penalised_case(page, live)
    _supervisor_returns(page, live, case_id)
    _legal_answers(page, live, case_id, tmp_path)
    _supervisor_approves(page, live, case_id)
    _admin(page, live)
    with live.app.app_context():
        assert db.session.get(Case, case_id).state == CaseState.REFERRAL_APPROVED
