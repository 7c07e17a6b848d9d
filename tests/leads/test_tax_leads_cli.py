"""``flask import-tax`` and ``flask tax-leads`` on the shared samples (issue 18, PRODUCT.md §10)."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import SHARED_DATA
from tests.factories import OfficeFactory


def _load(runner) -> None:
    OfficeFactory()
    ledger = runner.invoke(args=["import-ledger", str(SHARED_DATA / "ledger_small.csv")])
    assert ledger.exit_code == 0, ledger.output
    tax = runner.invoke(args=["import-tax", str(SHARED_DATA / "tax_small.csv")])
    assert tax.exit_code == 0, tax.output
    assert "197 dòng" in tax.output


def test_tax_leads_json_matches_the_expected_leads_field_for_field(runner):
    _load(runner)
    result = runner.invoke(args=["tax-leads", "--month", "2026-09", "--format", "json"])
    assert result.exit_code == 0, result.output
    expected = json.loads((SHARED_DATA / "expected_leads_small.json").read_text(encoding="utf-8"))
    assert json.loads(result.output) == expected


def test_the_default_month_is_the_latest_month_of_the_tax_data(runner):
    _load(runner)
    default = json.loads(runner.invoke(args=["tax-leads"]).output)
    assert default["month"] == "2026-09"
    assert default["window"] == ["2026-07", "2026-08", "2026-09"]


def test_tax_leads_csv_has_one_line_per_lead_with_codes_as_written(runner):
    _load(runner)
    result = runner.invoke(args=["tax-leads", "--month", "2026-09", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [row["tax_code"] for row in rows] == [
        "0110001006", "0110002017", "0110005000", "3713177848", "3737684332", "3791823295"
    ]
    assert rows[0]["unit_code"] == "" and rows[-1]["kinds"] == "headcount wages"
    assert rows[3]["estimated_contributions"] == "553047146"


def test_import_tax_exits_1_naming_every_bad_row(runner, tmp_path):
    OfficeFactory()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "ma_so_thue,ten_nguoi_nop_thue,ngay_cap_mst,trang_thai,ky,so_lao_dong,tong_thu_nhap\n"
        "0100109106,Công ty A,2020-01-01,hoat_dong,2026-09,3,1000000\n"
        "0100109107,Công ty B,2020-01-01,hoat_dong,2026-09,3,1000000\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import-tax", str(bad)])
    assert result.exit_code == 1
    assert "dòng 3, cột ma_so_thue" in result.output and "chữ số kiểm tra" in result.output


def test_tax_leads_without_tax_data_says_what_to_do(runner):
    OfficeFactory()
    result = runner.invoke(args=["tax-leads"])
    assert result.exit_code == 2
    assert "Chưa có dữ liệu thuế" in result.output


def test_tax_leads_refuses_a_bad_month(runner):
    _load(runner)
    result = runner.invoke(args=["tax-leads", "--month", "2026-13"])
    assert result.exit_code == 2 and "tháng phải từ 01 đến 12" in result.output


def test_refresh_leads_and_follow_up_commitments_print_their_counts(runner):
    _load(runner)
    result = runner.invoke(args=["refresh-leads", "--month", "2026-09"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "month=2026-09 opened=6 updated=0 closed=0 unchanged=0"
    again = runner.invoke(args=["refresh-leads"])
    assert again.output.strip() == "month=2026-09 opened=0 updated=0 closed=0 unchanged=6"
    follow = runner.invoke(args=["follow-up-commitments"])
    assert follow.exit_code == 0 and follow.output.strip() == "cases=0"
