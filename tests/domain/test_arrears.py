"""FIFO allocation (LR-FIFO), arrears figures (LR-ARREARS) and interest (LR-INTEREST, revised by issue 14)."""

from __future__ import annotations

import csv
import json
import random
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enforcement.domain.arrears import (
    LedgerMonth,
    allocate_fifo,
    arrears_figures,
    compute_interest,
    interest_factor,
)
from enforcement.domain.legal_params import ParamRow, ParamSet
from enforcement.domain.money import round_half_up
from enforcement.domain.periods import Period
from tests.shared_data import EXPECTED_FILES, SHARED_DATA

DATA = SHARED_DATA


def _ledger() -> dict[str, list[LedgerMonth]]:
    by_unit: dict[str, list[LedgerMonth]] = {}
    with (DATA / "ledger_small.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            month = LedgerMonth(
                Period.parse(row["ky"]),
                int(row["phai_dong"]),
                int(row["da_dong"]),
                int(row["so_lao_dong"]),
                int(row["trich_luong_nld"]),
            )
            by_unit.setdefault(row["ma_don_vi"], []).append(month)
    return by_unit


LEDGER = _ledger()


def _expected_cases() -> list[tuple[str, str, dict[str, Any]]]:
    cases = []
    for path in EXPECTED_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["monthly_rates"] == {}
        for unit, figures in data["employers"].items():
            cases.append((data["as_of"], unit, {**figures, "threshold": data["threshold"]}))
    return cases


def test_the_sample_data_is_where_the_tests_expect_it() -> None:
    assert len(EXPECTED_FILES) == 3
    assert len(LEDGER) == 12
    assert all(len(months) == 36 for months in LEDGER.values())


@pytest.mark.parametrize(("as_of", "unit", "expected"), _expected_cases())
def test_lr_arrears_and_lr_interest_match_every_figure_of_the_expected_files(
    as_of: str, unit: str, expected: dict[str, Any], params_no_old_rates: ParamSet
) -> None:
    """LR-ARREARS, LR-INTEREST (no old-regime monthly rate configured): expected_small*.json, exactly."""
    figures = arrears_figures(LEDGER[unit], date.fromisoformat(as_of), params_no_old_rates).to_dict()
    assert {key: figures[key] for key in expected} == expected


def test_lr_interest_factor_is_the_ledger_computation_of_an_amount_never_paid(params: ParamSet) -> None:
    """LR-INTEREST: the months form (no history) is the ledger rule with the amount unpaid from its deadline."""
    day = date(2026, 11, 25)
    for period in (Period(2024, 11), Period(2025, 6), Period(2025, 10), Period(2026, 9)):
        factor = interest_factor(period, day, params)
        ledger = arrears_figures([LedgerMonth(period, 32_000_000, 0, 1)], day, params)
        assert round_half_up(factor.fraction * 32_000_000) == ledger.interest_accrued
        assert compute_interest({period: 32_000_000}, day, params).amount == ledger.interest_accrued


def _month(period: str, due: int, paid: int, employees: int = 10) -> LedgerMonth:
    return LedgerMonth(Period.parse(period), due, paid, employees)


def test_lr_fifo_pays_the_oldest_month_first() -> None:
    result = allocate_fifo(
        [_month("2025-01", 100, 0), _month("2025-02", 100, 0), _month("2025-03", 100, 150)], date(2025, 3, 31)
    )
    assert [(str(m.period), m.allocated, m.outstanding) for m in result.months] == [
        ("2025-01", 100, 0),
        ("2025-02", 50, 50),
        ("2025-03", 0, 100),
    ]
    assert result.credit == 0
    assert result.rule == "LR-FIFO"


def test_lr_fifo_money_beyond_all_dues_is_a_credit_not_a_negative_outstanding() -> None:
    result = allocate_fifo([_month("2025-01", 100, 130), _month("2025-02", 100, 100)], date(2025, 2, 1))
    assert [m.outstanding for m in result.months] == [0, 0]
    assert result.credit == 30


def test_lr_fifo_ignores_rows_after_the_month_of_the_as_of_date_with_their_payments() -> None:
    result = allocate_fifo([_month("2025-01", 100, 0), _month("2025-02", 100, 200)], date(2025, 1, 31))
    assert [str(m.period) for m in result.months] == ["2025-01"]
    assert result.months[0].outstanding == 100
    assert result.ignored == (Period(2025, 2),)


def test_lr_fifo_refuses_the_same_period_twice_and_negative_amounts() -> None:
    with pytest.raises(ValueError, match="hai lần"):
        allocate_fifo([_month("2025-01", 1, 0), _month("2025-01", 1, 0)], date(2025, 2, 1))
    with pytest.raises(ValueError, match="không âm"):
        _month("2025-01", -1, 0)
    with pytest.raises(ValueError, match="không âm"):
        LedgerMonth(Period(2025, 1), 1, 0, True)  # type: ignore[arg-type]


def test_lr_deadline_a_month_whose_deadline_is_the_as_of_date_is_not_yet_late(params: ParamSet) -> None:
    """LR-DEADLINE / LR-ARREARS: 2025-06 is due 2025-07-31; late only from 2025-08-01."""
    months = [_month("2025-06", 1_000, 0)]
    on_deadline = arrears_figures(months, date(2025, 7, 31), params)
    day_after = arrears_figures(months, date(2025, 8, 1), params)
    assert on_deadline.months_in_arrears == 0
    assert on_deadline.principal == 0
    assert day_after.months_in_arrears == 1
    assert day_after.oldest_unpaid_period == Period(2025, 6)


def test_lr_interest_worked_example_one_billion_for_60_days_is_18_million(params: ParamSet) -> None:
    """LR-INTEREST (Part B §3.2): 1 000 000 000 đ × 0.03 % × 60 days = 18 000 000 đ."""
    as_of = date(2025, 8, 1) + timedelta(days=59)
    result = compute_interest({Period(2025, 6): 1_000_000_000}, as_of, params)
    assert result.per_month[0].factor.new_regime_days == 60
    assert result.amount == 18_000_000
    assert result.complete


def test_lr_interest_across_2025_07_01_adds_old_monthly_rates_then_daily_rate(params: ParamSet) -> None:
    """LR-INTEREST: 2025-03 owes old interest for 2025-05 and 2025-06, then 0.03 %/day from 2025-07-01."""
    rates = params.with_rows(
        ParamRow("interest_monthly_rate_si", "0.01", date(2025, 1, 1), date(2025, 12, 31), "thử nghiệm", "U"),
        ParamRow(
            "interest_monthly_rate_hi", "0.008", date(2025, 1, 1), date(2025, 12, 31), "thử nghiệm", "U"
        ),
    )
    result = compute_interest({Period(2025, 3): 32_000_000}, date(2025, 7, 10), rates)
    factor = result.per_month[0].factor
    assert [str(m.month) for m in factor.old_regime_months] == ["2025-05", "2025-06"]
    assert factor.new_regime_start == date(2025, 7, 1)
    assert factor.new_regime_days == 10
    assert result.amount == 2 * (275_000 + 36_000) + 96_000
    assert result.complete


def test_lr_interest_a_missing_old_rate_is_reported_and_counts_nothing(params: ParamSet) -> None:
    """LR-INTEREST: no 2024 rate configured → interest_complete false, 2024 listed, said in Vietnamese."""
    result = compute_interest({Period(2024, 10): 10_000_000}, date(2025, 1, 15), params)
    assert result.amount == 0
    assert not result.complete
    assert result.missing_years == [2024]
    assert "Chưa có lãi suất năm 2024" in " ".join(result.reasons)


def test_lr_interest_the_2020_default_rates_are_used_for_a_2020_month(params: ParamSet) -> None:
    """LR-INTEREST: Notice 63/TB-BHXH 2020: 27.5/32 × 0.9666 % + 4.5/32 × 0.9766 % per month."""
    result = compute_interest({Period(2020, 1): 64_000_000}, date(2020, 4, 30), params)
    assert [str(m.month) for m in result.per_month[0].factor.old_regime_months] == ["2020-03", "2020-04"]
    assert result.amount == 2 * (531_630 + 87_894)
    assert result.complete


def test_lr_interest_an_old_month_counts_only_once_it_has_ended(params: ParamSet) -> None:
    before = compute_interest({Period(2020, 1): 64_000_000}, date(2020, 5, 30), params)
    after = compute_interest({Period(2020, 1): 64_000_000}, date(2020, 5, 31), params)
    assert len(before.per_month[0].factor.old_regime_months) == 2
    assert len(after.per_month[0].factor.old_regime_months) == 3


def test_lr_interest_is_rounded_once_on_the_exact_sum(params: ParamSet) -> None:
    """LR-INTEREST: 0.33 đ + 0.336 đ = 0.666 đ → 1 đ, though each month alone rounds to 0."""
    result = compute_interest({Period(2025, 6): 1_100, Period(2025, 5): 35}, date(2025, 8, 1), params)
    assert [m.amount for m in result.per_month] == [0, 0]
    assert result.amount == 1


def test_lr_interest_daily_rate_changes_are_applied_from_their_start_date(params: ParamSet) -> None:
    changed = params.with_rows(ParamRow("interest_daily_rate", "0.0004", date(2026, 1, 1), None, "thử", "U"))
    factor = interest_factor(Period(2025, 10), date(2026, 1, 10), changed)
    assert factor.new_regime_days == 41
    assert factor.fraction == Fraction(3, 10_000) * 31 + Fraction(4, 10_000) * 10


def test_lr_arrears_counts_distinct_months_not_only_consecutive_ones(params: ParamSet) -> None:
    """LR-ARREARS: a month with nothing due breaks the run, not the count; headcount of late months only."""
    months = [
        _month("2025-08", 100, 0, 5),
        _month("2025-09", 0, 0, 70),
        _month("2025-10", 100, 0, 9),
        _month("2026-01", 100, 0, 80),
    ]
    figures = arrears_figures(months, date(2026, 1, 20), params)
    assert figures.months_in_arrears == 2
    assert figures.principal == 200
    assert figures.oldest_unpaid_period == Period(2025, 8)
    assert figures.employees_affected == 9


def test_lr_arrears_employees_affected_ignores_months_not_yet_due(params: ParamSet) -> None:
    months = [_month("2025-11", 100, 0, 9), _month("2026-01", 100, 0, 80)]
    assert arrears_figures(months, date(2026, 1, 20), params).employees_affected == 9


def test_lr_arrears_case_expected_from_the_threshold_parameter(params: ParamSet) -> None:
    months = [_month(f"2025-{m:02d}", 100, 0) for m in (8, 9, 10)]
    assert arrears_figures(months, date(2025, 12, 1), params).case_expected
    assert not arrears_figures(months[1:], date(2025, 12, 1), params).case_expected
    stricter = params.with_rows(ParamRow("arrears_threshold_months", 4, date(2025, 1, 1), None, "thử", "U"))
    assert not arrears_figures(months, date(2025, 12, 1), stricter).case_expected


def test_lr_arrears_figures_explain_themselves_as_json(params: ParamSet) -> None:
    figures = arrears_figures(LEDGER["TA5478N"], date(2026, 11, 25), params)
    data = json.loads(json.dumps(figures.to_dict(), ensure_ascii=False))
    assert data["rule"] == "LR-ARREARS"
    assert data["months"][0]["period"] == "2023-10"
    assert any("Chưa có lãi suất năm 2024" in reason for reason in data["reasons"])


def test_lr_arrears_warns_about_the_old_deadline_rule_for_as_of_dates_before_august_2025(
    params: ParamSet,
) -> None:
    early = arrears_figures([_month("2025-06", 1, 0)], date(2025, 7, 15), params)
    late = arrears_figures([_month("2025-06", 1, 0)], date(2025, 8, 15), params)
    assert any("trước 01/07/2025" in r for r in early.reasons)
    assert not any("Lưu ý" in r for r in late.reasons)


_ledger_rows = st.lists(
    st.tuples(st.integers(0, 10**9), st.integers(0, 10**9), st.integers(0, 500)), min_size=0, max_size=30
)


def _months_from(rows: list[tuple[int, int, int]]) -> list[LedgerMonth]:
    return [
        LedgerMonth(Period(2023, 1).add(i), due, paid, people) for i, (due, paid, people) in enumerate(rows)
    ]


@settings(max_examples=150)
@given(_ledger_rows, st.dates(date(2022, 12, 1), date(2026, 12, 31)))
def test_lr_fifo_never_leaves_a_negative_outstanding_and_conserves_money(
    rows: list[tuple[int, int, int]], as_of: date
) -> None:
    result = allocate_fifo(_months_from(rows), as_of)
    assert all(m.outstanding >= 0 for m in result.months)
    assert all(0 <= m.allocated <= m.due for m in result.months)
    assert result.total_due == sum(m.allocated for m in result.months) + sum(
        m.outstanding for m in result.months
    )
    assert result.total_paid == sum(m.allocated for m in result.months) + result.credit
    assert result.credit >= 0


@settings(max_examples=100)
@given(_ledger_rows, st.dates(date(2023, 1, 1), date(2026, 12, 31)), st.randoms(use_true_random=False))
def test_lr_arrears_figures_do_not_depend_on_the_order_of_the_rows(
    rows: list[tuple[int, int, int]], as_of: date, rnd: random.Random
) -> None:
    params = ParamSet.defaults()
    months = _months_from(rows)
    shuffled = months[:]
    rnd.shuffle(shuffled)
    assert (
        arrears_figures(shuffled, as_of, params).to_dict() == arrears_figures(months, as_of, params).to_dict()
    )


def test_lr_interest_a_month_before_the_2018_fund_shares_is_reported_not_guessed(params: ParamSet) -> None:
    """LR-INTEREST (R24): the 27.5/32 split holds from 2018; old interest of months before it is not guessed."""
    rates = params.with_rows(
        ParamRow("interest_monthly_rate_si", "0.01", date(2017, 1, 1), date(2018, 12, 31), "thử nghiệm", "U"),
        ParamRow("interest_monthly_rate_hi", "0.01", date(2017, 1, 1), date(2018, 12, 31), "thử nghiệm", "U"),
    )
    result = compute_interest({Period(2017, 8): 1_000_000}, date(2017, 12, 31), rates)
    assert result.amount == 0
    assert not result.complete and result.missing_years == [2017]
    assert any("tỷ lệ chia quỹ" in reason and "2017" in reason for reason in result.reasons)
    # From January 2018 the split is known: the same amount owes 1 % a month for 2018's months.
    later = compute_interest({Period(2017, 8): 1_000_000}, date(2018, 2, 28), rates)
    assert later.amount == 2 * 10_000 and later.missing_years == [2017]


def test_lr_interest_reasons_show_the_daily_rate_in_force(params: ParamSet) -> None:
    changed = params.with_rows(ParamRow("interest_daily_rate", "0.0004", date(2026, 1, 1), None, "thử", "U"))
    assert any("0,03 %/ngày" in r for r in compute_interest({}, date(2025, 12, 1), changed).reasons)
    assert any("0,04 %/ngày" in r for r in compute_interest({}, date(2026, 2, 1), changed).reasons)


# ---------------------------------------------------------------------------
# LR-INTEREST as revised (issue 14): every amount, for the days it was late.
# ---------------------------------------------------------------------------

WORKED_EXAMPLE = [_month("2025-08", 100_000_000, 0), _month("2025-11", 0, 90_000_000)]


def test_lr_interest_revised_worked_example_is_1_113_000(params: ParamSet) -> None:
    """LR-INTEREST worked example: 100 000 000 đ due for 2025-08, 90 000 000 đ paid in 2025-11, D = 2025-12-31.

    October 31 days on 100 000 000, November 30 and December 31 on 10 000 000: 930 000 + 90 000 +
    93 000 = 1 113 000 đ (the old rule, on what is unpaid at D only, gave 276 000 đ).
    """
    figures = arrears_figures(WORKED_EXAMPLE, date(2025, 12, 31), params)
    assert (figures.principal, figures.interest_accrued, figures.interest) == (10_000_000, 1_113_000, 1_113_000)
    assert figures.months[0].interest == 1_113_000
    old_rule = compute_interest({Period(2025, 8): 10_000_000}, date(2025, 12, 31), params)
    assert old_rule.amount == 276_000


def test_lr_interest_payment_day_last_counts_the_balance_before_the_months_payments(params: ParamSet) -> None:
    """LR-INTEREST, ``interest_payment_day`` = last: November is charged on 100 000 000 (before its payment)."""
    last = params.with_rows(ParamRow("interest_payment_day", "last", date(2000, 1, 1), None, "thử", "U"))
    figures = arrears_figures(WORKED_EXAMPLE, date(2025, 12, 31), last)
    assert figures.interest_accrued == 930_000 + 900_000 + 93_000
    assert any("ngày cuối tháng" in r for r in figures.reasons)
    assert any("ngày đầu tháng" in r for r in arrears_figures(WORKED_EXAMPLE, date(2025, 12, 31), params).reasons)


def test_lr_interest_payment_day_is_a_dated_parameter_read_for_each_month(params: ParamSet) -> None:
    """``last`` from 2025-12-01 only: November stays on 10 000 000 (first), December unchanged (no payment)."""
    dated = params.with_rows(ParamRow("interest_payment_day", "last", date(2025, 12, 1), None, "thử", "U"))
    assert arrears_figures(WORKED_EXAMPLE, date(2025, 12, 31), dated).interest_accrued == 1_113_000
    from_november = params.with_rows(ParamRow("interest_payment_day", "last", date(2025, 11, 1), None, "thử", "U"))
    assert arrears_figures(WORKED_EXAMPLE, date(2025, 12, 31), from_november).interest_accrued == 1_923_000


@pytest.mark.parametrize(
    ("paid_in", "expected"),
    [
        ("2025-09", 0),  # paid in its grace month: never late
        ("2025-10", 0),  # paid during its first late month: with ``first`` nothing for that month
        ("2025-11", 930_000),  # October (31 days) on the whole amount
    ],
)
def test_lr_interest_an_amount_paid_late_in_full_owes_interest_for_the_months_before(
    params: ParamSet, paid_in: str, expected: int
) -> None:
    """LR-INTEREST boundary: deadline 2025-09-30; payments count from the first day of their month."""
    months = [_month("2025-08", 100_000_000, 0), _month(paid_in, 0, 100_000_000)]
    figures = arrears_figures(months, date(2025, 12, 31), params)
    assert figures.principal == 0 and figures.months_in_arrears == 0
    assert figures.interest_accrued == figures.interest == expected
    assert figures.interest_only == (expected > 0) and figures.settled == (expected == 0)


def test_lr_interest_counts_days_up_to_the_as_of_date_inclusive(params: ParamSet) -> None:
    """LR-INTEREST: first late day 2025-10-01; as of 2025-10-01 one day, as of 2025-09-30 none."""
    months = [_month("2025-08", 10_000_000, 0)]
    assert arrears_figures(months, date(2025, 9, 30), params).interest_accrued == 0
    assert arrears_figures(months, date(2025, 10, 1), params).interest_accrued == 3_000
    assert arrears_figures(months, date(2025, 10, 2), params).interest_accrued == 6_000


def test_lr_interest_old_regime_charges_the_balance_at_the_end_of_the_month_before(params: ParamSet) -> None:
    """LR-INTEREST before 2025-07-01 (L = Pc × k): 2025-03 paid in May owes May's rate on the whole amount."""
    rates = params.with_rows(
        ParamRow("interest_monthly_rate_si", "0.01", date(2025, 1, 1), date(2025, 12, 31), "thử nghiệm", "U"),
        ParamRow("interest_monthly_rate_hi", "0.008", date(2025, 1, 1), date(2025, 12, 31), "thử nghiệm", "U"),
    )
    paid_in_may = [_month("2025-03", 32_000_000, 0), _month("2025-05", 0, 32_000_000)]
    assert arrears_figures(paid_in_may, date(2025, 7, 10), rates).interest_accrued == 311_000
    paid_in_april = [_month("2025-03", 32_000_000, 0), _month("2025-04", 0, 32_000_000)]
    assert arrears_figures(paid_in_april, date(2025, 7, 10), rates).interest_accrued == 0


def test_lr_arrears_interest_paid_is_subtracted_and_owed_never_negative(params: ParamSet) -> None:
    """LR-ARREARS: interest = max(0, interest_accrued − Σ interest_paid of months up to the month of D)."""
    paid = [
        LedgerMonth(Period(2025, 8), 100_000_000, 0, 5),
        LedgerMonth(Period(2025, 11), 0, 90_000_000, 5, interest_paid=1_000_000),
        LedgerMonth(Period(2026, 1), 0, 0, 5, interest_paid=500_000),  # after the month of D: ignored
    ]
    figures = arrears_figures(paid, date(2025, 12, 31), params)
    assert (figures.interest_accrued, figures.interest_paid, figures.interest) == (1_113_000, 1_000_000, 113_000)
    assert any("lãi đã đóng" in r for r in figures.reasons)
    overpaid = arrears_figures(paid, date(2026, 1, 5), params)
    assert overpaid.interest_paid == 1_500_000
    assert overpaid.interest == max(0, overpaid.interest_accrued - 1_500_000) == 0


def test_lr_arrears_an_employer_owing_interest_alone_says_so(params: ParamSet) -> None:
    figures = arrears_figures(
        [_month("2025-08", 100_000_000, 0), _month("2025-11", 0, 100_000_000)], date(2025, 12, 31), params
    )
    assert figures.interest_only and not figures.settled
    assert any("chỉ còn nợ lãi chậm đóng" in r for r in figures.reasons)
    assert figures.to_dict()["interest_only"] is True


def test_lr_interest_a_missing_daily_rate_is_reported_by_year(params: ParamSet) -> None:
    gap = params.with_rows(ParamRow("interest_daily_rate", None, date(2026, 1, 1), None, "chưa biết", "U"))
    figures = arrears_figures([_month("2025-08", 10_000_000, 0)], date(2026, 1, 10), gap)
    assert not figures.interest_complete and figures.missing_rate_years == [2026]
    assert figures.interest_accrued == 10_000_000 * 3 * (31 + 30 + 31) // 10_000


_late_payers = st.lists(
    st.tuples(st.integers(0, 10**9), st.integers(0, 4), st.integers(0, 100)), min_size=1, max_size=30
)


def _paying_late(rows: list[tuple[int, int, int]]) -> list[LedgerMonth]:
    """Each month's due paid ``lag`` months later (0–4), in part (``percent``); months may be missing."""
    paid: dict[int, int] = {}
    for i, (due, lag, percent) in enumerate(rows):
        paid[i + lag] = paid.get(i + lag, 0) + due * percent // 100
    return [
        LedgerMonth(Period(2024, 3).add(i), rows[i][0] if i < len(rows) else 0, paid.get(i, 0), 1)
        for i in range(len(rows) + 4)
        if i >= len(rows) or rows[i][2] != 37  # an occasional missing month
    ]


@settings(max_examples=150)
@given(_late_payers, st.dates(date(2024, 3, 1), date(2027, 6, 30)))
def test_lr_interest_ledger_computation_equals_the_running_sum_of_legal_md(
    rows: list[tuple[int, int, int]], as_of: date
) -> None:
    """LR-INTEREST: Σ_P outstanding_m(P) = max(0, cumdue(≤ m−2) − cumpaid(≤ m)), month by month (new regime)."""
    params = ParamSet.defaults()
    months = _paying_late(rows)
    kept = [m for m in months if m.period <= Period.of(as_of)]
    change = date(2025, 7, 1)
    total = Fraction(0)
    month = Period(2024, 3)
    while month <= Period.of(as_of):
        cumdue = sum(m.due for m in kept if m.period <= month.add(-2))
        cumpaid = sum(m.paid for m in kept if m.period <= month)
        first, last = max(month.first_day, change), min(month.last_day, as_of)
        days = max(0, (last - first).days + 1)
        total += max(0, cumdue - cumpaid) * days * Fraction(3, 10_000)
        month = month.add(1)
    figures = arrears_figures(months, as_of, params.without("interest_monthly_rate_si", "interest_monthly_rate_hi"))
    assert figures.interest_accrued == round_half_up(total)
