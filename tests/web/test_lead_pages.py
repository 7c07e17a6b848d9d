"""The tax-data upload page, the leads page (filters, order, CSV/XLSX export) and lead records (issue 18)."""

from __future__ import annotations

import csv
import io
import re

import sqlalchemy as sa
from python_calamine import CalamineWorkbook

from enforcement.extensions import db
from enforcement.models import Lead, LeadEvent, TaxMonth
from enforcement.services.ledger_import import import_ledger
from tests.conftest import SHARED_DATA, csrf_from
from tests.web.conftest import switch_user


def _upload_tax(client, name="tax_small.csv", data=None):
    page = client.get("/leads/tax-data")
    assert page.status_code == 200
    token = csrf_from(page.get_data(as_text=True))
    content = data if data is not None else (SHARED_DATA / name).read_bytes()
    return client.post("/leads/tax-data", data={"csrf_token": token, "file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def _with_data(client, auth, world):
    with client.application.test_request_context():
        import_ledger((SHARED_DATA / "ledger_small.csv").read_bytes(), "ledger_small.csv", world.office)
    switch_user(client, auth, world.supervisor)
    response = _upload_tax(client)
    assert response.status_code == 302


def test_uploading_the_tax_sample_shows_its_record(client, auth, world):
    switch_user(client, auth, world.inspector)
    response = _upload_tax(client)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tax_small.csv" in page and "197" in page


def test_a_bad_tax_file_shows_every_rejected_row_and_writes_nothing(client, auth, world):
    switch_user(client, auth, world.inspector)
    data = (b"ma_so_thue,ten_nguoi_nop_thue,ngay_cap_mst,trang_thai,ky,so_lao_dong,tong_thu_nhap\n"
            b"0100109106,A,2020-01-01,hoat_dong,2026-09,1,100\n"
            b"0100109106,A,2020-01-01,giai_the_roi,2026-08,1,100\n")
    response = _upload_tax(client, "sai.csv", data)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "giai_the_roi" in page and "trang_thai" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TaxMonth)) == 0


def test_a_png_is_refused_with_a_message(client, auth, world):
    switch_user(client, auth, world.inspector)
    response = _upload_tax(client, "x.png", (SHARED_DATA / "bad" / "not_a_csv_png.csv").read_bytes())
    assert response.status_code == 302
    assert "PNG" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_leads_page_lists_by_estimated_contributions_and_filters(client, auth, world):
    _with_data(client, auth, world)
    page = client.get("/leads/?month=2026-09").get_data(as_text=True)
    codes = re.findall(r"<td><code>(\d{10})</code></td>", page)
    assert codes == ["3713177848", "3737684332", "0110001006", "3791823295", "0110002017", "0110005000"]
    assert "553.047.146 đ" in page
    wages = client.get("/leads/?kind=wages").get_data(as_text=True)
    assert re.findall(r"<td><code>(\d{10})</code></td>", wages) == ["3713177848", "3791823295"]
    new = client.get("/leads/?new_business=true").get_data(as_text=True)
    assert re.findall(r"<td><code>(\d{10})</code></td>", new) == ["0110002017"]
    bad = client.get("/leads/?min_amount=abc").get_data(as_text=True)
    assert "Phải là số nguyên" in bad


def test_csv_and_xlsx_exports_keep_codes_as_text(client, auth, world):
    _with_data(client, auth, world)
    csv_body = client.get("/leads/export.csv?kind=unregistered").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(csv_body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Mã số thuế" and [r[0] for r in rows[1:]] == ["0110001006", "0110002017", "0110005000"]
    xlsx = client.get("/leads/export.xlsx")
    assert xlsx.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.data)).get_sheet_by_index(0).to_python()
    assert sheet[1][0] == "3713177848" and isinstance(sheet[1][0], str)
    assert [row[0] for row in sheet[1:]][-1] == "0110005000"  # the leading zero kept: a text cell
    assert sheet[1][8] == 553047146


def test_refreshing_records_the_leads_with_an_event_each(client, auth, world):
    _with_data(client, auth, world)
    token = csrf_from(client.get("/leads/").get_data(as_text=True))
    response = client.post("/leads/refresh", data={"csrf_token": token, "month": "2026-09"})
    assert response.status_code == 302
    leads = db.session.scalars(sa.select(Lead).where(Lead.office_id == world.office.id)).all()
    assert len(leads) == 6
    lead = next(lead for lead in leads if lead.tax_code == "0110001006")
    events = db.session.scalars(sa.select(LeadEvent).where(LeadEvent.lead_id == lead.id)).all()
    assert [e.action for e in events] == ["opened"]
    page = client.get(f"/leads/{lead.id}").get_data(as_text=True)
    assert "Công ty TNHH Cơ khí Tân Uyên" in page and "Phát hiện đầu mối" in page and "2026-" not in page
    again = client.post("/leads/refresh", data={"csrf_token": token, "month": "2026-09"})
    assert again.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LeadEvent)) == 6  # nothing changed


def test_roles_and_offices(client, auth, world):
    switch_user(client, auth, world.legal)
    assert client.get("/leads/").status_code == 200
    assert client.get("/leads/tax-data").status_code == 403
    switch_user(client, auth, world.inspector)
    token = csrf_from(client.get("/leads/").get_data(as_text=True))
    assert client.post("/leads/refresh", data={"csrf_token": token}).status_code == 403
    switch_user(client, auth, world.admin)
    assert client.get("/leads/").status_code == 403


def test_the_supervisor_dashboard_shows_the_coverage_gap_leads_and_outcomes(client, auth, world):
    from enforcement.services.lead_board import lead_board
    from enforcement.services.tax_import import import_tax
    from tests.factories import EmployerFactory, LedgerRowFactory

    employer = EmployerFactory(office=world.office, tax_code="0100109106", district="Quận Hai Bà Trưng")
    for period in ("2026-07", "2026-08", "2026-09"):
        LedgerRowFactory(employer=employer, period=period, employees=40, amount_due=100_000_000)
    header = "ma_so_thue,ten_nguoi_nop_thue,ngay_cap_mst,trang_thai,ky,so_lao_dong,tong_thu_nhap\n"
    rows = "".join(
        f"0100109106,Công ty A,2015-01-01,hoat_dong,{p},50,400000000\n"
        f"0102325399,Công ty B,2015-01-01,hoat_dong,{p},8,80000000\n"
        f"0110002017,Công ty C,2015-01-01,giai_the,{p},30,90000000\n"
        for p in ("2026-07", "2026-08", "2026-09")
    )
    with client.application.test_request_context():
        assert import_tax((header + rows).encode(), "t.csv", world.office).status == "accepted"
        board = lead_board(world.office.id)
    # The dissolved taxpayer's 30 workers do not count: 58 paid per the tax data; insured: 40 here and
    # the 12 of the fixture's late employer.
    assert (board.coverage.tax_workers, board.coverage.insured_workers, board.coverage.gap) == (58, 52, 6)
    assert board.by_kind == {"headcount": (1, 3 * (128_000_000 - 100_000_000)), "unregistered": (1, 3 * 25_600_000)}
    assert board.count == 2 and board.outcomes["refused"] == 0
    switch_user(client, auth, world.supervisor)
    page = client.get("/").get_data(as_text=True)
    assert "Độ bao phủ tháng 09/2026" in page and "89,66 %" in page and "Quận Hai Bà Trưng" in page
