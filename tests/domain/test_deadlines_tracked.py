"""Deadlines that stop applying, the deadlines the case tracks besides the statutory ones, and whose each is
(LR-DEADLINES, LR-EVASION, issue 17 "Deadlines and what next")."""

from __future__ import annotations

from datetime import date, timedelta

from enforcement.domain.deadlines import EMPLOYER, OFFICE, POLICE, CaseDates, Deadline, WorkCalendar, case_deadlines
from enforcement.domain.legal_params import ParamSet
from enforcement.domain.periods import Period, payment_deadline

CALENDAR = WorkCalendar()
RECORDED = date(2026, 3, 2)  # a Monday; D-EXPLAIN (5 working days) is due 09/03/2026


def _by_id(found: list[Deadline]) -> dict[str, Deadline]:
    return {d.id: d for d in found}


def test_lr_deadlines_d_explain_closes_when_the_decision_is_issued_before_any_explanation(params: ParamSet) -> None:
    """XLVPHC Art. 61/66: once the penalty decision is issued, the explanation window no longer applies: it is
    not shown as overdue ("quá 23 ngày") any more, and says why it closed."""
    today = date(2026, 4, 10)
    before = _by_id(case_deadlines(CaseDates(violation_recorded_on=RECORDED), today, CALENDAR, params))
    assert before["D-EXPLAIN"].overdue and before["D-EXPLAIN"].running
    assert before["D-EXPLAIN"].days_left == -32
    decided = CaseDates(violation_recorded_on=RECORDED, penalty_decided_on=date(2026, 3, 10))
    after = _by_id(case_deadlines(decided, today, CALENDAR, params))
    explain = after["D-EXPLAIN"]
    assert (explain.running, explain.overdue, explain.met) == (False, False, True)
    assert explain.ended_on == date(2026, 3, 10)
    assert explain.closed_note == "đã ra quyết định xử phạt"
    assert explain.party == EMPLOYER


def test_lr_deadlines_d_explain_still_runs_the_day_before_the_decision(params: ParamSet) -> None:
    """Boundary: a decision dated tomorrow has not closed the window yet."""
    decided = CaseDates(violation_recorded_on=RECORDED, penalty_decided_on=date(2026, 3, 11))
    explain = _by_id(case_deadlines(decided, date(2026, 3, 10), CALENDAR, params))["D-EXPLAIN"]
    assert explain.running and explain.overdue and explain.closed_note == ""
    explain_on_day = _by_id(case_deadlines(decided, date(2026, 3, 11), CALENDAR, params))["D-EXPLAIN"]
    assert not explain_on_day.running


def test_lr_deadlines_an_explanation_received_ends_d_explain_as_met_without_a_closing_note(params: ParamSet) -> None:
    dates = CaseDates(violation_recorded_on=RECORDED, explanation_received_on=date(2026, 3, 5),
                      penalty_decided_on=date(2026, 3, 20))
    explain = _by_id(case_deadlines(dates, date(2026, 4, 1), CALENDAR, params))["D-EXPLAIN"]
    assert explain.ended_on == date(2026, 3, 5) and explain.closed_note == ""


def test_lr_deadlines_a_closed_case_runs_no_duty_any_more(params: ParamSet) -> None:
    dates = CaseDates(violation_recorded_on=RECORDED, penalty_decided_on=date(2026, 3, 6),
                      closed_on=date(2026, 4, 1), closed_how="đơn vị đã nộp đủ")
    found = case_deadlines(dates, date(2026, 9, 1), CALENDAR, params)
    assert [d.id for d in found if d.running] == []
    enforce = _by_id(found)["D-ENFORCE"]
    assert enforce.ended_on == date(2026, 4, 1) and enforce.closed_note == "đơn vị đã nộp đủ"
    assert not any(d.overdue for d in found)


def test_lr_deadlines_the_repeat_offence_referral_closes_the_record_and_decision_deadlines(params: ParamSet) -> None:
    dates = CaseDates(inspection_concluded_on=date(2026, 3, 2), violation_found=True,
                      referral_drafted_on=date(2026, 3, 3))
    found = _by_id(case_deadlines(dates, date(2026, 4, 1), CALENDAR, params))
    assert not found["D-RECORD"].running and not found["D-RECORD"].overdue
    assert found["D-RECORD"].closed_note.startswith("hồ sơ chuyển kiến nghị khởi tố")
    assert not found["D-LIMIT"].running


def test_demand_pay_by_is_the_employers_deadline_until_the_penalty_decision(params: ParamSet) -> None:
    dates = CaseDates(demand_issued_on=date(2026, 5, 4), demand_pay_by=date(2026, 5, 19))
    pay = _by_id(case_deadlines(dates, date(2026, 5, 19), CALENDAR, params))["D-PAY"]
    assert (pay.label_vi, pay.party, pay.due, pay.days_left, pay.overdue) == (
        "Đơn vị nộp đủ số tiền nợ theo văn bản đôn đốc", EMPLOYER, date(2026, 5, 19), 0, False)
    late = _by_id(case_deadlines(dates, date(2026, 5, 20), CALENDAR, params))["D-PAY"]
    assert late.overdue and late.days_left == -1
    decided = CaseDates(demand_issued_on=date(2026, 5, 4), demand_pay_by=date(2026, 5, 19),
                        penalty_decided_on=date(2026, 7, 1))
    closed = _by_id(case_deadlines(decided, date(2026, 8, 1), CALENDAR, params))["D-PAY"]
    assert not closed.running and closed.closed_note == "quyết định xử phạt đã định thời hạn chấp hành mới"


def test_planned_inspection_date_is_the_offices_deadline_met_by_the_visit(params: ParamSet) -> None:
    dates = CaseDates(inspection_decided_on=date(2026, 6, 1), inspection_planned_on=date(2026, 6, 8))
    visit = _by_id(case_deadlines(dates, date(2026, 6, 9), CALENDAR, params))["D-INSPECT"]
    assert (visit.party, visit.overdue, visit.days_left) == (OFFICE, True, -1)
    done = CaseDates(inspection_decided_on=date(2026, 6, 1), inspection_planned_on=date(2026, 6, 8),
                     inspection_opened_on=date(2026, 6, 10))
    visit = _by_id(case_deadlines(done, date(2026, 6, 12), CALENDAR, params))["D-INSPECT"]
    assert visit.met and visit.ended_on == date(2026, 6, 10) and visit.closed_note == ""


def test_lr_evasion_sixty_day_threshold_is_a_milestone_reached_the_day_after_day_60(params: ParamSet) -> None:
    """LR-EVASION: evasion when still unpaid **more than** 60 days after the deadline: day 60 is the last day of
    late payment (the threshold's due date), day 61 reaches it. Never "overdue": a milestone."""
    period = Period(2026, 5)
    deadline = payment_deadline(period)
    dates = CaseDates(unpaid_periods=(period,))
    day_60 = deadline + timedelta(days=60)
    ahead = _by_id(case_deadlines(dates, day_60, CALENDAR, params))["D-EVASION"]
    assert ahead.running and ahead.days_left == 0 and not ahead.overdue and ahead.milestone
    assert ahead.label_vi == f"Kỳ 05/2026 quá 60 ngày chưa đóng kể từ hạn đóng {deadline:%d/%m/%Y} (ngưỡng trốn đóng)"
    assert ahead.party == EMPLOYER
    reached = _by_id(case_deadlines(dates, day_60 + timedelta(days=1), CALENDAR, params))["D-EVASION"]
    assert reached.met and not reached.overdue and reached.ended_on == day_60 + timedelta(days=1)


def test_lr_evasion_threshold_shows_the_last_reached_and_the_next_ahead_until_the_conclusion(params: ParamSet) -> None:
    months = (Period(2026, 3), Period(2026, 4), Period(2026, 5))
    today = payment_deadline(Period(2026, 4)) + timedelta(days=61)
    found = [d for d in case_deadlines(CaseDates(unpaid_periods=months), today, CALENDAR, params)
             if d.id == "D-EVASION"]
    assert [("04/2026" in d.label_vi, d.running) for d in found] == [(True, False), (False, True)]
    assert "05/2026" in found[1].label_vi
    concluded = CaseDates(unpaid_periods=months, inspection_concluded_on=today)
    assert not [d for d in case_deadlines(concluded, today, CALENDAR, params) if d.id == "D-EVASION"]


def test_lr_evasion_months_due_before_the_regime_are_not_watched(params: ParamSet) -> None:
    """LR-EVASION: a month whose deadline is before 01/07/2025 is classified by the inspector, not by 60 days."""
    old = Period(2025, 5)  # deadline 30/06/2025 under the old law... before the regime
    assert payment_deadline(old) < date(2025, 7, 1)
    found = case_deadlines(CaseDates(unpaid_periods=(old,)), date(2026, 1, 1), CALENDAR, params)
    assert [d.id for d in found] == []


def test_prosecution_deadline_belongs_to_the_police(params: ParamSet) -> None:
    dates = CaseDates(referral_received_on=date(2026, 6, 1))
    assert _by_id(case_deadlines(dates, date(2026, 6, 2), CALENDAR, params))["D-PROSECUTE"].party == POLICE
