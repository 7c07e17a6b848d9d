"""Ledger import (issue 4): the shared samples, all or nothing, idempotency, events on open cases."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from enforcement.errors import ImportRejected
from enforcement.extensions import db
from enforcement.models import BatchStatus, CaseEvent, Employer, EventAction, ImportBatch, LedgerRow
from enforcement.services.ledger_import import import_ledger
from tests.conftest import SHARED_DATA
from tests.factories import CaseFactory, EmployerFactory, LedgerRowFactory, OfficeFactory, UserFactory

BAD = SHARED_DATA / "bad"


def _count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _import(name: str | Path, office=None, user=None):
    path = SHARED_DATA / name if isinstance(name, str) else name
    return import_ledger(path.read_bytes(), path.name, office or OfficeFactory(), user)


@pytest.mark.parametrize("sample", ["ledger_small.csv", "ledger_small_en.csv", "ledger_small.xlsx"])
def test_each_sample_imports_432_rows_of_12_employers(ctx, sample):
    office = OfficeFactory()
    result = _import(sample, office, UserFactory(office=office))
    assert result.status == BatchStatus.ACCEPTED
    assert (result.rows_total, result.rows_inserted, result.employers_created) == (432, 432, 12)
    assert _count(LedgerRow) == 432
    employers = db.session.scalars(sa.select(Employer).where(Employer.office_id == office.id)).all()
    assert len(employers) == 12
    batch = db.session.get(ImportBatch, result.batch_id)
    assert batch.sha256 == result.sha256 and batch.user_id is not None and batch.file_name == sample


def test_the_three_samples_hold_the_same_data(ctx):
    """The same figures through Vietnamese CSV, English CSV and XLSX: importing the others changes nothing."""
    office = OfficeFactory()
    _import("ledger_small.csv", office)
    for other in ("ledger_small_en.csv", "ledger_small.xlsx"):
        result = _import(other, office)
        assert result.status == BatchStatus.ACCEPTED
        assert (result.rows_inserted, result.rows_updated, result.rows_unchanged) == (0, 0, 432)
        assert result.employers_created == 0


def test_the_same_file_again_changes_nothing_and_says_so(ctx):
    office = OfficeFactory()
    first = _import("ledger_small.csv", office)
    rows_before = db.session.execute(sa.select(LedgerRow.id, LedgerRow.updated_at)).all()
    again = _import("ledger_small.csv", office)
    assert again.status == BatchStatus.DUPLICATE and again.duplicate_of == first.batch_id
    assert "đã được nhập" in again.message
    assert db.session.execute(sa.select(LedgerRow.id, LedgerRow.updated_at)).all() == rows_before


def test_reimporting_a_row_replaces_its_figures(ctx, tmp_path):
    office = OfficeFactory()
    _import("ledger_small.csv", office)
    lines = (SHARED_DATA / "ledger_small.csv").read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1]
    changed = first.rsplit(",", 4)
    changed[2] = "0"  # da_dong: nothing paid after all
    path = tmp_path / "correction.csv"
    path.write_text(header + "\n" + ",".join(changed) + "\n", encoding="utf-8")
    result = _import(path, office)
    assert (result.rows_inserted, result.rows_updated, result.rows_unchanged) == (0, 1, 0)
    row = db.session.scalar(
        sa.select(LedgerRow)
        .where(LedgerRow.period == "2023-10")
        .join(LedgerRow.employer)
        .where(Employer.unit_code == "TA1845P")
    )
    assert row.amount_paid == 0 and row.batch_id == result.batch_id


BAD_FILES = [*sorted(p.name for p in BAD.glob("bad_*.csv")), "empty.csv"]


@pytest.mark.parametrize("name", BAD_FILES)
def test_every_bad_file_is_rejected_whole_with_its_rows_named(ctx, name):
    office = OfficeFactory()
    EmployerFactory(office=office)  # something already there must stay untouched
    rows_before, employers_before = _count(LedgerRow), _count(Employer)
    result = _import(BAD / name, office)
    assert result.status == BatchStatus.REJECTED
    assert result.errors and all(e["message"] for e in result.errors)
    assert (_count(LedgerRow), _count(Employer)) == (rows_before, employers_before)
    batch = db.session.get(ImportBatch, result.batch_id)
    assert batch.rows_rejected == len(result.errors) and batch.rows_inserted == 0


@pytest.mark.parametrize(
    ("name", "row", "column"),
    [
        ("bad_amount_16_digits.csv", 4, "phai_dong"),
        ("bad_amount_decimal_comma.csv", 5, "phai_dong"),
        ("bad_amount_decimal_dot.csv", 6, "da_dong"),
        ("bad_amount_empty.csv", 9, "da_dong"),
        ("bad_amount_negative.csv", 4, "da_dong"),
        ("bad_amount_text.csv", 3, "phai_dong"),
        ("bad_employees_negative.csv", 10, "so_lao_dong"),
        ("bad_employer_name_blank.csv", 7, "ten_don_vi"),
        ("bad_period_13_slash_2025.csv", 10, "ky"),
        ("bad_period_2025-13.csv", 6, "ky"),
        ("bad_taxcode_12_digits_enterprise.csv", 7, "ma_so_thue"),
        ("bad_taxcode_check_digit.csv", 7, "ma_so_thue"),
        ("bad_taxcode_length.csv", 7, "ma_so_thue"),
        ("bad_unit_code_format.csv", 7, "ma_don_vi"),
        ("bad_unit_two_names.csv", 10, "ten_don_vi"),
        ("bad_unit_two_tax_codes.csv", 5, "ma_so_thue"),
        ("bad_last_row_of_10000.csv", 10001, "ma_so_thue"),
    ],
)
def test_the_error_names_the_row_and_column_the_readme_gives(ctx, name, row, column):
    result = _import(BAD / name)
    assert [(e["row"], e["column"]) for e in result.errors] == [(row, column)]


def test_duplicate_unit_and_month_names_both_rows(ctx):
    result = _import(BAD / "bad_duplicate_unit_period.csv")
    assert sorted(e["row"] for e in result.errors) == [9, 11]


def test_header_only_is_an_error_not_an_empty_import(ctx):
    result = _import(BAD / "bad_header_only.csv")
    assert result.status == BatchStatus.REJECTED
    assert "không có dòng dữ liệu" in result.errors[0]["message"]


def test_last_bad_row_of_ten_thousand_writes_nothing(ctx):
    office = OfficeFactory()
    result = _import(BAD / "bad_last_row_of_10000.csv", office)
    assert result.status == BatchStatus.REJECTED
    assert _count(LedgerRow) == 0 and _count(Employer) == 0


def test_a_png_renamed_csv_is_refused_before_parsing(ctx):
    office = OfficeFactory()
    with pytest.raises(ImportRejected) as refused:
        _import(BAD / "not_a_csv_png.csv", office)
    assert "PNG" in refused.value.message
    assert _count(ImportBatch) == 0


def test_a_file_over_the_limit_is_refused_before_parsing(ctx, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_LEDGER_BYTES", 1000)
    with pytest.raises(ImportRejected) as refused:
        _import("ledger_small.csv")
    assert "quá lớn" in refused.value.message


@pytest.mark.parametrize("name", ["ok_nfd_employer_name.csv", "ok_script_in_employer_name.csv"])
def test_suspicious_but_valid_files_are_accepted(ctx, name):
    result = _import(BAD / name)
    assert result.status == BatchStatus.ACCEPTED and result.rows_total == 10


def test_nfd_name_is_stored_nfc_and_script_verbatim(ctx):
    office = OfficeFactory()
    _import(BAD / "ok_nfd_employer_name.csv", office)
    _import(BAD / "ok_script_in_employer_name.csv", office)
    names = set(db.session.scalars(sa.select(Employer.name)))
    assert "Công ty TNHH Thủ công Mỹ nghệ Định Hòa" in names
    assert "Công ty TNHH <script>alert(1)</script>" in names


def test_an_import_records_an_event_on_each_open_case_it_touches(ctx):
    office = OfficeFactory()
    employer = EmployerFactory(office=office, unit_code="TA1845P", tax_code="3788149397")
    case = CaseFactory(employer=employer)
    LedgerRowFactory(employer=employer, period="2023-10", amount_due=1, amount_paid=0)
    result = _import("ledger_small.csv", office)
    assert result.cases_touched == 1
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.case_id == case.id))
    assert event.action == EventAction.IMPORT and event.details["batch_id"] == result.batch_id
    assert event.details["rows_changed"] == 36


def test_a_ledger_row_carries_its_employers_office_and_the_database_holds_them_equal(ctx):
    office, other = OfficeFactory(), OfficeFactory()
    employer = EmployerFactory(office=office)
    row = LedgerRowFactory(employer=employer)
    assert row.office_id == office.id
    db.session.add(LedgerRow(employer_id=employer.id, office_id=other.id, period="2026-02", amount_due=1,
                             amount_paid=0, employees=1))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
