"""The ledger's optional interest column (lãi đã đóng; LEDGER_FORMAT.md, LEGAL.md LR-ARREARS, issue 14)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from enforcement.extensions import db
from enforcement.models import BatchStatus, LedgerRow
from enforcement.services.ledger_import import import_ledger
from enforcement.services.ledger_parse import parse_ledger
from tests.factories import OfficeFactory
from tests.services.test_ledger_parse import assert_vietnamese, one_row_file, only_row


@pytest.mark.parametrize(
    "header",
    [
        "lai_da_dong",
        "Lãi đã đóng",
        "Tiền lãi đã đóng",
        "interest_paid",
        "LAI DA DONG",
        "Interest Paid",
        "tien_lai_da_dong",
    ],
)
def test_every_header_spelling_of_the_interest_column_is_read(header: str) -> None:
    assert only_row(parse_ledger(one_row_file(**{header: "1.234.567"}))).interest_paid == 1_234_567


@pytest.mark.parametrize(("text", "expected"), [("0", 0), ("250000", 250_000), ("1 234 567", 1_234_567), ("", 0)])
def test_interest_paid_is_a_whole_amount_of_dong_empty_meaning_zero(text: str, expected: int) -> None:
    assert only_row(parse_ledger(one_row_file(lai_da_dong=text))).interest_paid == expected


def test_the_interest_column_is_optional() -> None:
    assert only_row(parse_ledger(one_row_file())).interest_paid == 0


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("12,5", "thập phân"),
        ("12.5", "thập phân"),
        ("-5", "âm"),
        ("mười nghìn", ""),
        ("1234567890123456", "15"),
    ],
)
def test_a_bad_interest_amount_is_an_error_naming_the_row_and_column(text: str, says: str) -> None:
    result = parse_ledger(one_row_file(lai_da_dong=text))
    assert result.rows == []
    (error,) = result.errors
    assert (error.row_number, error.column) == (2, "lai_da_dong")
    assert says in error.message
    assert_vietnamese(error)


def test_import_stores_interest_paid_and_a_reimport_replaces_it(ctx) -> None:
    office = OfficeFactory()
    import_ledger(one_row_file(lai_da_dong="300000"), "lai.csv", office)
    assert db.session.scalar(sa.select(LedgerRow.interest_paid)) == 300_000
    result = import_ledger(one_row_file(lai_da_dong="450000"), "lai_sua.csv", office)
    assert result.rows_updated == 1
    assert db.session.scalar(sa.select(LedgerRow.interest_paid)) == 450_000


def test_a_file_with_a_bad_interest_amount_writes_nothing(ctx) -> None:
    office = OfficeFactory()
    result = import_ledger(one_row_file(lai_da_dong="-1"), "sai.csv", office)
    assert result.status == BatchStatus.REJECTED
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "lai_da_dong")]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerRow)) == 0
