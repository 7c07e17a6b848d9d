"""Periods, payment deadlines (LR-DEADLINE) and date formats (Decree 30/2020)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enforcement.domain.periods import (
    Period,
    add_months,
    add_years,
    date_line,
    first_late_day,
    format_date,
    payment_deadline,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06", Period(2025, 6)),
        ("06/2025", Period(2025, 6)),
        ("6/2025", Period(2025, 6)),
        (" 2025-12 ", Period(2025, 12)),
        ("1/2024", Period(2024, 1)),
    ],
)
def test_period_parse_accepts_iso_and_slash_forms(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-13", "Kỳ không hợp lệ: 2025-13 (tháng phải từ 01 đến 12)"),
        ("13/2025", "Kỳ không hợp lệ: 13/2025 (tháng phải từ 01 đến 12)"),
        ("2025-00", "Kỳ không hợp lệ: 2025-00 (tháng phải từ 01 đến 12)"),
        ("0/2025", "Kỳ không hợp lệ: 0/2025 (tháng phải từ 01 đến 12)"),
        ("2025/06", "Kỳ không hợp lệ: 2025/06 (định dạng phải là YYYY-MM hoặc MM/YYYY)"),
        ("2025-6", "Kỳ không hợp lệ: 2025-6 (định dạng phải là YYYY-MM hoặc MM/YYYY)"),
        ("tháng sáu", "Kỳ không hợp lệ: tháng sáu (định dạng phải là YYYY-MM hoặc MM/YYYY)"),
        ("", "Kỳ không hợp lệ: (trống) (định dạng phải là YYYY-MM hoặc MM/YYYY)"),
    ],
)
def test_period_parse_refuses_bad_text_with_a_vietnamese_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        Period.parse(text)


def test_period_parse_refuses_a_non_string() -> None:
    with pytest.raises(ValueError, match="Kỳ không hợp lệ"):
        Period.parse(202506)  # type: ignore[arg-type]


def test_period_prints_as_year_dash_two_digit_month() -> None:
    assert str(Period(2025, 6)) == "2025-06"
    assert str(Period.parse("3/2026")) == "2026-03"


def test_periods_order_by_year_then_month() -> None:
    assert Period(2024, 12) < Period(2025, 1) < Period(2025, 2)
    assert sorted([Period(2025, 3), Period(2024, 11), Period(2025, 1)]) == [
        Period(2024, 11),
        Period(2025, 1),
        Period(2025, 3),
    ]


def test_period_add_crosses_year_boundaries_both_ways() -> None:
    assert Period(2025, 11).add(3) == Period(2026, 2)
    assert Period(2025, 1).add(-1) == Period(2024, 12)
    assert Period(2025, 1).add(-13) == Period(2023, 12)


def test_period_first_and_last_day_handle_leap_february() -> None:
    assert Period(2024, 2).first_day == date(2024, 2, 1)
    assert Period(2024, 2).last_day == date(2024, 2, 29)
    assert Period(2025, 2).last_day == date(2025, 2, 28)


def test_period_of_a_date_is_its_calendar_month() -> None:
    assert Period.of(date(2026, 11, 25)) == Period(2026, 11)


@pytest.mark.parametrize(
    ("period", "deadline"),
    [
        ("2025-06", date(2025, 7, 31)),
        ("2025-12", date(2026, 1, 31)),
        ("2024-01", date(2024, 2, 29)),
        ("2026-09", date(2026, 10, 31)),
    ],
)
def test_lr_deadline_is_the_last_day_of_the_following_month_si_law_2024_art_34_4(
    period: str, deadline: date
) -> None:
    assert payment_deadline(Period.parse(period)) == deadline


def test_lr_deadline_first_late_day_is_the_day_after_the_deadline() -> None:
    assert first_late_day(Period(2025, 6)) == date(2025, 8, 1)


@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(-600, 600))
def test_adding_and_subtracting_the_same_months_returns_the_period(year: int, month: int, n: int) -> None:
    period = Period(year, month)
    assert period.add(n).add(-n) == period
    assert period.months_until(period.add(n)) == n


def test_add_months_clamps_to_the_last_day_and_add_years_handles_29_february() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 15), 2) == date(2026, 5, 15)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_format_date_is_day_month_year_with_zeros() -> None:
    assert format_date(date(2026, 2, 5)) == "05/02/2026"
    assert format_date(date(2023, 10, 12)) == "12/10/2023"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2026"),
        (date(2023, 10, 2), "Hà Nội, ngày 02 tháng 10 năm 2023"),
        (date(2026, 3, 15), "Hà Nội, ngày 15 tháng 3 năm 2026"),
        (date(2026, 1, 9), "Hà Nội, ngày 09 tháng 01 năm 2026"),
        (date(2026, 9, 5), "Hà Nội, ngày 05 tháng 9 năm 2026"),
        (date(2026, 11, 30), "Hà Nội, ngày 30 tháng 11 năm 2026"),
        (date(2026, 12, 10), "Hà Nội, ngày 10 tháng 12 năm 2026"),
    ],
)
def test_date_line_zero_pads_days_1_to_9_and_months_1_2_only_decree_30_2020(day: date, expected: str) -> None:
    assert date_line("Hà Nội", day) == expected


def test_date_line_is_nfc_even_for_a_decomposed_place_name() -> None:
    decomposed = unicodedata.normalize("NFD", "Thủ Dầu Một")
    line = date_line(decomposed, date(2026, 2, 5))
    assert line == "Thủ Dầu Một, ngày 05 tháng 02 năm 2026"
    assert unicodedata.is_normalized("NFC", line)
