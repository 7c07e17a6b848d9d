"""Late payment or evasion, per month (LR-EVASION: SI Law 2024 Art. 39(1)(đ), Decree 274/2025 Art. 6)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from enforcement.domain.evasion import classify_month, classify_months
from enforcement.domain.legal_params import ParamSet
from enforcement.domain.periods import Period, payment_deadline

JULY = Period(2025, 7)
DEADLINE = payment_deadline(JULY)  # 2025-08-31


def _classify(
    params: ParamSet,
    *,
    days_after: int,
    reminders: tuple[int, ...] = (),
    outstanding: int = 1_000_000,
    force_majeure: tuple[tuple[date, date], ...] = (),
) -> str:
    as_of = DEADLINE + timedelta(days=days_after)
    dates = [DEADLINE + timedelta(days=d) for d in reminders]
    return classify_month(JULY, outstanding, as_of, dates, force_majeure, params).suggestion


def test_lr_evasion_months_due_before_2025_07_01_are_left_to_the_inspector_part_b_3_6(
    params: ParamSet,
) -> None:
    result = classify_month(Period(2025, 5), 1_000, date(2026, 1, 1), [date(2025, 7, 5)], [], params)
    assert result.suggestion == "manual"
    assert "3.6" in result.clause
    assert "cán bộ kiểm tra" in result.reason


def test_lr_evasion_the_first_month_due_on_2025_07_31_is_classified_automatically(params: ParamSet) -> None:
    result = classify_month(Period(2025, 6), 1_000, date(2025, 10, 30), [date(2025, 8, 10)], [], params)
    assert result.suggestion == "evasion"
    assert result.rule == "LR-EVASION"


def test_lr_evasion_nothing_outstanding_is_none(params: ParamSet) -> None:
    assert _classify(params, days_after=100, reminders=(10,), outstanding=0) == "none"


def test_lr_evasion_not_yet_late_on_the_deadline_itself(params: ParamSet) -> None:
    assert _classify(params, days_after=0, reminders=()) == "none"


def test_lr_evasion_60_days_late_is_still_late_payment_61_is_evasion_art_39_1_d(params: ParamSet) -> None:
    assert _classify(params, days_after=60, reminders=(10,)) == "late_payment"
    assert _classify(params, days_after=61, reminders=(10,)) == "evasion"


def test_lr_evasion_reminder_on_day_45_counts_day_46_needs_manual_classification(params: ParamSet) -> None:
    """Decree 274/2025 Art. 6 case 3: a reminder within 45 days; later ones are unresolved (Part B §10.7)."""
    assert _classify(params, days_after=90, reminders=(45,)) == "evasion"
    assert _classify(params, days_after=90, reminders=(46,)) == "manual"


def test_lr_evasion_a_reminder_before_or_on_the_deadline_does_not_count(params: ParamSet) -> None:
    assert _classify(params, days_after=90, reminders=(0, -5)) == "late_payment"


def test_lr_evasion_never_reminded_is_late_payment_with_the_reason(params: ParamSet) -> None:
    result = classify_month(JULY, 5, DEADLINE + timedelta(days=90), [], [], params)
    assert result.suggestion == "late_payment"
    assert "chưa có văn bản đôn đốc" in result.reason


def test_lr_evasion_a_reminder_after_the_as_of_date_is_not_yet_known(params: ParamSet) -> None:
    as_of = DEADLINE + timedelta(days=70)
    result = classify_month(JULY, 5, as_of, [as_of + timedelta(days=1)], [], params)
    assert result.suggestion == "late_payment"


def test_lr_evasion_force_majeure_covering_the_month_makes_it_late_payment_art_39_2(params: ParamSet) -> None:
    storm = ((date(2025, 7, 20), date(2025, 8, 15)),)
    assert _classify(params, days_after=90, reminders=(10,), force_majeure=storm) == "late_payment"
    elsewhere = ((date(2025, 9, 1), date(2025, 9, 30)),)
    assert _classify(params, days_after=90, reminders=(10,), force_majeure=elsewhere) == "evasion"


@pytest.mark.parametrize("suggestion", ["evasion", "late_payment", "manual", "none"])
def test_lr_evasion_every_suggestion_serialises_with_rule_and_clause(
    params: ParamSet, suggestion: str
) -> None:
    cases = {
        "evasion": (90, (10,), 5),
        "late_payment": (30, (), 5),
        "manual": (90, (50,), 5),
        "none": (90, (), 0),
    }
    days, reminders, outstanding = cases[suggestion]
    as_of = DEADLINE + timedelta(days=days)
    result = classify_month(
        JULY, outstanding, as_of, [DEADLINE + timedelta(days=d) for d in reminders], [], params
    )
    data = result.to_dict()
    assert data["suggestion"] == suggestion
    assert data["period"] == "2025-07"
    assert data["rule"] == "LR-EVASION"
    assert data["clause"]


def test_lr_evasion_classify_months_returns_every_month_in_period_order(params: ParamSet) -> None:
    results = classify_months(
        {Period(2025, 8): 5, Period(2025, 5): 5, Period(2025, 7): 0},
        date(2025, 12, 31),
        [date(2025, 9, 5)],
        [],
        params,
    )
    assert [(str(r.period), r.suggestion) for r in results] == [
        ("2025-05", "manual"),
        ("2025-07", "none"),
        ("2025-08", "late_payment"),
    ]


def test_lr_evasion_a_reversed_force_majeure_range_is_refused(params: ParamSet) -> None:
    with pytest.raises(ValueError, match="bất khả kháng"):
        classify_month(JULY, 5, date(2025, 12, 1), [], [(date(2025, 8, 1), date(2025, 7, 1))], params)
