"""Statutory deadlines of a case and the Vietnamese work calendar (LR-DEADLINES, R14–R23)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import holidays
import pytest

from enforcement.domain.deadlines import CaseDates, Deadline, WorkCalendar, case_deadlines
from enforcement.domain.legal_params import ParamSet

CALENDAR = WorkCalendar()


def _tet_2026() -> list[date]:
    table = holidays.country_holidays("VN", years=2026)
    return sorted(day for day, name in table.items() if "Lunar New Year" in name)


def test_lr_deadlines_seven_working_days_from_just_before_tet_skip_the_holiday() -> None:
    """LR-DEADLINES (XLVPHC Art. 66, 7 working days): the Tết days of the holidays package are skipped."""
    tet = _tet_2026()
    assert len(tet) >= 4
    start = tet[0] - timedelta(days=4)  # Thursday 2026-02-12
    due = CALENDAR.add_working_days(start, 7)
    assert all(start < day < due for day in tet)
    assert not any(CALENDAR.is_working_day(day) for day in tet)
    assert due == date(2026, 3, 2)
    assert (due - start).days == 7 + len(tet) + 3 * 2  # 7 working days, the Tết days, three weekends


def test_lr_deadlines_working_days_skip_a_weekend() -> None:
    friday = date(2026, 3, 6)
    assert CALENDAR.add_working_days(friday, 1) == date(2026, 3, 9)
    assert CALENDAR.add_working_days(friday, 2) == date(2026, 3, 10)
    assert CALENDAR.add_working_days(friday, 0) == friday


def test_lr_deadlines_an_admin_day_off_is_skipped() -> None:
    monday = date(2026, 3, 9)
    calendar = WorkCalendar(days_off=frozenset({monday}))
    assert not calendar.is_working_day(monday)
    assert calendar.add_working_days(date(2026, 3, 6), 2) == date(2026, 3, 11)


def test_lr_deadlines_a_swapped_working_saturday_counts_as_a_working_day() -> None:
    saturday = date(2026, 3, 7)
    calendar = WorkCalendar(working_days=frozenset({saturday}))
    assert calendar.is_working_day(saturday)
    assert calendar.add_working_days(date(2026, 3, 6), 1) == saturday


def test_lr_deadlines_the_packages_own_swapped_saturday_is_a_working_day() -> None:
    swapped = holidays.country_holidays("VN", years=2026).weekend_workdays
    saturday = min(day for day in swapped if day.year == 2026)
    assert saturday.weekday() == 5
    assert CALENDAR.is_working_day(saturday)
    assert not CALENDAR.is_working_day(saturday + timedelta(days=7))


def test_lr_deadlines_a_day_cannot_be_both_off_and_working() -> None:
    day = date(2026, 3, 7)
    with pytest.raises(ValueError, match="vừa là ngày nghỉ vừa là ngày làm việc"):
        WorkCalendar(days_off=frozenset({day}), working_days=frozenset({day}))


def test_lr_deadlines_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="không âm"):
        CALENDAR.add_working_days(date(2026, 3, 6), -1)


def _by_id(deadlines: list[Deadline]) -> dict[str, Deadline]:
    return {d.id: d for d in deadlines}


def test_lr_deadlines_nothing_runs_before_any_event(params: ParamSet) -> None:
    assert case_deadlines(CaseDates(), date(2026, 3, 1), CALENDAR, params) == []


def test_lr_deadlines_an_inspection_without_violation_starts_no_deadline(params: ParamSet) -> None:
    dates = CaseDates(inspection_concluded_on=date(2026, 3, 2), violation_found=False)
    assert case_deadlines(dates, date(2026, 3, 3), CALENDAR, params) == []


def test_lr_deadlines_d_record_two_working_days_decree_118_art_12(params: ParamSet) -> None:
    dates = CaseDates(inspection_concluded_on=date(2026, 3, 6), violation_found=True)
    record = _by_id(case_deadlines(dates, date(2026, 3, 9), CALENDAR, params))["D-RECORD"]
    assert record.due == date(2026, 3, 10)
    assert record.days_left == 1
    assert not record.overdue
    assert record.running


def test_lr_deadlines_d_record_is_overdue_the_day_after_its_due_date(params: ParamSet) -> None:
    dates = CaseDates(inspection_concluded_on=date(2026, 3, 6), violation_found=True)
    assert not _by_id(case_deadlines(dates, date(2026, 3, 10), CALENDAR, params))["D-RECORD"].overdue
    late = _by_id(case_deadlines(dates, date(2026, 3, 11), CALENDAR, params))["D-RECORD"]
    assert late.overdue
    assert late.days_left == -1


def test_lr_deadlines_d_record_is_met_once_the_violation_is_recorded(params: ParamSet) -> None:
    dates = CaseDates(
        inspection_concluded_on=date(2026, 3, 6),
        violation_found=True,
        violation_recorded_on=date(2026, 3, 12),
    )
    record = _by_id(case_deadlines(dates, date(2026, 3, 20), CALENDAR, params))["D-RECORD"]
    assert record.met
    assert not record.overdue
    assert record.ended_on == date(2026, 3, 12)


def test_lr_deadlines_d_limit_one_year_from_discovery_xlvphc_art_6(params: ParamSet) -> None:
    dates = CaseDates(inspection_concluded_on=date(2026, 3, 6), violation_found=True)
    assert _by_id(case_deadlines(dates, date(2026, 3, 9), CALENDAR, params))["D-LIMIT"].due == date(
        2027, 3, 6
    )


def test_lr_deadlines_d_explain_five_working_days_xlvphc_art_61(params: ParamSet) -> None:
    dates = CaseDates(violation_recorded_on=date(2026, 3, 6))
    assert _by_id(case_deadlines(dates, date(2026, 3, 9), CALENDAR, params))["D-EXPLAIN"].due == date(
        2026, 3, 13
    )


@pytest.mark.parametrize(
    ("explained", "transferred", "due"),
    [
        (None, None, date(2026, 3, 17)),  # 7 working days
        (date(2026, 3, 10), None, date(2026, 4, 6)),  # 1 month: the employer explained
        (None, date(2026, 3, 9), date(2026, 3, 20)),  # 10 working days: the file was transferred
    ],
)
def test_lr_deadlines_d_decision_seven_working_days_ten_when_transferred_one_month_explained_xlvphc_art_66(
    params: ParamSet, explained: date | None, transferred: date | None, due: date
) -> None:
    dates = CaseDates(
        violation_recorded_on=date(2026, 3, 6), explanation_received_on=explained, transferred_on=transferred
    )
    assert _by_id(case_deadlines(dates, date(2026, 3, 9), CALENDAR, params))["D-DECISION"].due == due


@pytest.mark.parametrize(
    ("extended_to", "due"),
    [
        (None, date(2026, 4, 6)),
        (date(2026, 4, 20), date(2026, 4, 20)),
        (date(2026, 5, 6), date(2026, 5, 6)),  # exactly one month more: the most XLVPHC Art. 66(1) allows
        (date(2026, 5, 7), date(2026, 5, 6)),  # one day beyond: capped at one month
        (date(2026, 4, 1), date(2026, 4, 6)),  # an "extension" before the deadline changes nothing
    ],
)
def test_lr_deadlines_complex_case_extension_is_at_most_one_month_xlvphc_art_66(
    params: ParamSet, extended_to: date | None, due: date
) -> None:
    dates = CaseDates(violation_recorded_on=date(2026, 3, 6), explanation_received_on=date(2026, 3, 10),
                      decision_extended_to=extended_to)
    assert _by_id(case_deadlines(dates, date(2026, 3, 9), CALENDAR, params))["D-DECISION"].due == due


def test_lr_deadlines_penalty_decision_starts_serve_and_enforce_and_ends_decision(params: ParamSet) -> None:
    dates = CaseDates(violation_recorded_on=date(2026, 3, 6), penalty_decided_on=date(2026, 3, 13))
    found = _by_id(case_deadlines(dates, date(2026, 3, 16), CALENDAR, params))
    assert found["D-DECISION"].met
    assert found["D-SERVE"].due == date(2026, 3, 18)
    assert found["D-ENFORCE"].due == date(2027, 3, 13)
    # No date of receipt: D-COMPLY runs from the decision + 3 working days (Wed 18/03), marked as assumed.
    assert found["D-COMPLY"].start == date(2026, 3, 18)
    assert found["D-COMPLY"].due == date(2026, 3, 28)
    assert found["D-COMPLY"].assumed
    assert "giả định" in found["D-COMPLY"].source


@pytest.mark.parametrize(("stated", "due"), [(None, date(2026, 3, 26)), (9, date(2026, 3, 26)),
                                             (10, date(2026, 3, 26)), (15, date(2026, 3, 31))])
def test_lr_deadlines_d_comply_is_the_stated_period_never_under_ten_days_xlvphc_art_73(
    params: ParamSet, stated: int | None, due: date
) -> None:
    dates = CaseDates(penalty_decided_on=date(2026, 3, 13), decision_received_on=date(2026, 3, 16),
                      compliance_days=stated)
    comply = _by_id(case_deadlines(dates, date(2026, 3, 17), CALENDAR, params))["D-COMPLY"]
    assert comply.due == due
    assert not comply.assumed


def test_lr_deadlines_d_comply_ten_days_from_receipt_xlvphc_art_73(params: ParamSet) -> None:
    dates = CaseDates(penalty_decided_on=date(2026, 3, 13), decision_received_on=date(2026, 3, 16))
    found = _by_id(case_deadlines(dates, date(2026, 3, 27), CALENDAR, params))
    assert found["D-SERVE"].met
    assert found["D-COMPLY"].due == date(2026, 3, 26)
    assert found["D-COMPLY"].overdue


def test_lr_deadlines_compliance_ends_comply_and_enforce_and_starts_clear_xlvphc_art_7(
    params: ParamSet,
) -> None:
    dates = CaseDates(
        penalty_decided_on=date(2026, 3, 13),
        decision_received_on=date(2026, 3, 16),
        complied_on=date(2026, 3, 20),
    )
    found = _by_id(case_deadlines(dates, date(2026, 4, 1), CALENDAR, params))
    assert found["D-COMPLY"].met
    assert found["D-ENFORCE"].met
    assert found["D-CLEAR"].due == date(2027, 3, 20)
    assert found["D-CLEAR"].running


def test_lr_deadlines_d_clear_is_met_not_overdue_after_its_year(params: ParamSet) -> None:
    dates = CaseDates(complied_on=date(2025, 3, 20))
    on_due = _by_id(case_deadlines(dates, date(2026, 3, 20), CALENDAR, params))["D-CLEAR"]
    after = _by_id(case_deadlines(dates, date(2026, 3, 21), CALENDAR, params))["D-CLEAR"]
    assert on_due.running
    assert after.met
    assert not after.overdue


def test_lr_deadlines_d_prosecute_twenty_days_from_receipt_cpc_art_147(params: ParamSet) -> None:
    dates = CaseDates(referral_received_on=date(2026, 5, 4))
    prosecute = _by_id(case_deadlines(dates, date(2026, 5, 5), CALENDAR, params))["D-PROSECUTE"]
    assert prosecute.due == date(2026, 5, 24)
    decided = CaseDates(referral_received_on=date(2026, 5, 4), prosecution_decided_on=date(2026, 5, 20))
    assert _by_id(case_deadlines(decided, date(2026, 6, 1), CALENDAR, params))["D-PROSECUTE"].met


def test_lr_deadlines_an_event_dated_in_the_future_does_not_end_a_deadline_yet(params: ParamSet) -> None:
    dates = CaseDates(
        inspection_concluded_on=date(2026, 3, 6),
        violation_found=True,
        violation_recorded_on=date(2026, 3, 12),
    )
    assert _by_id(case_deadlines(dates, date(2026, 3, 11), CALENDAR, params))["D-RECORD"].overdue


def test_lr_deadlines_serialise_with_their_source(params: ParamSet) -> None:
    dates = CaseDates(
        inspection_concluded_on=date(2026, 3, 6),
        violation_found=True,
        violation_recorded_on=date(2026, 3, 9),
        penalty_decided_on=date(2026, 3, 13),
        decision_received_on=date(2026, 3, 16),
        complied_on=date(2026, 3, 20),
        referral_received_on=date(2026, 5, 4),
    )
    data = [d.to_dict() for d in case_deadlines(dates, date(2026, 5, 5), CALENDAR, params)]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert {d["id"] for d in data} == {
        "D-RECORD",
        "D-LIMIT",
        "D-EXPLAIN",
        "D-DECISION",
        "D-SERVE",
        "D-ENFORCE",
        "D-COMPLY",
        "D-PROSECUTE",
        "D-CLEAR",
    }
    assert all(d["source"] and d["rule"] == "LR-DEADLINES" for d in data)
