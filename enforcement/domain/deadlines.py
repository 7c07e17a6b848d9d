"""Statutory deadlines of a case, from its events (LEGAL.md LR-DEADLINES).

Working days skip Saturdays, Sundays and Vietnamese public holidays (the
``holidays`` package, country VN, including the swapped working Saturdays it
knows), plus days off and swapped working days entered by an admin. Each
deadline starts when its start event exists, shows its due date and the days
left, is overdue after the due date and stops running ("met") once the event
that ends it has happened, or once it no longer applies (the explanation window
once the penalty decision is issued, every duty once the case is closed: then
``closed_note`` says why). Each deadline is the employer's, the office's or the
police's (``party``). Besides the statutory ones, the case tracks the pay-by date
of its last demand notice (D-PAY), the planned inspection date (D-INSPECT) and,
until the inspection concludes, the next 60-day evasion threshold of an unpaid
month (D-EVASION, LR-EVASION: a milestone, reached rather than overdue).
Day counts come from the dated parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays

from .legal_params import ParamSet
from .periods import Period, add_months, add_years, format_date, payment_deadline

RULE = "LR-DEADLINES"


@lru_cache(maxsize=64)
def _vn_calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(public holidays, swapped working weekend days) of Vietnam around ``year``.

    Neighbouring years are included because a swap may cross the new year
    (e.g. a working Saturday in late December for a January day off).
    """
    table = holidays.country_holidays("VN", years=(year - 1, year, year + 1))
    return frozenset(table.keys()), frozenset(table.weekend_workdays)


@dataclass(frozen=True)
class WorkCalendar:
    """Vietnamese working days, adjusted by admin-entered days off and swapped working days."""

    days_off: frozenset[date] = field(default_factory=frozenset)
    working_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        both = self.days_off & self.working_days
        if both:
            first = min(both).isoformat()
            raise ValueError(f"Ngày {first} vừa là ngày nghỉ vừa là ngày làm việc bù: chỉ được chọn một")

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day."""
        if d in self.working_days:
            return True
        if d in self.days_off:
            return False
        public_holidays, swapped = _vn_calendar(d.year)
        if d.weekday() >= 5:
            return d in swapped
        return d not in public_holidays

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself not counted)."""
        if n < 0:
            raise ValueError("Số ngày làm việc phải không âm")
        day = start
        while n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day


@dataclass(frozen=True)
class CaseDates:
    """The events of a case that start or end a statutory deadline (all optional)."""

    inspection_concluded_on: date | None = None
    violation_found: bool = False
    violation_recorded_on: date | None = None
    explanation_received_on: date | None = None
    # XLVPHC Art. 66(1): the complex-case extension approved by the direct superior (at most 1 month more).
    decision_extended_to: date | None = None
    transferred_on: date | None = None  # the file went to the competent authority (LR-COMPETENCE)
    penalty_decided_on: date | None = None
    decision_received_on: date | None = None  # None: assumed decision + D-SERVE's working days
    compliance_days: int | None = None  # the period the decision states; never under the legal minimum
    complied_on: date | None = None  # the fine paid and the remedial measures done (D-ENFORCE, D-CLEAR)
    fine_paid_on: date | None = None  # the fine paid in full: the employer complied with it (D-COMPLY)
    referral_received_on: date | None = None
    prosecution_decided_on: date | None = None
    # The last demand notice: its date and the pay-by date it gives the employer (D-PAY).
    demand_issued_on: date | None = None
    demand_pay_by: date | None = None
    # The inspection decision, the planned date of the visit, the visit (D-INSPECT).
    inspection_decided_on: date | None = None
    inspection_planned_on: date | None = None
    inspection_opened_on: date | None = None
    # Unpaid months (LR-EVASION's 60-day threshold, watched until the inspection concludes).
    unpaid_periods: tuple[Period, ...] = ()
    # The repeat-offence route: the referral drafted without a penalty in this case.
    referral_drafted_on: date | None = None
    # The case ended (settled, dismissed, outcome recorded): no duty runs any more.
    closed_on: date | None = None
    closed_how: str = ""  # e.g. "đơn vị đã nộp đủ"


EMPLOYER = "employer"
OFFICE = "office"
POLICE = "police"


@dataclass(frozen=True)
class Deadline:
    """One statutory deadline: start, due date, days left, overdue, met, and its source."""

    id: str
    label_vi: str
    start: date
    due: date
    days_left: int
    overdue: bool
    met: bool
    source: str
    ended_on: date | None = None
    party: str = OFFICE  # whose deadline: the employer's, the office's, the police's
    milestone: bool = False  # a threshold that is reached, never "overdue" (D-EVASION, D-CLEAR)
    closed_note: str = ""  # why it stopped running without its own ending event ("no longer applies")
    assumed: bool = False  # computed from an assumed start (D-COMPLY without a date of receipt)

    @property
    def running(self) -> bool:
        """Still running: not met yet, still applies."""
        return not self.met

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "id": self.id,
            "label_vi": self.label_vi,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "days_left": self.days_left,
            "overdue": self.overdue,
            "met": self.met,
            "running": self.running,
            "source": self.source,
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
            "party": self.party,
            "milestone": self.milestone,
            "closed_note": self.closed_note,
            "assumed": self.assumed,
            "rule": RULE,
        }


def _deadline(
    spec: tuple[str, str, str],
    start: date,
    due: date,
    ended_on: date | None,
    today: date,
    *,
    party: str = OFFICE,
    closed: tuple[date | None, str] | None = None,
    assumed: bool = False,
) -> Deadline:
    """One deadline; ``closed`` is (the date, why) it stopped applying when its own event never came."""
    ident, label, source = spec
    note = ""
    if (ended_on is None or ended_on > today) and closed is not None and closed[0] is not None \
            and closed[0] <= today:
        ended_on, note = closed
    met = ended_on is not None and ended_on <= today
    return Deadline(
        ident,
        label,
        start,
        due,
        (due - today).days,
        not met and today > due,
        met,
        source,
        ended_on if met else None,
        party,
        False,
        note if met else "",
        assumed,
    )


def _first_closing(*candidates: tuple[date | None, str]) -> tuple[date | None, str] | None:
    """The earliest of the events that make a deadline no longer apply (None: none happened)."""
    found = [c for c in candidates if c[0] is not None]
    return min(found, key=lambda c: c[0]) if found else None  # type: ignore[arg-type, return-value]


CLOSED_CASE = "hồ sơ đã kết thúc"
PENALISED = "đã ra quyết định xử phạt"
REFERRED_INSTEAD = "hồ sơ chuyển kiến nghị khởi tố, không xử phạt hành chính"


_RECORD = (
    "D-RECORD",
    "Lập biên bản vi phạm hành chính",
    "Nghị định 118/2021/NĐ-CP Điều 12 (2 ngày làm việc)",
)
_EXPLAIN = ("D-EXPLAIN", "Đơn vị giải trình bằng văn bản", "Luật XLVPHC Điều 61 (5 ngày làm việc)")
_DECISION = ("D-DECISION", "Ra quyết định xử phạt", "Luật XLVPHC Điều 66")
_SERVE = ("D-SERVE", "Giao quyết định xử phạt", "Luật XLVPHC Điều 70 (3 ngày làm việc)")
_COMPLY = ("D-COMPLY", "Đơn vị chấp hành quyết định xử phạt", "Luật XLVPHC Điều 73 (10 ngày kể từ ngày nhận)")
_ENFORCE = ("D-ENFORCE", "Thời hiệu thi hành quyết định xử phạt", "Luật XLVPHC Điều 74 (01 năm)")
_LIMIT = (
    "D-LIMIT",
    "Thời hiệu xử phạt vi phạm hành chính",
    "Luật XLVPHC Điều 6 (01 năm kể từ khi phát hiện)",
)
_PROSECUTE = (
    "D-PROSECUTE",
    "Cơ quan điều tra giải quyết kiến nghị khởi tố",
    "Bộ luật Tố tụng hình sự 2015 Điều 147 (20 ngày)",
)
_CLEAR = (
    "D-CLEAR",
    "Hết thời hạn coi như chưa bị xử phạt",
    "Luật XLVPHC Điều 7 (01 năm kể từ khi chấp hành xong)",
)
_PAY = (
    "D-PAY",
    "Đơn vị nộp đủ số tiền nợ theo văn bản đôn đốc",
    "Văn bản đôn đốc (hạn nộp ghi trong văn bản)",
)
_INSPECT = (
    "D-INSPECT",
    "Làm việc tại đơn vị theo quyết định kiểm tra",
    "Quyết định kiểm tra (ngày dự kiến làm việc tại đơn vị)",
)
_EVASION_SOURCE = "Luật BHXH 2024 Điều 39 khoản 1 điểm đ; Nghị định 274/2025/NĐ-CP Điều 6"


def _decision_due(
    dates: CaseDates, start: date, calendar: WorkCalendar, params: ParamSet
) -> tuple[date, str]:
    """D-DECISION (XLVPHC Art. 66(1)): 7 working days; 10 when the file is transferred; 1 month when the employer
    explained; then at most 1 month more for a complex case with the direct superior's written approval."""
    if dates.explanation_received_on is not None:
        months = params.get("deadline_decision_explained_months", start)
        due, how = add_months(start, months), f"{months} tháng: đơn vị đã giải trình"
    elif dates.transferred_on is not None:
        days = params.get("deadline_decision_transferred_working_days", start)
        due, how = calendar.add_working_days(start, days), f"{days} ngày làm việc: vụ việc chuyển người có thẩm quyền"
    else:
        days = params.get("deadline_decision_working_days", start)
        due, how = calendar.add_working_days(start, days), f"{days} ngày làm việc"
    extended = dates.decision_extended_to
    if extended is not None and extended > due:
        months = params.get("deadline_decision_extension_months", start)
        longest = add_months(due, months)
        due = min(extended, longest)
        how += f"; gia hạn đến {format_date(due)}: vụ việc phức tạp (tối đa {months} tháng)"
    return due, how


def decision_base_due(dates: CaseDates, calendar: WorkCalendar, params: ParamSet) -> date | None:
    """D-DECISION before any extension (None without a violation record): what an extension is measured from."""
    start = dates.violation_recorded_on
    if start is None:
        return None
    from dataclasses import replace

    return _decision_due(replace(dates, decision_extended_to=None), start, calendar, params)[0]


def _inspection_deadlines(
    dates: CaseDates, today: date, calendar: WorkCalendar, params: ParamSet
) -> list[Deadline]:
    start = dates.inspection_concluded_on
    if start is None or not dates.violation_found:
        return []
    record_due = calendar.add_working_days(start, params.get("deadline_record_working_days", start))
    limit_due = add_years(start, params.get("deadline_limit_years", start))
    closed = _first_closing((dates.referral_drafted_on, REFERRED_INSTEAD),
                            (dates.closed_on, dates.closed_how or CLOSED_CASE))
    return [
        _deadline(_RECORD, start, record_due, dates.violation_recorded_on, today, closed=closed),
        _deadline(_LIMIT, start, limit_due, dates.penalty_decided_on, today, closed=closed),
    ]


def _record_deadlines(
    dates: CaseDates, today: date, calendar: WorkCalendar, params: ParamSet
) -> list[Deadline]:
    start = dates.violation_recorded_on
    if start is None:
        return []
    explain_due = calendar.add_working_days(start, params.get("deadline_explain_working_days", start))
    decision_due, how = _decision_due(dates, start, calendar, params)
    decision = (_DECISION[0], _DECISION[1], f"{_DECISION[2]} ({how})")
    referred = (dates.referral_drafted_on, REFERRED_INSTEAD)
    closed = (dates.closed_on, dates.closed_how or CLOSED_CASE)
    # The explanation window no longer applies once the decision is issued (XLVPHC Art. 61, 66).
    explain_closed = _first_closing((dates.penalty_decided_on, PENALISED), referred, closed)
    return [
        _deadline(_EXPLAIN, start, explain_due, dates.explanation_received_on, today, party=EMPLOYER,
                  closed=explain_closed),
        _deadline(decision, start, decision_due, dates.penalty_decided_on, today,
                  closed=_first_closing(referred, closed)),
    ]


def _decision_deadlines(
    dates: CaseDates, today: date, calendar: WorkCalendar, params: ParamSet
) -> list[Deadline]:
    found: list[Deadline] = []
    decided, received = dates.penalty_decided_on, dates.decision_received_on
    closed = _first_closing((dates.closed_on, dates.closed_how or CLOSED_CASE))
    if decided is not None:
        serve_days = params.get("deadline_serve_working_days", decided)
        serve_due = calendar.add_working_days(decided, serve_days)
        enforce_due = add_years(decided, params.get("deadline_enforce_years", decided))
        found += [
            _deadline(_SERVE, decided, serve_due, received, today, closed=closed),
            _deadline(_ENFORCE, decided, enforce_due, dates.complied_on, today, closed=closed),
        ]
        # D-COMPLY from receipt; without a date of receipt, the decision's date + D-SERVE's days, marked assumed.
        assumed = received is None
        if received is None:
            received = serve_due
        legal = params.get("deadline_comply_days", received)
        days = max(legal, dates.compliance_days or legal)
        # The source names the article (a text of the catalogue); the start (receipt, or assumed: the
        # deadline's ``assumed`` flag, shown beside it) and the days are the deadline's own dates.
        comply = _COMPLY if days == legal == 10 else (_COMPLY[0], _COMPLY[1], "Luật XLVPHC Điều 73")
        done = dates.complied_on or dates.fine_paid_on
        found.append(_deadline(comply, received, received + timedelta(days=days), done, today, assumed=assumed,
                               party=EMPLOYER, closed=closed))
    return found


def _later_deadlines(dates: CaseDates, today: date, params: ParamSet) -> list[Deadline]:
    found: list[Deadline] = []
    if dates.referral_received_on is not None:
        start = dates.referral_received_on
        due = start + timedelta(days=params.get("deadline_prosecute_days", start))
        found.append(_deadline(_PROSECUTE, start, due, dates.prosecution_decided_on, today, party=POLICE))
    if dates.complied_on is not None:
        due = add_years(dates.complied_on, params.get("deadline_clear_years", dates.complied_on))
        cleared = due + timedelta(days=1)
        found.append(_milestone(_deadline(_CLEAR, dates.complied_on, due, cleared, today, party=EMPLOYER)))
    return found


def _milestone(deadline: Deadline) -> Deadline:
    from dataclasses import replace

    return replace(deadline, milestone=True, overdue=False)


def _stage_deadlines(dates: CaseDates, today: date) -> list[Deadline]:
    """The demand notice's pay-by date (the employer's) and the planned inspection date (the office's)."""
    found: list[Deadline] = []
    closed = (dates.closed_on, dates.closed_how or CLOSED_CASE)
    if dates.demand_issued_on is not None and dates.demand_pay_by is not None:
        # The penalty decision's own compliance period (D-COMPLY) takes over from the demand's pay-by date.
        superseded = (dates.penalty_decided_on, "quyết định xử phạt đã định thời hạn chấp hành mới")
        found.append(_deadline(_PAY, dates.demand_issued_on, dates.demand_pay_by, None, today, party=EMPLOYER,
                               closed=_first_closing(superseded, closed)))
    if dates.inspection_decided_on is not None and dates.inspection_planned_on is not None:
        found.append(_deadline(_INSPECT, dates.inspection_decided_on, dates.inspection_planned_on,
                               dates.inspection_opened_on, today, closed=_first_closing(closed)))
    return found


def _evasion_deadlines(dates: CaseDates, today: date, params: ParamSet) -> list[Deadline]:
    """LR-EVASION: the next day an unpaid month passes 60 days after its payment deadline (a milestone).

    Watched until the inspection concludes (the conclusion then classifies the months). Months due
    before the evasion regime (01/07/2025) are never classified automatically and are not watched.
    Shown: the nearest threshold still ahead and the last one reached.
    """
    if dates.inspection_concluded_on is not None or dates.closed_on is not None or not dates.unpaid_periods:
        return []
    thresholds = []
    for period in sorted(set(dates.unpaid_periods)):
        deadline = payment_deadline(period)
        if deadline < params.get("evasion_regime_from", today):
            continue
        days = params.get("evasion_days_after_deadline", deadline)
        thresholds.append((period, deadline, deadline + timedelta(days=days), days))
    ahead = [t for t in thresholds if t[2] >= today]
    reached = [t for t in thresholds if t[2] < today]
    chosen = ([reached[-1]] if reached else []) + ([ahead[0]] if ahead else [])
    found = []
    for period, deadline, due, days in chosen:
        label = (f"Kỳ {period.month:02d}/{period.year} quá {days} ngày chưa đóng kể từ hạn đóng "
                 f"{format_date(deadline)} (ngưỡng trốn đóng)")
        spec = ("D-EVASION", label, _EVASION_SOURCE)
        reached_on = due + timedelta(days=1)
        found.append(_milestone(_deadline(spec, deadline, due, reached_on, today, party=EMPLOYER)))
    return found


def case_deadlines(dates: CaseDates, today: date, calendar: WorkCalendar, params: ParamSet) -> list[Deadline]:
    """LR-DEADLINES: every statutory deadline whose start event exists, as of ``today``.

    Nghị định 118/2021/NĐ-CP Điều 12; Luật XLVPHC Điều 6, 7, 61, 66, 70, 73, 74;
    Bộ luật Tố tụng hình sự 2015 Điều 147 (LEGAL.md R14–R23). D-CLEAR is not a
    duty: it is met (the penalty cleared) once its period has passed, never overdue.
    """
    return (
        _stage_deadlines(dates, today)
        + _evasion_deadlines(dates, today, params)
        + _inspection_deadlines(dates, today, calendar, params)
        + _record_deadlines(dates, today, calendar, params)
        + _decision_deadlines(dates, today, calendar, params)
        + _later_deadlines(dates, today, params)
    )
