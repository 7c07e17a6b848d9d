"""Exports (issue 17): XLSX as well as CSV; in XLSX codes stay text (leading zeros, branch suffix), amounts
are numbers and dates are dates; the CSV is for a Vietnamese Excel (UTF-8 with BOM, ``;``)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, timedelta

from python_calamine import CalamineWorkbook

from enforcement import clock
from enforcement.web.exports import cell, xlsx_bytes
from tests.factories import CaseFactory, EmployerFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _case(world):
    employer = EmployerFactory(office=world.office, name="Chi nhánh Công ty Số Không", tax_code="0100109106-001",
                               unit_code="HN0012A")
    due = clock.today() + timedelta(days=5)
    CaseFactory(employer=employer, office=world.office, principal=12_345_678, next_deadline=due)
    return employer, due


def test_the_case_list_in_xlsx_keeps_codes_as_text_and_dates_as_dates(client, auth, world):
    employer, due = _case(world)
    auth.login(world.supervisor.username)
    page = client.get("/cases/").get_data(as_text=True)
    assert "/cases/export.xlsx" in page and "/cases/export.csv" in page and "Xuất Excel (XLSX)" in page
    response = client.get("/cases/export.xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.get_data())).get_sheet_by_index(0).to_python()
    header = rows[0]
    row = next(r for r in rows if r[1] == employer.name)
    assert row[header.index("Mã số thuế")] == "0100109106-001"
    assert row[header.index("Mã đơn vị")] == "HN0012A"
    assert row[header.index("Nợ gốc (đồng)")] == 12_345_678
    assert row[header.index("Hạn gần nhất")] == due  # a date cell, not the text "dd/mm/yyyy"


def test_the_case_list_in_csv_is_for_a_vietnamese_excel(client, auth, world):
    employer, due = _case(world)
    auth.login(world.supervisor.username)
    response = client.get("/cases/export.csv")
    data = response.get_data()
    assert response.mimetype == "text/csv" and data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert len(header) == 13  # one column per field: ';' separates, ',' never does
    row = next(r for r in rows if r[1] == employer.name)
    assert row[header.index("Mã số thuế")] == "0100109106-001"
    assert row[header.index("Hạn gần nhất")] == f"{due:%d/%m/%Y}"
    assert row[header.index("Nợ gốc (đồng)")] == "12345678"


def test_every_cell_type_of_a_workbook():
    book = xlsx_bytes(["mã", "số tiền", "ngày", "đánh dấu"],
                      [["0012", 1_000_000, date(2026, 5, 1), True], ["=1+1", 0, None, False]])
    rows = CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_index(0).to_python()
    assert rows[1] == ["0012", 1_000_000, date(2026, 5, 1), "x"]
    assert rows[2][0] == "=1+1"  # a string cell: never a formula
    sheet = zipfile.ZipFile(io.BytesIO(book)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    assert cell(date(2026, 5, 1)) == "01/05/2026" and cell("=1+1") == "'=1+1" and cell(None) == ""
