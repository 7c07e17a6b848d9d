"""Issue 12 item 3: errors in a file are found in linear time and reported within bounds.

The attack: the duplicate check listed every other duplicate row for every row
(10 000 identical rows 1.6 s, 40 000 rows 33 s; a 4.4 MB file killed a worker
at 30 s), and a CSV with 199 988 duplicate header columns produced a 49.6 MB
422 and 199 988 stored errors.  Now each group of duplicates is read once and
names at most five other rows, and a file reports its first ``MAX_ERRORS``
errors after one line that gives the total.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from enforcement.services.ledger_parse import MAX_ERRORS, MAX_IGNORED_LISTED, parse_ledger
from enforcement.services.tax_parse import parse_tax

HEADER = "ma_don_vi,ma_so_thue,ten_don_vi,ky,phai_dong,da_dong,so_lao_dong\n"
ROW = "TA1845P,3788149397,Công ty A,2026-01,1000,0,1\n"


def _identical_rows(n: int) -> bytes:
    return (HEADER + ROW * n).encode()


def _lines_run(data: bytes) -> int:
    """How many source lines the parser executes on ``data`` (a count of work, not a time)."""
    count = 0

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        parse_ledger(data)
    finally:
        sys.settrace(None)
    return count


def test_the_work_on_identical_rows_grows_linearly_not_quadratically():
    """Issue 12 item 3: the duplicate check built each row's list of the others (40 000 rows: 33 s).  Four
    times the rows must cost about four times the work; a list per row would cost sixteen times.
    (``bench/parse_duplicates.py`` measures the time.)"""
    small, large = _lines_run(_identical_rows(1_000)), _lines_run(_identical_rows(4_000))
    assert large <= 4.5 * small, (small, large)


def test_40_000_identical_rows_are_reported_with_a_bounded_list():
    data = _identical_rows(40_000)
    result = parse_ledger(data)
    assert len(result.errors) == MAX_ERRORS + 1
    summary = result.errors[0]
    assert summary.row_number is None and "40.000 lỗi" in summary.message
    assert f"{MAX_ERRORS} lỗi đầu tiên" in summary.message
    duplicate = result.errors[1]
    assert duplicate.row_number == 2 and duplicate.column == "ky"
    assert "đã có ở dòng 3, 4, 5, 6, 7 và 39994 dòng khác" in duplicate.message


def test_a_pair_of_duplicates_names_each_other():
    result = parse_ledger((HEADER + ROW + ROW).encode())
    assert [(e.row_number, e.message.split(":")[1].strip()[:14]) for e in result.errors] == [
        (2, "đã có ở dòng 3"), (3, "đã có ở dòng 2")]


def test_199_988_duplicate_header_columns_give_a_small_answer():
    header = ",".join(["ma_don_vi"] * 199_988 + ["ma_so_thue", "ten_don_vi", "ky", "phai_dong", "da_dong",
                                                 "so_lao_dong", *[f"x{i}" for i in range(500)]])
    data = (header + "\n").encode()
    result = parse_ledger(data)
    assert len(result.errors) == MAX_ERRORS + 1 and "199.987 lỗi" in result.errors[0].message
    assert len(result.ignored_columns) == MAX_IGNORED_LISTED + 1
    assert result.ignored_columns[-1] == "… và 450 cột khác"
    taxed = parse_tax(data.replace(b"ma_don_vi", b"ma_so_thue"))
    assert len(taxed.errors) <= MAX_ERRORS + 1


def test_through_the_api_the_422_stays_small(api, world):
    # 20 000 repeated columns: under the size above which the API makes the import a job (202)
    header = ",".join(["ma_don_vi"] * 20_000) + ",ma_so_thue,ten_don_vi,ky,phai_dong,da_dong,so_lao_dong\n"
    response = api.as_(world.inspector).post(
        "/imports", data={"file": (io.BytesIO(header.encode()), "cot-trung.csv")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert len(response.get_data()) < 1_000_000
    assert len(response.get_json()["errors"]) == MAX_ERRORS + 1
