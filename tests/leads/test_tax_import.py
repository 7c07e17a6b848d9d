"""Tax-data import (TAX_FORMAT.md): all or nothing, every bad row named, idempotent, recorded per office."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
import sqlalchemy as sa
import xlsxwriter

from enforcement.errors import ImportRejected
from enforcement.extensions import db
from enforcement.models import BatchStatus, TaxBatch, TaxMonth, Taxpayer
from enforcement.services.tax_import import import_tax
from enforcement.services.tax_parse import parse_tax
from tests.conftest import SHARED_DATA
from tests.factories import OfficeFactory, UserFactory

HEADER = "ma_so_thue,ten_nguoi_nop_thue,ngay_cap_mst,trang_thai,ky,so_lao_dong,tong_thu_nhap\n"
GOOD = "0100109106,Công ty A,2020-01-15,hoat_dong,2026-09,3,1000000\n"


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_the_sample_imports_197_rows_of_17_taxpayers_with_its_batch(ctx):
    office = OfficeFactory()
    user = UserFactory(office=office)
    data = (SHARED_DATA / "tax_small.csv").read_bytes()
    result = import_tax(data, "tax_small.csv", office, user)
    assert result.status == BatchStatus.ACCEPTED
    assert (result.rows_total, result.rows_inserted, result.taxpayers_created) == (197, 197, 17)
    batch = db.session.get(TaxBatch, result.batch_id)
    assert batch.user_id == user.id and batch.office_id == office.id and len(batch.sha256) == 64
    branch = db.session.scalar(sa.select(Taxpayer).where(Taxpayer.tax_code == "0316335482-001"))
    assert branch is not None  # written without the hyphen in the file, stored canonical
    again = import_tax(data, "tax_small.csv", office, user)
    assert again.status == BatchStatus.DUPLICATE and again.duplicate_of == result.batch_id
    assert _count(TaxMonth) == 197


def test_reimporting_a_changed_month_updates_it_and_the_latest_status(ctx):
    office = OfficeFactory()
    import_tax((HEADER + GOOD).encode(), "a.csv", office)
    later = HEADER + GOOD.replace(",3,", ",4,") + "0100109106,Công ty A,2020-01-15,Tạm ngừng kinh doanh,2026-10,0,0\n"
    result = import_tax(later.encode(), "b.csv", office)
    assert (result.rows_inserted, result.rows_updated, result.rows_unchanged) == (1, 1, 0)
    taxpayer = db.session.scalar(sa.select(Taxpayer).where(Taxpayer.office_id == office.id))
    assert (taxpayer.status, taxpayer.status_period) == ("tam_ngung", "2026-10")


@pytest.mark.parametrize(("line", "column", "needle"), [
    ("0100109107,Công ty A,2020-01-15,hoat_dong,2026-09,3,1000000", "ma_so_thue", "chữ số kiểm tra"),
    ("0100109106,   ,2020-01-15,hoat_dong,2026-09,3,1000000", "ten_nguoi_nop_thue", "trống"),
    ("0100109106,Công ty A,2020-02-30,hoat_dong,2026-09,3,1000000", "ngay_cap_mst", "không có thật"),
    ("0100109106,Công ty A,15.01.2020,hoat_dong,2026-09,3,1000000", "ngay_cap_mst", "dd/mm/yyyy"),
    ("0100109106,Công ty A,2020-01-15,dang_chay,2026-09,3,1000000", "trang_thai", "hoat_dong"),
    ("0100109106,Công ty A,2020-01-15,hoat_dong,2026-13,3,1000000", "ky", "tháng phải từ 01 đến 12"),
    ("0100109106,Công ty A,2020-01-15,hoat_dong,2026-09,-3,1000000", "so_lao_dong", "âm"),
    ("0100109106,Công ty A,2020-01-15,hoat_dong,2026-09,3.5,1000000", "so_lao_dong", "số nguyên"),
    ("0100109106,Công ty A,2020-01-15,hoat_dong,2026-09,3,\"1000000,5\"", "tong_thu_nhap", "Tổng thu nhập"),
    ("0100109106,Công ty A,2020-01-15,hoat_dong,2026-09,3,", "tong_thu_nhap", "Tổng thu nhập"),
])
def test_each_bad_value_is_named_by_row_and_column_and_nothing_is_written(ctx, line, column, needle):
    office = OfficeFactory()
    data = (HEADER + "0102325399,Công ty B,2021-05-01,hoat_dong,2026-09,2,500000\n" + line + "\n").encode()
    result = import_tax(data, "bad.csv", office)
    assert result.status == BatchStatus.REJECTED
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, column)]
    assert needle in result.errors[0]["message"]
    assert _count(TaxMonth) == 0 and _count(Taxpayer) == 0
    batch = db.session.get(TaxBatch, result.batch_id)
    assert batch.status == BatchStatus.REJECTED and batch.rows_rejected == 1


def test_the_same_month_twice_and_two_names_or_dates_are_errors_on_every_row_concerned(ctx):
    data = (
        HEADER + GOOD + GOOD
        + "0100109106,Công ty A,2020-01-15,hoat_dong,2026-08,3,1000000\n"
        + "0100109106,Công ty Khác,2020-01-16,hoat_dong,2026-07,3,1000000\n"
    ).encode()
    result = parse_tax(data)
    found = {(e.row_number, e.column) for e in result.errors}
    assert {(2, "ky"), (3, "ky"), (5, "ten_nguoi_nop_thue"), (5, "ngay_cap_mst")} <= found
    assert not result.rows


def test_a_missing_column_is_named_with_its_accepted_names(ctx):
    result = parse_tax(b"ma_so_thue,ten_nguoi_nop_thue,ngay_cap_mst,trang_thai,ky,so_lao_dong\n")
    assert [e.column for e in result.errors] == ["tong_thu_nhap"]
    assert "wages_paid" in result.errors[0].message


def test_vietnamese_headers_semicolons_bom_nfd_and_extra_columns(ctx):
    text = (
        "\ufeffMã số thuế;Tên doanh nghiệp;Ngày thành lập;Trạng thái;Tháng;Số lao động;Tổng thu nhập;Ghi chú\n"
        "0100109106;Cong ty A\u0301;15/01/2020;Đang hoạt động;09/2026;3;1.000.000;x\n"
    )
    result = parse_tax(text.encode())
    assert result.ok, result.errors
    row = result.rows[0]
    assert row.name == "Cong ty Á" and row.registered_on == date(2020, 1, 15)
    assert (row.status, row.period, row.wages) == ("hoat_dong", "2026-09", 1_000_000)
    assert result.ignored_columns == ["Ghi chú"]


def test_an_xlsx_with_date_cells_keeps_the_registration_day(ctx):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, HEADER.strip().split(","))
    sheet.write_string(1, 0, "0100109106")
    sheet.write_string(1, 1, "Công ty A")
    sheet.write_datetime(1, 2, datetime(2020, 1, 15), dates)
    sheet.write_string(1, 3, "hoat_dong")
    sheet.write_datetime(1, 4, datetime(2026, 9, 1), dates)
    sheet.write_number(1, 5, 3)
    sheet.write_number(1, 6, 1000000)
    book.close()
    result = parse_tax(buffer.getvalue())
    assert result.ok, result.errors
    assert result.format == "xlsx"
    assert (result.rows[0].registered_on, result.rows[0].period) == (date(2020, 1, 15), "2026-09")


@pytest.mark.parametrize("name", ["not_a_csv_png.csv", "empty.csv"])
def test_a_file_that_is_not_a_table_is_refused_or_reported(ctx, name):
    office = OfficeFactory()
    data = (SHARED_DATA / "bad" / name).read_bytes()
    if name == "empty.csv":
        result = import_tax(data, name, office)
        assert result.status == BatchStatus.REJECTED and "Tệp trống" in result.errors[0]["message"]
    else:
        with pytest.raises(ImportRejected, match="PNG"):
            import_tax(data, name, office)
    assert _count(TaxMonth) == 0


def test_a_file_over_the_size_limit_is_refused_before_parsing(app, ctx):
    office = OfficeFactory()
    limit = app.config["MAX_LEDGER_BYTES"]
    with pytest.raises(ImportRejected, match="quá lớn"):
        import_tax(b"x" * (limit + 1), "big.csv", office)
