"""The case list (filters, search, pagination, CSV) and the case page with its action forms."""

from __future__ import annotations

import csv
import io
import re

from python_calamine import CalamineWorkbook

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, Document, Role
from enforcement.workflow import CaseState
from tests import evidence_files
from tests.conftest import csrf_from
from tests.factories import CaseFactory, EmployerFactory, UserFactory


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_search_without_diacritics_finds_the_employer(client, auth, world):
    auth.login(world.inspector.username)
    html = _html(client.get("/cases/?q=cong+ty+tnhh+thuc+pham+an+phu"))
    assert "Công ty TNHH Thực phẩm An Phú" in html
    assert "1 mục" in html


def test_search_by_unit_code_and_filters_narrow_the_list(client, auth, world):
    other = CaseFactory(employer=EmployerFactory(office=world.office, district="Quận Ba Đình"), principal=5_000_000)
    auth.login(world.supervisor.username)
    assert world.employer.name in _html(client.get(f"/cases/?q={world.employer.unit_code}"))
    html = _html(client.get("/cases/?district=Quận+Ba+Đình"))
    assert other.employer.name in html and world.employer.name not in html
    html = _html(client.get("/cases/?min_principal=10.000.000"))
    assert world.employer.name in html and other.employer.name not in html
    html = _html(client.get(f"/cases/?assignee_id={world.inspector.id}"))
    assert world.employer.name in html and other.employer.name not in html
    html = _html(client.get("/cases/?assignee_id=none&sort=principal"))
    assert other.employer.name in html and world.employer.name not in html


def test_the_list_paginates(client, auth, world):
    for _ in range(30):
        CaseFactory(employer=EmployerFactory(office=world.office))
    auth.login(world.supervisor.username)
    first = _html(client.get("/cases/"))
    assert "Trang 1/2" in first and 'rel="next"' in first
    second = _html(client.get("/cases/?page=2"))
    assert "Trang 2/2" in second


def test_csv_export_has_a_bom_and_neutralises_formulas(client, auth, world):
    CaseFactory(employer=EmployerFactory(office=world.office, name="=HYPERLINK(\"http://x\")"))
    auth.login(world.supervisor.username)
    response = client.get("/cases/export.csv")
    assert response.mimetype == "text/csv"
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    assert "Công ty TNHH Thực phẩm An Phú" in text


def test_csv_export_follows_the_filters(client, auth, world):
    other = CaseFactory(employer=EmployerFactory(office=world.office, name="Công ty Khác Hẳn"))
    auth.login(world.supervisor.username)
    text = client.get("/cases/export.csv?q=an+phu").get_data().decode("utf-8-sig")
    assert world.employer.name in text and other.employer.name not in text


def test_case_page_shows_employer_arrears_deadlines_actions_and_workflow(client, auth, world):
    auth.login(world.inspector.username)
    response = client.get(f"/cases/{world.case.id}")
    html = _html(response)
    assert response.status_code == 200
    for text in (world.employer.name, world.employer.tax_code, "Số nợ theo tháng", "Gửi văn bản đôn đốc",
                 "Quy trình xử lý", "Nhật ký hồ sơ", "Đánh giá Điều 216", "50.000.000 đ"):
        assert text in html, text
    assert "<svg" in html and 'class="node current"' in html
    # a blocked action is greyed with its reason
    assert "Kết thúc: đã nộp đủ" in html and "chưa thể kết thúc là đã nộp đủ" in html


def test_no_inline_scripts_or_style_attributes_on_the_case_page(client, auth, world):
    auth.login(world.inspector.username)
    html = _html(client.get(f"/cases/{world.case.id}"))
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def _form_page(client, case_id: int, trigger: str) -> str:
    response = client.get(f"/cases/{case_id}/act/{trigger}")
    assert response.status_code == 200, _html(response)
    return _html(response)


def test_an_action_goes_through_form_confirmation_and_fires(client, auth, world):
    auth.login(world.inspector.username)
    html = _form_page(client, world.case.id, "send_demand")
    assert "Văn bản đôn đốc" in html and 'name="pay_by"' in html and 'name="signer_id"' in html
    today = clock.today()
    data = {"csrf_token": csrf_from(html), "version": str(world.case.version), "issue_date": today.isoformat(),
            "pay_by": today.replace(day=28).isoformat() if today.day < 28 else today.isoformat(),
            "signer_id": str(world.signer.id)}
    review = client.post(f"/cases/{world.case.id}/act/send_demand", data={**data, "stage": "review"})
    assert review.status_code == 200
    assert "Xác nhận" in _html(review) and "Văn bản sẽ được ban hành" in _html(review)
    assert db.session.get(Case, world.case.id).state == CaseState.DETECTED  # nothing fired yet
    done = client.post(f"/cases/{world.case.id}/act/send_demand", data={**data, "stage": "confirm"})
    assert done.status_code == 302 and "#documents" in done.headers["Location"]
    case = db.session.get(Case, world.case.id)
    db.session.refresh(case)
    assert case.state == CaseState.DEMAND_SENT
    page = _html(client.get(f"/cases/{world.case.id}"))
    assert "Đã thực hiện: Gửi văn bản đôn đốc" in page
    document = db.session.scalar(db.select(Document).where(Document.case_id == case.id))
    pdf = client.get(f"/cases/{case.id}/documents/{document.id}?download=1")
    assert pdf.mimetype == "application/pdf" and pdf.get_data().startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    # Named by its register symbol, number, year and the employer's unit code, in ASCII.
    symbol = document.number_text.split("/", 1)[1]
    ascii_symbol = symbol.replace("Đ", "D")
    expected = f"{ascii_symbol}-{document.number_text.split('/')[0]}-{document.year}-{world.employer.unit_code}.pdf"
    assert pdf.headers["Content-Disposition"].endswith("''" + expected), pdf.headers["Content-Disposition"]


def test_validation_errors_are_shown_next_to_fields_and_input_is_kept(client, auth, world):
    auth.login(world.inspector.username)
    html = _form_page(client, world.case.id, "send_demand")
    data = {"csrf_token": csrf_from(html), "version": str(world.case.version), "stage": "review",
            "issue_date": "31/02/2026", "pay_by": "", "signer_id": str(world.signer.id)}
    response = client.post(f"/cases/{world.case.id}/act/send_demand", data=data)
    page = _html(response)
    assert response.status_code == 422
    assert "Ngày không hợp lệ" in page and "Không được để trống." in page
    assert 'value="31/02/2026"' in page  # what the user typed is kept


def test_a_stale_version_is_refused_with_a_message(client, auth, world):
    auth.login(world.inspector.username)
    html = _form_page(client, world.case.id, "issue_statement")
    data = {"csrf_token": csrf_from(html), "version": str(world.case.version + 5), "stage": "confirm",
            "issue_date": clock.today().isoformat(), "signer_id": str(world.signer.id)}
    response = client.post(f"/cases/{world.case.id}/act/issue_statement", data=data)
    assert response.status_code == 302
    assert "vừa được người khác thay đổi" in _html(client.get(response.headers["Location"]))
    assert db.session.scalar(db.select(db.func.count(Document.id)).where(Document.case_id == world.case.id)) == 0


def test_a_destructive_step_warns_before_confirming(client, auth, world):
    auth.login(world.supervisor.username)
    html = _form_page(client, world.case.id, "dismiss")
    data = {"csrf_token": csrf_from(html), "version": str(world.case.version), "stage": "review",
            "reason": "Đơn vị đã giải thể"}
    page = _html(client.post(f"/cases/{world.case.id}/act/dismiss", data=data))
    assert "không thể hoàn tác" in page and 'class="danger"' in page


def test_an_action_not_allowed_is_refused_with_its_reasons(client, auth, world):
    auth.login(world.inspector.username)
    response = client.get(f"/cases/{world.case.id}/act/settle")
    assert response.status_code == 302
    assert "chưa thể kết thúc là đã nộp đủ" in _html(client.get(response.headers["Location"]))


def test_an_inspector_not_assigned_sees_no_action_buttons(client, auth, world):
    auth.login(world.inspector2.username)
    html = _html(client.get(f"/cases/{world.case.id}"))
    assert f'/cases/{world.case.id}/act/send_demand"' not in html
    assert "Chỉ cán bộ được phân công" in html


def test_comment_becomes_a_timeline_event(client, auth, world):
    auth.login(world.inspector.username)
    html = _html(client.get(f"/cases/{world.case.id}"))
    response = client.post(f"/cases/{world.case.id}/comment",
                           data={"csrf_token": csrf_from(html), "text": "Đã gọi điện cho kế toán đơn vị"})
    assert response.status_code == 302
    page = _html(client.get(f"/cases/{world.case.id}?action=comment"))
    assert "Đã gọi điện cho kế toán đơn vị" in page and "Đã thêm ghi chú" in page


def test_evidence_upload_accepts_a_pdf_and_refuses_a_disguised_file(client, auth, world):
    import io

    auth.login(world.inspector.username)
    token = csrf_from(_html(client.get(f"/cases/{world.case.id}")))
    good = client.post(f"/cases/{world.case.id}/evidence", content_type="multipart/form-data", data={
        "csrf_token": token, "category": "enrolled_workers", "description": "Danh sách tháng 10",
        "copy_form": "original",
        "file": (io.BytesIO(evidence_files.pdf()), "../../etc/danh-sach.pdf")})
    assert good.status_code == 302
    page = _html(client.get(f"/cases/{world.case.id}"))
    assert "danh-sach.pdf" in page and "../" not in page.split("Tài liệu, chứng cứ")[1].split("</ul>")[0]
    bad = client.post(f"/cases/{world.case.id}/evidence", content_type="multipart/form-data", data={
        "csrf_token": token, "category": "payroll", "copy_form": "original",
        "file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "bang-luong.pdf")})
    assert bad.status_code == 302
    refused = "Chỉ nhận tệp PDF, ảnh PNG/JPEG, bảng tính XLSX hoặc văn bản DOCX"
    assert refused in _html(client.get(f"/cases/{world.case.id}"))
    events = db.session.scalars(db.select(CaseEvent).where(CaseEvent.case_id == world.case.id)).all()
    assert [e.action for e in events] == ["evidence"]
    evidence_id = events[0].details["evidence_id"]
    download = client.get(f"/cases/{world.case.id}/evidence/{evidence_id}")
    assert download.mimetype == "application/pdf" and download.headers["X-Content-Type-Options"] == "nosniff"


def test_supervisor_assigns_cases_in_bulk(client, auth, world):
    others = [CaseFactory(employer=EmployerFactory(office=world.office)) for _ in range(3)]
    auth.login(world.supervisor.username)
    token = csrf_from(_html(client.get("/cases/")))
    response = client.post("/cases/assign", data={"csrf_token": token, "assignee_id": str(world.inspector2.id),
                                                  "case_ids": [str(c.id) for c in others], "next": "/cases/"})
    assert response.status_code == 302
    assert "Đã phân công 3 hồ sơ" in _html(client.get("/cases/"))
    for case in others:
        db.session.refresh(case)
        assert case.assignee_id == world.inspector2.id


def test_an_inspector_cannot_assign(client, auth, world):
    auth.login(world.inspector.username)
    token = csrf_from(_html(client.get("/cases/")))
    response = client.post("/cases/assign", data={"csrf_token": token, "assignee_id": str(world.inspector.id),
                                                  "case_ids": [str(world.case.id)]})
    assert response.status_code == 403


def test_another_office_gets_404_for_the_case_its_documents_and_actions(client, auth, world):
    stranger = UserFactory(role=Role.SUPERVISOR)
    auth.login(stranger.username)
    for path in (f"/cases/{world.case.id}", f"/cases/{world.case.id}/act/send_demand",
                 f"/cases/{world.case.id}/dossier", f"/cases/{world.case.id}/documents/1"):
        assert client.get(path).status_code == 404, path
    assert world.employer.name not in _html(client.get("/cases/?q=an+phu"))


def test_csv_export_uses_the_vietnamese_excel_separator(client, auth, world):
    """Excel in a Vietnamese locale splits on ';' (',' is the decimal comma)."""
    auth.login(world.supervisor.username)
    text = client.get("/cases/export.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Mã hồ sơ", "Đơn vị", "Mã đơn vị", "Mã số thuế"]
    assert any(row[1] == world.employer.name and row[3] == world.employer.tax_code for row in rows[1:])


def test_xlsx_export_keeps_codes_as_text_and_amounts_as_numbers(client, auth, world):
    employer = EmployerFactory(office=world.office, name="Công ty Số Không", tax_code="0100109106")
    CaseFactory(employer=employer, principal=12_345_678)
    auth.login(world.supervisor.username)
    response = client.get("/cases/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "ho-so-" in response.headers["Content-Disposition"] and ".xlsx" in response.headers["Content-Disposition"]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.get_data())).get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["Mã hồ sơ", "Đơn vị", "Mã đơn vị", "Mã số thuế"]
    row = next(r for r in rows if r[1] == "Công ty Số Không")
    assert row[3] == "0100109106"  # text: the leading zero kept
    assert row[2] == employer.unit_code
    assert row[8] == 12_345_678  # a number Excel can add up


def test_document_file_names_are_ascii_and_identify_the_case():
    from enforcement.file_names import document_file_name

    assert document_file_name("01/QĐ-XPHC", "Quyết định xử phạt", 2026, "HN0001D", 9) == "QD-XPHC-01-2026-HN0001D.pdf"
    assert document_file_name(None, "Bảng kê số tiền chậm đóng", 2026, "HN0001D", 9) == (
        "Bang-ke-so-tien-cham-dong-2026-HN0001D-9.pdf")


def test_a_case_owing_interest_alone_says_so_and_cannot_be_settled(client, auth, world):
    """LR-ARREARS (issue 14): principal paid, interest still owed → "chỉ còn nợ lãi chậm đóng", settle blocked."""
    from enforcement.domain.periods import Period
    from tests.factories import LedgerRowFactory

    this_month = str(Period.of(clock.today()))
    LedgerRowFactory(employer=world.employer, period=this_month, amount_due=0, amount_paid=60_000_000)
    db.session.commit()
    auth.login(world.inspector.username)
    html = _html(client.get(f"/cases/{world.case.id}"))
    assert "Lãi chậm đóng còn nợ" in html and "chỉ còn nợ lãi chậm đóng" in html
    assert "Đơn vị đã nộp đủ tiền gốc, chỉ còn nợ lãi chậm đóng" in html  # the reason settle is blocked


def test_the_timeline_shows_a_steps_input_as_people_write_it(app, client, auth, world):
    """Read through the step's typed input: dates dd/mm/yyyy, never the stored ISO text."""
    from datetime import timedelta

    from enforcement.services.cases import fire

    today = clock.today()
    with app.test_request_context():
        case = db.session.get(Case, world.case.id)
        fire(case.id, "send_demand", world.inspector, version=case.version,
             data={"issue_date": today.isoformat(), "pay_by": (today + timedelta(days=15)).isoformat(),
                   "signer_id": world.signer.id})
    auth.login(world.inspector.username)
    page = _html(client.get(f"/cases/{world.case.id}"))
    pay_by = today + timedelta(days=15)
    assert "Hạn nộp đề nghị" in page and pay_by.strftime("%d/%m/%Y") in page
    assert pay_by.isoformat() not in page.split('id="timeline"')[-1].split("</section>")[0]
