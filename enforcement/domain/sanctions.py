"""The employer's sanction history: live or cleared decisions, repeat offences (LEGAL.md LR-SANCTIONS).

Every administrative penalty decision against an employer — issued in any case
of the program, or entered by legal staff from before the system — is a
``Decision``. ``statuses`` says, as of a day, whether each is still **live** or
**cleared** ("coi như chưa bị xử phạt", Luật XLVPHC Điều 7):

- a warning clears 6 months after it was served;
- a fine clears 1 year after it was complied with (fine paid, remedial
  measures done);
- a decision never complied with clears 1 year after its enforcement time
  limit ran out (1 year from the decision, Điều 74 khoản 1; counted again from
  the day the offender stopped evading enforcement, Điều 74 khoản 2; open while
  the offender is still evading it);

provided no new violation occurred in that window: a later decision dated
inside it restarts the window, so the earlier one clears only with the later
(``extended_by`` names it). D-CLEAR of LR-DEADLINES is this date.

``repeat_offence`` is Decree 283/2026 Art. 4(2)(l): evasion found while an
evasion decision is still live must be transferred for criminal prosecution
(Luật XLVPHC Điều 62) instead of being fined again. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .deadlines import WorkCalendar
from .legal_params import ParamSet
from .periods import Period, add_months, add_years, format_date, payment_deadline
from .text import Months, Text, join, say, say_n

RULE = "LR-SANCTIONS"
CLEAR_CLAUSE = "Luật Xử lý vi phạm hành chính Điều 7"
ENFORCE_CLAUSE = "Luật Xử lý vi phạm hành chính Điều 74"
REPEAT_CLAUSE = say("Nghị định 283/2026/NĐ-CP Điều 4 khoản 2 điểm l; Luật Xử lý vi phạm hành chính Điều 62")
RETURN_CLAUSE = "Nghị định 283/2026/NĐ-CP Điều 4 khoản 3; Luật Xử lý vi phạm hành chính Điều 62 khoản 3"

# Behaviour codes: those of the fine calculator (LR-FINE) plus the two generic
# ones used for decisions under earlier decrees (Decree 12/2022 Art. 39 …).
BEHAVIOUR_LABELS: dict[str, str] = {
    "si_late": "Chậm đóng BHXH bắt buộc",
    "si_evasion": "Trốn đóng BHXH bắt buộc",
    "ui_late": "Chậm đóng BHTN",
    "ui_evasion": "Trốn đóng BHTN",
    "si_unregistered_late": "Không đăng ký đóng BHXH cho người lao động (chậm đóng)",
    "si_unregistered_evasion": "Không đăng ký đóng BHXH cho người lao động (trốn đóng)",
    "ui_unregistered_late": "Không đăng ký đóng BHTN cho người lao động (chậm đóng)",
    "ui_unregistered_evasion": "Không đăng ký đóng BHTN cho người lao động (trốn đóng)",
    "evasion": "Trốn đóng BHXH, BHTN",
    "late_payment": "Chậm đóng BHXH, BHTN",
}
BEHAVIOURS = tuple(BEHAVIOUR_LABELS)
EVASION_BEHAVIOURS = frozenset(code for code in BEHAVIOURS if code.endswith("evasion"))
FORMS = ("fine", "warning")
SOURCES = ("case", "manual", "input")
SOURCE_LABELS = {
    "case": say("quyết định ra trong hồ sơ"),
    "manual": say("quyết định nhập từ trước khi có hệ thống"),
    "input": say("quyết định khai báo"),
}


@dataclass(frozen=True)
class Decision:
    """One penalty decision of the employer's sanction history (all dates are calendar dates)."""

    key: str
    decision_date: date
    behaviours: tuple[str, ...]
    conduct_months: tuple[Period, ...] = ()
    number: str = ""
    form: str = "fine"
    fine_total: int = 0
    received_on: date | None = None
    compliance_days: int | None = None  # the period the decision states (≥ 10 days); None: the legal 10
    compliance_deadline: date | None = None  # stated outright (overrides receipt + days)
    complied_on: date | None = None
    fine_paid_on: date | None = None
    evading_enforcement: bool = False
    enforcement_evaded_until: date | None = None
    source: str = "input"
    case_id: int | None = None
    signer: str = ""

    def __post_init__(self) -> None:
        unknown = [b for b in self.behaviours if b not in BEHAVIOUR_LABELS]
        if unknown:
            raise ValueError(f"Hành vi không hợp lệ: {', '.join(unknown)}")
        if self.form not in FORMS:
            raise ValueError(f"Hình thức xử phạt không hợp lệ: {self.form}")
        for name in ("received_on", "compliance_deadline", "complied_on", "fine_paid_on"):
            value = getattr(self, name)
            if value is not None and value < self.decision_date:
                raise ValueError(f"{name}: ngày {format_date(value)} trước ngày ra quyết định")

    @property
    def is_evasion(self) -> bool:
        """Whether the decision penalised evasion (Decree 283/2026 Art. 44, 46; Decree 12/2022 Art. 39(7)(a))."""
        return any(b in EVASION_BEHAVIOURS for b in self.behaviours)

    @property
    def kind(self) -> str:
        """``evasion`` or ``late_payment``: what LR-ART216 C5 reads."""
        return "evasion" if self.is_evasion else "late_payment"

    @property
    def title(self) -> Text:
        """How sentences name the decision: "Quyết định số 12/QĐ-XPHC ngày 01/03/2025"."""
        if self.number:
            return say("Quyết định số %(number)s ngày %(day)s", number=self.number, day=self.decision_date)
        return say("Quyết định ngày %(day)s", day=self.decision_date)

    def months_text(self) -> Text:
        if not self.conduct_months:
            return say("chưa ghi")
        return Text("%(months)s", {"months": Months(sorted(self.conduct_months))}, literal=True)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "key": self.key,
            "number": self.number,
            "decision_date": self.decision_date.isoformat(),
            "behaviours": list(self.behaviours),
            "kind": self.kind,
            "conduct_months": [str(p) for p in sorted(self.conduct_months)],
            "form": self.form,
            "fine_total": self.fine_total,
            "received_on": _iso(self.received_on),
            "compliance_days": self.compliance_days,
            "compliance_deadline": _iso(self.compliance_deadline),
            "complied_on": _iso(self.complied_on),
            "fine_paid_on": _iso(self.fine_paid_on),
            "evading_enforcement": self.evading_enforcement,
            "enforcement_evaded_until": _iso(self.enforcement_evaded_until),
            "source": self.source,
            "case_id": self.case_id,
            "signer": self.signer,
        }


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


@dataclass(frozen=True)
class ComplianceDeadline:
    """D-COMPLY of one decision: from its receipt; without one, decision + 3 working days, assumed."""

    due: date
    received_on: date
    assumed_receipt: bool
    stated: bool

    def sentence(self) -> Text:
        if self.stated:
            return say("hạn chấp hành ghi trong quyết định là %(day)s", day=self.due)
        received = self.received_on
        how = (say("giả định nhận ngày %(day)s (chưa ghi ngày nhận)", day=received) if self.assumed_receipt
               else say("nhận ngày %(day)s", day=received))
        return say("hạn chấp hành %(day)s (%(how)s, Luật XLVPHC Điều 73)", day=self.due, how=how)


def compliance_deadline(
    decision: Decision, params: ParamSet, calendar: WorkCalendar | None = None
) -> ComplianceDeadline:
    """D-COMPLY (LR-DEADLINES): receipt + the stated period (at least the legal 10 days).

    Luật XLVPHC Điều 73. Without a receipt date: the decision's date + the
    serving period (D-SERVE, 3 working days), marked as assumed.
    """
    if decision.compliance_deadline is not None:
        received = decision.received_on or decision.decision_date
        return ComplianceDeadline(decision.compliance_deadline, received, decision.received_on is None, True)
    calendar = calendar or WorkCalendar()
    assumed = decision.received_on is None
    if assumed:
        serve = params.get("deadline_serve_working_days", decision.decision_date)
        received = calendar.add_working_days(decision.decision_date, serve)
    else:
        received = decision.received_on  # type: ignore[assignment]
    legal = params.get("deadline_comply_days", received)
    days = max(legal, decision.compliance_days or legal)
    return ComplianceDeadline(received + timedelta(days=days), received, assumed, False)


@dataclass(frozen=True)
class SanctionStatus:
    """A decision's standing on a day: live or cleared, the last live day and why."""

    decision: Decision
    on: date
    live: bool
    live_until: date | None  # None: open (the offender still evades enforcement)
    basis: str  # warning_served | complied | enforcement_expired | evading_enforcement | not_yet
    own_live_until: date | None
    extended_by: tuple[str, ...]
    reason: str

    @property
    def cleared_on(self) -> date | None:
        """The first day the employer counts as not penalised by this decision (D-CLEAR)."""
        return None if self.live_until is None else self.live_until + timedelta(days=1)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "rule": RULE,
            "decision": self.decision.to_dict(),
            "on": self.on.isoformat(),
            "live": self.live,
            "status": "live" if self.live else "not_yet" if self.basis == "not_yet" else "cleared",
            "live_until": _iso(self.live_until),
            "cleared_on": _iso(self.cleared_on),
            "basis": self.basis,
            "extended_by": list(self.extended_by),
            "clause": CLEAR_CLAUSE,
            "reason": self.reason,
        }


def _own_window(decision: Decision, on: date, params: ParamSet) -> tuple[date | None, str, Text]:
    """(last live day before any restart, basis, Vietnamese sentence)."""
    if decision.form == "warning":
        served = decision.received_on or decision.decision_date
        months = params.get("deadline_clear_warning_months", served)
        until = add_months(served, months)
        return (
            until,
            "warning_served",
            say_n("cảnh cáo đã giao ngày %(day)s: sau %(num)d tháng là hết (%(until)s)",
                  "cảnh cáo đã giao ngày %(day)s: sau %(num)d tháng là hết (%(until)s)", months, day=served,
                  until=until),
        )
    years = params.get("deadline_clear_years", decision.decision_date)
    complied = decision.complied_on if decision.complied_on and decision.complied_on <= on else None
    if complied is not None:
        until = add_years(complied, years)
        return (
            until,
            "complied",
            say_n("chấp hành xong ngày %(day)s: sau %(num)d năm là hết (%(until)s)",
                  "chấp hành xong ngày %(day)s: sau %(num)d năm là hết (%(until)s)", years, day=complied, until=until),
        )
    enforce = params.get("deadline_enforce_years", decision.decision_date)
    if decision.evading_enforcement and decision.enforcement_evaded_until is None:
        return (
            None,
            "evading_enforcement",
            say(
                "chưa chấp hành và đơn vị đang trốn tránh, trì hoãn việc thi hành: thời hiệu thi hành chưa bắt đầu "
                "tính lại (Luật XLVPHC Điều 74 khoản 2)"
            ),
        )
    if decision.enforcement_evaded_until is not None:
        start = decision.enforcement_evaded_until
        limit = add_years(start, enforce)
        how = say(
            "thời hiệu thi hành tính lại từ ngày %(day)s, khi đơn vị chấm dứt trốn tránh, trì hoãn (Luật XLVPHC "
            "Điều 74 khoản 2), hết ngày %(limit)s", day=start, limit=limit,
        )
    else:
        limit = add_years(decision.decision_date, enforce)
        how = say_n("chưa chấp hành xong; thời hiệu thi hành %(num)d năm hết ngày %(limit)s (Điều 74)",
                    "chưa chấp hành xong; thời hiệu thi hành %(num)d năm hết ngày %(limit)s (Điều 74)", enforce,
                    limit=limit)
    until = add_years(limit, years)
    return until, "enforcement_expired", say_n(
        "%(how)s; sau %(num)d năm nữa là hết (%(until)s)", "%(how)s; sau %(num)d năm nữa là hết (%(until)s)", years,
        how=how, until=until,
    )


def statuses(decisions: Iterable[Decision], on: date, params: ParamSet) -> list[SanctionStatus]:
    """LR-SANCTIONS: every decision's standing on ``on``, oldest decision first.

    Luật XLVPHC Điều 7, 74. Decisions dated after ``on`` are listed as not yet
    issued. A later decision dated inside a decision's window (a new violation
    before it cleared) restarts the window: the earlier one is live as long as
    the later one is.
    """
    ordered = sorted(decisions, key=lambda d: (d.decision_date, d.key))
    known = [d for d in ordered if d.decision_date <= on]
    own = {d.key: _own_window(d, on, params) for d in known}
    effective: dict[str, tuple[date | None, tuple[str, ...]]] = {}
    for decision in reversed(known):  # later decisions first: their windows are final
        until, _basis, _text = own[decision.key]
        extended: list[str] = []
        for later in known:
            if later.decision_date <= decision.decision_date or later.key == decision.key:
                continue
            if until is not None and later.decision_date > until:
                continue
            later_until = effective[later.key][0]
            if until is None:
                continue
            if later_until is None or later_until > until:
                until = later_until
                extended.append(later.key)
        effective[decision.key] = (until, tuple(extended))
    out: list[SanctionStatus] = []
    titles = {d.key: d.title for d in known}
    for decision in ordered:
        if decision.decision_date > on:
            out.append(SanctionStatus(decision, on, False, None, "not_yet", None, (),
                                      say("%(title)s sau ngày xét", title=decision.title)))
            continue
        own_until, basis, text = own[decision.key]
        until, extended = effective[decision.key]
        live = until is None or on <= until
        parts = [Text("%(title)s: %(text)s", {"title": decision.title, "text": text}, literal=True)]
        if extended:
            parts.append(say(
                "; nhưng trong thời hạn đó đơn vị lại bị xử phạt (%(later)s), nên thời hạn tính lại theo quyết định "
                "sau, hết ngày %(until)s", later=join(", ", (titles[k] for k in extended)),
                until=until or say("(chưa xác định)"),
            ))
        if live:
            parts.append(say(". Tại ngày %(day)s quyết định còn hiệu lực để xét (chưa được coi là chưa bị xử phạt).",
                             day=on))
        else:
            parts.append(say(". Từ ngày %(day)s đơn vị được coi như chưa bị xử phạt theo quyết định này (Luật XLVPHC "
                             "Điều 7).", day=until + timedelta(days=1)))  # type: ignore[operator]
        sentence = join("", parts)
        out.append(SanctionStatus(decision, on, live, until, basis, own_until, extended, sentence))
    return out


def live_evasion_decisions(decisions: Iterable[Decision], on: date, params: ParamSet) -> list[SanctionStatus]:
    """The evasion decisions still live on ``on``, latest first."""
    found = [s for s in statuses(decisions, on, params) if s.live and s.decision.is_evasion]
    return sorted(found, key=lambda s: s.decision.decision_date, reverse=True)


@dataclass(frozen=True)
class RepeatOffence:
    """Decree 283/2026 Art. 4(2)(l): whether newly found evasion is a repeat offence, and why."""

    repeat: bool
    decision: SanctionStatus | None
    new_months: tuple[Period, ...]
    reason: Text
    clause: Text = REPEAT_CLAUSE

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": RULE,
            "repeat": self.repeat,
            "decision": None if self.decision is None else self.decision.to_dict(),
            "new_months": [str(p) for p in self.new_months],
            "clause": self.clause,
            "reason": self.reason,
        }


def repeat_offence(
    decisions: Iterable[Decision], found_on: date, evasion_months: Sequence[Period], params: ParamSet
) -> RepeatOffence:
    """LR-SANCTIONS: evasion found on ``found_on`` while an evasion decision is live (tái phạm).

    The new evasion must be conduct after that decision: months it did not
    cover whose payment deadline is on or after its date (the non-payment began
    after the employer was penalised). Decree 283/2026 Art. 4(2)(l).
    """
    months = sorted(set(evasion_months))
    if not months:
        return RepeatOffence(False, None, (), say("Kết luận kiểm tra không xác định tháng trốn đóng nào"))
    live = live_evasion_decisions(decisions, found_on, params)
    if not live:
        return RepeatOffence(
            False,
            None,
            (),
            say("Tại ngày %(day)s đơn vị không có quyết định xử phạt hành vi trốn đóng nào còn hiệu lực (Luật XLVPHC "
                "Điều 7): không phải tái phạm", day=found_on),
        )
    for status in live:
        decision = status.decision
        covered = set(decision.conduct_months)
        new = tuple(p for p in months if p not in covered and payment_deadline(p) >= decision.decision_date)
        if new:
            return RepeatOffence(True, status, new, say(
                "Tái phạm: tại ngày %(day)s đơn vị còn trong thời hạn bị coi là đã bị xử phạt theo %(title)s về hành "
                "vi trốn đóng (còn hiệu lực đến hết %(live)s) mà lại trốn đóng các tháng %(months)s. Phải chuyển hồ sơ "
                "để truy cứu trách nhiệm hình sự, không xử phạt hành chính lần nữa (%(clause)s).",
                day=found_on, title=decision.title, live=status.live_until or say("khi chấm dứt trốn tránh thi hành"),
                months=Months(new), clause=REPEAT_CLAUSE,
            ))
    return RepeatOffence(False, live[0], (), say(
        "Các tháng trốn đóng đã nằm trong quyết định còn hiệu lực (%(titles)s) hoặc phát sinh trước quyết định đó: "
        "không phải hành vi mới sau khi bị xử phạt, nên không là tái phạm",
        titles=join("; ", (s.decision.title for s in live)),
    ))
