"""Money and date formats of the UI (issue 2; PRODUCT §2: ``1.234.567 đ``, ``dd/mm/yyyy``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from enforcement.filters import date_vi, datetime_vi, money, period_vi, words


def test_money_uses_dots_and_the_dong_sign():
    assert money(1234567) == "1.234.567 đ"
    assert money(0) == "0 đ"
    assert money(999) == "999 đ"
    assert money(1000) == "1.000 đ"
    assert money(None) == ""


def test_dates_are_day_month_year_with_leading_zeros():
    assert date_vi(date(2026, 2, 5)) == "05/02/2026"
    assert date_vi(date(2023, 10, 2)) == "02/10/2023"
    assert date_vi(None) == ""


def test_timestamps_are_shown_in_vietnam_time():
    late_evening_utc = datetime(2026, 2, 4, 18, 30, tzinfo=UTC)
    assert datetime_vi(late_evening_utc) == "05/02/2026 01:30"
    assert date_vi(late_evening_utc) == "05/02/2026"


def test_periods_are_month_slash_year():
    assert period_vi("2025-06") == "06/2025"


def test_amounts_in_words_lr_words():
    assert words(18_000_000) == "Mười tám triệu đồng"
