"""The employer's sanction history: live or cleared, D-CLEAR, repeat offences (LR-SANCTIONS; D-CLEAR)."""

from __future__ import annotations

from datetime import date

import pytest

from enforcement.domain.legal_params import ParamSet
from enforcement.domain.periods import Period
from enforcement.domain.sanctions import (
    Decision,
    compliance_deadline,
    live_evasion_decisions,
    repeat_offence,
    statuses,
)

PARAMS = ParamSet.defaults()


def decision(key: str = "a", decided: date = date(2025, 3, 2), **kw) -> Decision:
    kw.setdefault("behaviours", ("si_evasion",))
    kw.setdefault("conduct_months", (Period(2024, 10), Period(2024, 11)))
    return Decision(key=key, decision_date=decided, **kw)


def status_on(d: Decision, on: date, *others: Decision):
    return next(s for s in statuses([d, *others], on, PARAMS) if s.decision.key == d.key)


@pytest.mark.parametrize(("on", "live"), [(date(2025, 9, 10), True), (date(2025, 9, 11), False)])
def test_lr_sanctions_a_warning_clears_6_months_after_it_was_served_xlvphc_art_7(on: date, live: bool) -> None:
    warning = decision(form="warning", behaviours=("si_late",), received_on=date(2025, 3, 10))
    s = status_on(warning, on)
    assert s.live is live
    assert s.cleared_on == date(2025, 9, 11)
    assert s.basis == "warning_served"


@pytest.mark.parametrize(("on", "live"), [(date(2026, 4, 10), True), (date(2026, 4, 11), False)])
def test_lr_sanctions_d_clear_a_fine_clears_1_year_after_compliance(on: date, live: bool) -> None:
    fine = decision(complied_on=date(2025, 4, 10))
    s = status_on(fine, on)
    assert s.live is live
    assert s.cleared_on == date(2026, 4, 11)
    assert ("coi như chưa bị xử phạt" in s.reason) is not live


def test_lr_sanctions_compliance_after_the_day_considered_is_not_counted() -> None:
    fine = decision(complied_on=date(2025, 8, 1))
    assert status_on(fine, date(2025, 6, 1)).basis == "enforcement_expired"


@pytest.mark.parametrize(("on", "live"), [(date(2027, 3, 2), True), (date(2027, 3, 3), False)])
def test_lr_sanctions_never_complied_clears_1_year_after_the_enforcement_limit_xlvphc_art_74(
    on: date, live: bool
) -> None:
    s = status_on(decision(), on)
    assert s.live is live
    assert s.live_until == date(2027, 3, 2)


def test_lr_sanctions_art_74_2_the_enforcement_limit_restarts_when_evading_enforcement_ends() -> None:
    evaded = decision(evading_enforcement=True, enforcement_evaded_until=date(2026, 1, 15))
    s = status_on(evaded, date(2027, 6, 1))
    assert s.live is True
    assert s.live_until == date(2028, 1, 15)
    assert "Điều 74 khoản 2" in s.reason


def test_lr_sanctions_art_74_2_still_evading_enforcement_stays_live_without_an_end() -> None:
    s = status_on(decision(evading_enforcement=True), date(2035, 1, 1))
    assert s.live is True
    assert s.live_until is None and s.cleared_on is None


def test_lr_sanctions_a_new_violation_inside_the_window_restarts_it() -> None:
    first = decision("first", complied_on=date(2025, 4, 10))
    second = decision("second", date(2026, 2, 1), behaviours=("si_late",), complied_on=date(2026, 3, 1))
    s = status_on(first, date(2026, 6, 1), second)
    assert s.live is True
    assert s.extended_by == ("second",)
    assert s.live_until == date(2027, 3, 1)
    assert "tính lại" in s.reason


def test_lr_sanctions_a_violation_after_the_window_does_not_revive_a_cleared_decision() -> None:
    first = decision("first", complied_on=date(2025, 4, 10))
    later = decision("later", date(2026, 5, 1), complied_on=date(2026, 5, 20))
    s = status_on(first, date(2026, 6, 1), later)
    assert s.live is False
    assert s.extended_by == ()


def test_lr_sanctions_a_decision_after_the_day_considered_is_not_yet_issued() -> None:
    s = status_on(decision(), date(2025, 1, 1))
    assert (s.live, s.basis) == (False, "not_yet")


@pytest.mark.parametrize(
    ("received", "days", "due", "assumed"),
    [
        (date(2025, 3, 11), None, date(2025, 3, 21), False),
        (date(2025, 3, 11), 30, date(2025, 4, 10), False),
        (date(2025, 3, 11), 5, date(2025, 3, 21), False),  # never under the legal 10 days
        (None, None, date(2025, 3, 15), True),  # 02/03 (Sun) + 3 working days = 05/03, + 10
    ],
)
def test_d_comply_runs_from_the_receipt_xlvphc_art_73(
    received: date | None, days: int | None, due: date, assumed: bool
) -> None:
    found = compliance_deadline(decision(received_on=received, compliance_days=days), PARAMS)
    assert (found.due, found.assumed_receipt) == (due, assumed)


def test_lr_sanctions_repeat_offence_evasion_found_while_an_evasion_decision_is_live_nd_283_art_4_2_l() -> None:
    live = decision(number="15/QĐ-XPHC")
    found = repeat_offence([live], date(2025, 8, 20), [Period(2025, 3), Period(2025, 4)], PARAMS)
    assert found.repeat is True
    assert found.new_months == (Period(2025, 3), Period(2025, 4))
    assert "Điều 4 khoản 2 điểm l" in found.reason
    assert "15/QĐ-XPHC" in found.reason


@pytest.mark.parametrize(
    ("decisions", "months", "why"),
    [
        ([decision(complied_on=date(2025, 3, 20))], [Period(2026, 6)], "không có quyết định"),
        ([decision(behaviours=("si_late",))], [Period(2025, 3)], "không có quyết định"),
        ([decision()], [Period(2024, 10), Period(2024, 11)], "không là tái phạm"),
        ([decision()], [Period(2024, 12)], "không là tái phạm"),  # due 31/01/2025, before the decision
    ],
)
def test_lr_sanctions_not_a_repeat_offence(decisions: list[Decision], months: list[Period], why: str) -> None:
    found = repeat_offence(decisions, date(2026, 8, 1) if months == [Period(2026, 6)] else date(2025, 8, 1),
                           months, PARAMS)
    assert found.repeat is False
    assert why in found.reason


def test_lr_sanctions_live_evasion_decisions_are_latest_first_and_skip_late_payment() -> None:
    a = decision("a", date(2025, 1, 5))
    b = decision("b", date(2025, 2, 5))
    c = decision("c", date(2025, 3, 5), behaviours=("si_late",))
    assert [s.decision.key for s in live_evasion_decisions([a, b, c], date(2025, 6, 1), PARAMS)] == ["b", "a"]


def test_lr_sanctions_a_decision_refuses_unknown_behaviours_and_dates_before_it() -> None:
    with pytest.raises(ValueError, match="Hành vi"):
        decision(behaviours=("fraud",))
    with pytest.raises(ValueError, match="complied_on"):
        decision(complied_on=date(2025, 1, 1))
