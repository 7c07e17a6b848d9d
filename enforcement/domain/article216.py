"""Article 216 of the Penal Code 2015, evaluated criterion by criterion (LEGAL.md LR-ART216, revised).

Input is the concluded evasion months — each with its amount, the number of
workers **actually evaded** as confirmed by the inspector (``null`` until
confirmed; the ledger headcount travels only as a suggestion) and the employee
shares withheld and not paid over — the employer's sanction history
(LR-SANCTIONS, ``enforcement.domain.sanctions``), the prior offences and what
is still unpaid on the evaluation date. The JSON contract is parsed strictly
by ``parse_article216_input`` (errors name the field, in Vietnamese).

``evaluate_article216`` returns each criterion C1–C6 with value, threshold,
status, clause, reason and its **evidence** (which months, which confirmed
counts, which decision) as data and as Vietnamese sentences; the verdict
C1 ∧ C2 ∧ (C3 ∨ C4) ∧ C5 ∧ C6; the clause (band) and its penalty ranges. The
thresholds are those in force on the date of the conduct (the last counted
month's payment deadline); when the law in force on the evaluation date is
more lenient, the result says so (Bộ luật Hình sự Điều 7).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .legal_params import ParamSet
from .money import format_money
from .periods import Period, payment_deadline
from .sanctions import (
    BEHAVIOURS,
    FORMS,
    SOURCE_LABELS,
    SOURCES,
    Decision,
    SanctionStatus,
    compliance_deadline,
    statuses,
)
from .text import Money, Months, Text, capitalised, join, say, say_n
from .text import month_text as month_text

RULE = "LR-ART216"
ARTICLE = "BLHS 2015 Điều 216"
OFFENDERS = ("person", "legal_entity")
_FIELDS = (
    "evaluation_date",
    "offender",
    "evasion_months",
    "prior_offences",
    "prior_penalties",
    "still_unpaid",
)
_OPTIONAL = ("withheld_not_paid",)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_PERIOD = re.compile(r"\d{4}-\d{2}")


def _months(items: Sequence[EvasionMonth]) -> Months:
    return Months(m.period for m in items)


@dataclass(frozen=True)
class EvasionMonth:
    """A concluded evasion month.

    ``employees`` is the number of workers actually evaded as confirmed by the
    inspector (None: not confirmed yet); ``ledger_employees`` the ledger's
    headcount of the month, a suggestion only; ``withheld`` the employee shares
    withheld from wages in that month and not paid over.
    """

    period: Period
    amount: int
    employees: int | None
    ledger_employees: int | None = None
    withheld: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "period": str(self.period),
            "amount": self.amount,
            "employees": self.employees,
            "ledger_employees": self.ledger_employees,
            "withheld": self.withheld,
        }


def _decision_input(d: Decision) -> dict[str, Any]:
    out: dict[str, Any] = {
        "decision_date": d.decision_date.isoformat(),
        "behaviour": d.behaviours[0] if len(d.behaviours) == 1 else d.kind,
        "number": d.number,
        "conduct_months": [str(p) for p in sorted(d.conduct_months)],
        "form": d.form,
        "received_on": d.received_on.isoformat() if d.received_on else None,
        "compliance_deadline": d.compliance_deadline.isoformat() if d.compliance_deadline else None,
        "complied_on": d.complied_on.isoformat() if d.complied_on else None,
        "evading_enforcement": d.evading_enforcement,
        "enforcement_evaded_until": d.enforcement_evaded_until.isoformat() if d.enforcement_evaded_until else None,
        "source": d.source,
        "case_id": d.case_id,
    }
    return out


@dataclass(frozen=True)
class Art216Input:
    """The parsed input of the Article 216 evaluation (see the module docstring)."""

    evaluation_date: date
    offender: str
    evasion_months: tuple[EvasionMonth, ...]
    withheld_not_paid: int
    prior_offences: int
    prior_penalties: tuple[Decision, ...]
    still_unpaid: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form, in the shape of the input contract (normalised)."""
        return {
            "evaluation_date": self.evaluation_date.isoformat(),
            "offender": self.offender,
            "evasion_months": [m.to_dict() for m in self.evasion_months],
            "withheld_not_paid": self.withheld_not_paid,
            "prior_offences": self.prior_offences,
            "prior_penalties": [_decision_input(p) for p in self.prior_penalties],
            "still_unpaid": self.still_unpaid,
        }


class InputError(ValueError):
    """Malformed Article 216 input; ``errors`` lists ``(field, Vietnamese message)``."""

    def __init__(self, errors: Sequence[tuple[str, str]]) -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        super().__init__("; ".join(f"{name}: {message}" if name else message for name, message in self.errors))


@dataclass
class _Reader:
    """Collects every input error instead of stopping at the first."""

    errors: list[tuple[str, str]] = field(default_factory=list)

    def fail(self, name: str, message: str) -> None:
        if all(known != name for known, _ in self.errors):
            self.errors.append((name, message))

    def amount(self, obj: dict[str, Any], key: str, name: str) -> int:
        value = obj.get(key)
        if isinstance(value, bool):
            self.fail(name, f"phải là số nguyên, không phải giá trị đúng/sai ({str(value).lower()})")
            return 0
        if not isinstance(value, int):
            self.fail(name, f"phải là số nguyên (nhận {_shown(value)})")
            return 0
        if value < 0:
            self.fail(name, f"không được âm (nhận {value})")
            return 0
        return value

    def day(self, value: Any, name: str) -> date | None:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            self.fail(name, f"phải là ngày dạng YYYY-MM-DD (nhận {_shown(value)})")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(name, f"ngày không tồn tại: {value}")
            return None

    def period(self, value: Any, name: str) -> Period | None:
        if not isinstance(value, str) or not _ISO_PERIOD.fullmatch(value):
            self.fail(name, f"phải là kỳ dạng YYYY-MM (nhận {_shown(value)})")
            return None
        try:
            return Period.parse(value)
        except ValueError as error:
            self.fail(name, str(error))
            return None

    def choice(self, value: Any, options: Sequence[str], name: str) -> str:
        if value not in options:
            self.fail(name, f"phải là một trong {', '.join(options)} (nhận {_shown(value)})")
            return options[0]
        return str(value)

    def fields(self, obj: Any, required: Sequence[str], optional: Sequence[str], name: str) -> bool:
        if not isinstance(obj, dict):
            self.fail(name, "phải là một đối tượng JSON")
            return False
        for key in required:
            if key not in obj:
                self.fail(_join(name, key), "thiếu trường bắt buộc")
        for key in obj:
            if key not in required and key not in optional:
                self.fail(_join(name, str(key)), "trường không được hỗ trợ")
        return True

    def items(self, obj: dict[str, Any], key: str) -> list[Any]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.fail(key, "phải là một danh sách")
            return []
        return value


def _shown(value: Any) -> str:
    return "null" if value is None else repr(value)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _optional_count(reader: _Reader, item: dict[str, Any], key: str, name: str) -> int | None:
    if item.get(key) is None:
        return None
    return reader.amount(item, key, name)


def _read_month(reader: _Reader, item: Any, name: str) -> EvasionMonth | None:
    if not reader.fields(item, ("period", "amount", "employees"), ("ledger_employees", "withheld"), name):
        return None
    period = reader.period(item.get("period"), f"{name}.period")
    amount = reader.amount(item, "amount", f"{name}.amount")
    employees = _optional_count(reader, item, "employees", f"{name}.employees")
    ledger = _optional_count(reader, item, "ledger_employees", f"{name}.ledger_employees")
    withheld = reader.amount(item, "withheld", f"{name}.withheld") if "withheld" in item else 0
    if withheld > amount:
        reader.fail(
            f"{name}.withheld",
            f"số tiền đã khấu trừ chưa nộp ({format_money(withheld)}) lớn hơn số tiền trốn đóng của tháng "
            f"({format_money(amount)})",
        )
    return None if period is None else EvasionMonth(period, amount, employees, ledger, withheld)


def _read_months(reader: _Reader, obj: dict[str, Any]) -> tuple[EvasionMonth, ...]:
    months: list[EvasionMonth] = []
    seen: dict[Period, int] = {}
    for index, item in enumerate(reader.items(obj, "evasion_months")):
        month = _read_month(reader, item, f"evasion_months[{index}]")
        if month is None:
            continue
        if month.period in seen:
            reader.fail(
                f"evasion_months[{index}].period",
                f"kỳ {month.period} trùng với evasion_months[{seen[month.period]}]",
            )
        seen.setdefault(month.period, index)
        months.append(month)
    return tuple(months)


_PENALTY_OPTIONAL = (
    "number",
    "conduct_months",
    "form",
    "received_on",
    "compliance_deadline",
    "complied_on",
    "evading_enforcement",
    "enforcement_evaded_until",
    "source",
    "case_id",
)


def _optional_day(reader: _Reader, item: dict[str, Any], key: str, name: str) -> date | None:
    raw = item.get(key)
    return None if raw is None else reader.day(raw, f"{name}.{key}")


def _read_conduct(reader: _Reader, item: dict[str, Any], name: str) -> tuple[Period, ...]:
    raw = item.get("conduct_months", [])
    if not isinstance(raw, list):
        reader.fail(f"{name}.conduct_months", "phải là một danh sách kỳ dạng YYYY-MM")
        return ()
    found = [reader.period(v, f"{name}.conduct_months[{i}]") for i, v in enumerate(raw)]
    return tuple(sorted({p for p in found if p is not None}))


def _read_penalty(reader: _Reader, item: Any, index: int) -> Decision | None:
    name = f"prior_penalties[{index}]"
    if not reader.fields(item, ("decision_date", "behaviour"), _PENALTY_OPTIONAL, name):
        return None
    decided = reader.day(item.get("decision_date"), f"{name}.decision_date")
    behaviour = reader.choice(item.get("behaviour"), BEHAVIOURS, f"{name}.behaviour")
    days = {
        key: _optional_day(reader, item, key, name)
        for key in ("received_on", "compliance_deadline", "complied_on", "enforcement_evaded_until")
    }
    form = reader.choice(item.get("form", "fine"), FORMS, f"{name}.form")
    source = reader.choice(item.get("source", "input"), SOURCES, f"{name}.source")
    number = item.get("number") or ""
    if not isinstance(number, str):
        reader.fail(f"{name}.number", f"phải là chuỗi (nhận {_shown(number)})")
        number = ""
    evading = item.get("evading_enforcement", False)
    if not isinstance(evading, bool):
        reader.fail(f"{name}.evading_enforcement", f"phải là true hoặc false (nhận {_shown(evading)})")
        evading = False
    case_id = item.get("case_id")
    if case_id is not None and (isinstance(case_id, bool) or not isinstance(case_id, int) or case_id < 1):
        reader.fail(f"{name}.case_id", f"phải là số hồ sơ nguyên dương (nhận {_shown(case_id)})")
        case_id = None
    conduct = _read_conduct(reader, item, name)
    if decided is None:
        return None
    for key, message in (
        ("compliance_deadline", "hạn chấp hành không được trước ngày ra quyết định"),
        ("complied_on", "ngày chấp hành xong không được trước ngày ra quyết định"),
        ("received_on", "ngày nhận quyết định không được trước ngày ra quyết định"),
    ):
        value = days[key]
        if value is not None and value < decided:
            reader.fail(f"{name}.{key}", message)
            days[key] = None
    return Decision(
        key=f"input:{index}",
        decision_date=decided,
        behaviours=(behaviour,),
        conduct_months=conduct,
        number=number.strip(),
        form=form,
        received_on=days["received_on"],
        compliance_deadline=days["compliance_deadline"],
        complied_on=days["complied_on"],
        evading_enforcement=evading,
        enforcement_evaded_until=days["enforcement_evaded_until"],
        source=source,
        case_id=case_id,
    )


def _read_penalties(reader: _Reader, obj: dict[str, Any]) -> tuple[Decision, ...]:
    penalties = (_read_penalty(reader, item, i) for i, item in enumerate(reader.items(obj, "prior_penalties")))
    return tuple(p for p in penalties if p is not None)


def _read_withheld(reader: _Reader, obj: dict[str, Any], months: Sequence[EvasionMonth]) -> int:
    by_month = sum(m.withheld for m in months)
    if "withheld_not_paid" not in obj:
        return by_month
    total = reader.amount(obj, "withheld_not_paid", "withheld_not_paid")
    if by_month and total != by_month:
        reader.fail(
            "withheld_not_paid",
            f"khác tổng số tiền đã khấu trừ chưa nộp của các tháng ({format_money(by_month)}): chỉ ghi một nơi",
        )
    return total


def parse_article216_input(obj: dict[str, Any]) -> Art216Input:
    """Parse the JSON contract of the Article 216 evaluation; raise InputError listing every fault.

    Refuses missing or unknown fields, wrong types (a bool is not a number),
    impossible dates and periods, negative amounts, duplicate periods and a
    withheld amount larger than the month's evaded amount.
    """
    reader = _Reader()
    if not reader.fields(obj, _FIELDS, _OPTIONAL, ""):
        raise InputError(reader.errors)
    months = _read_months(reader, obj)
    result = Art216Input(
        evaluation_date=reader.day(obj.get("evaluation_date"), "evaluation_date") or date.min,
        offender=reader.choice(obj.get("offender"), OFFENDERS, "offender"),
        evasion_months=months,
        withheld_not_paid=_read_withheld(reader, obj, months),
        prior_offences=reader.amount(obj, "prior_offences", "prior_offences"),
        prior_penalties=_read_penalties(reader, obj),
        still_unpaid=reader.amount(obj, "still_unpaid", "still_unpaid"),
    )
    if reader.errors:
        raise InputError(reader.errors)
    return result


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------

# The clauses name the article as ARTICLE does ("BLHS 2015 Điều 216").
C1_CLAUSE = say("BLHS 2015 Điều 216; Nghị quyết 05/2019/NQ-HĐTP Điều 5 (hành vi từ 01/01/2018)")
C2_CLAUSE = say("BLHS 2015 Điều 216 khoản 1; Nghị quyết 05/2019/NQ-HĐTP (từ 06 tháng trở lên, liên tục hoặc cộng dồn)")
C3_CLAUSE = say("BLHS 2015 Điều 216 khoản 1 điểm a")
C4_CLAUSE = say("BLHS 2015 Điều 216 khoản 1 điểm b")
C5_CLAUSE = say(
    "BLHS 2015 Điều 216 khoản 1 (đã bị xử phạt vi phạm hành chính về hành vi này); Luật XLVPHC Điều 7; "
    "Nghị định 283/2026/NĐ-CP Điều 44, 46; Nghị định 12/2022/NĐ-CP Điều 39 khoản 7 điểm a"
)
C6_CLAUSE = say("BLHS 2015 Điều 216 khoản 1 (mà còn vi phạm); Luật XLVPHC Điều 73")
LENIENCY_CLAUSE = say("Bộ luật Hình sự 2015 Điều 7 khoản 3")


@dataclass(frozen=True)
class Criterion:
    """One criterion of Article 216: met or not, value, threshold, clause, reason and its evidence.

    ``status`` is ``met``, ``not_met``, ``undetermined`` (C4 before the
    inspector confirms the counts) or ``doubtful`` (C5 on a late-payment
    decision only). ``evidence`` is the data behind it (months, counts,
    decision) and ``evidence_text`` the same in Vietnamese sentences. The sentences are ``Text``: pages
    render them again in the reader's language (``domain.text``).
    """

    id: str
    met: bool
    value: Any
    threshold: Any
    clause: str
    reason: str
    status: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)
    evidence_text: tuple[str, ...] = ()
    value_text: str = ""  # the value as a sentence ("8 tháng trốn đóng (liên tục)"), never raw data

    @property
    def state(self) -> str:
        return self.status or ("met" if self.met else "not_met")

    @property
    def name(self) -> str:
        """The criterion's name as people call it (C1–C6 alone says nothing)."""
        return CRITERION_NAMES.get(self.id, self.id)

    @property
    def threshold_text(self) -> Text:
        """The threshold as a sentence (months ``05/2026``, dates ``dd/mm/yyyy``, money ``1.234 đ``)."""
        value = self.threshold
        if self.id == "C1" and isinstance(value, str):
            day = date.fromisoformat(value)
            return say("Hành vi từ ngày %(day)s (kỳ từ %(month)s)", day=day, month=Period.of(day))
        if self.id == "C2" and isinstance(value, int):
            return say_n("Từ %(num)d tháng trở lên", "Từ %(num)d tháng trở lên", value)
        if self.id == "C3" and isinstance(value, int):
            return say("Từ %(amount)s trở lên", amount=Money(value))
        if self.id == "C4" and isinstance(value, int):
            return say_n("Từ %(num)d người trở lên", "Từ %(num)d người trở lên", value)
        return capitalised(value if isinstance(value, Text) else str(value))

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "id": self.id,
            "met": self.met,
            "status": self.state,
            "value": self.value,
            "threshold": self.threshold,
            "clause": self.clause,
            "reason": self.reason,
            "evidence": self.evidence,
            "evidence_text": list(self.evidence_text),
            "name": self.name,
            "value_text": self.value_text,
            "threshold_text": self.threshold_text,
        }


CRITERION_NAMES = {
    "C1": say("Thời điểm thực hiện hành vi"),
    "C2": say("Thời gian trốn đóng"),
    "C3": say("Số tiền trốn đóng"),
    "C4": say("Số người lao động bị trốn đóng"),
    "C5": say("Đã bị xử phạt vi phạm hành chính về hành vi trốn đóng"),
    "C6": say("Vẫn vi phạm sau khi bị xử phạt"),
}


def named(criterion_id: str) -> Text:
    """"C5 (Đã bị xử phạt vi phạm hành chính về hành vi trốn đóng)"."""
    name = CRITERION_NAMES.get(criterion_id, criterion_id)
    return Text("%(id)s (%(name)s)", {"id": criterion_id, "name": name}, literal=True)


@dataclass(frozen=True)
class Art216Result:
    """The evaluation: verdict, band (clause 1–3 or None), criteria, penalty ranges, inputs."""

    passed: bool
    band: int | None
    criteria: tuple[Criterion, ...]
    penalties: dict[str, Any]
    inputs: Art216Input
    rule: str
    clause: str
    reasons: tuple[str, ...]
    conduct_date: date | None = None
    leniency: Text | None = None
    sanctions: tuple[SanctionStatus, ...] = ()

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with ``criterion_id`` (C1–C6)."""
        return next(c for c in self.criteria if c.id == criterion_id)

    def evidence_sentences(self) -> list[str]:
        """Every criterion's evidence as "C1 – …" sentences, for letters and the dossier."""
        return [Text("%(id)s – %(name)s: %(sentence)s", {"id": c.id, "name": c.name, "sentence": sentence},
                     literal=True) for c in self.criteria for sentence in c.evidence_text]

    def to_dict(self) -> dict[str, Any]:
        """The public JSON contract: passed, band, criteria, penalties, plus rule, clause, reasons, inputs."""
        return {
            "rule": self.rule,
            "passed": self.passed,
            "band": self.band,
            "clause": self.clause,
            "criteria": [c.to_dict() for c in self.criteria],
            "penalties": self.penalties,
            "reasons": list(self.reasons),
            "conduct_date": self.conduct_date.isoformat() if self.conduct_date else None,
            "leniency": self.leniency,
            "sanctions": [s.to_dict() for s in self.sanctions],
            "inputs": self.inputs.to_dict(),
        }


@dataclass(frozen=True)
class _Thresholds:
    min_months: int
    min_amount: int
    min_employees: int
    amount_band2: int
    amount_band3: int
    employees_band2: int
    employees_band3: int
    includes_interest: bool

    @classmethod
    def on(cls, params: ParamSet, day: date) -> _Thresholds:
        keys = (
            "art216_min_months",
            "art216_min_amount",
            "art216_min_employees",
            "art216_amount_band2",
            "art216_amount_band3",
            "art216_employees_band2",
            "art216_employees_band3",
            "criminal_amount_includes_interest",
        )
        return cls(*(params.get(key, day) for key in keys))


def _conduct_from(params: ParamSet, evaluated: date) -> date:
    return params.get("art216_conduct_from", max(evaluated, date(2018, 1, 1)))


def _c1(inp: Art216Input, conduct_from: date) -> tuple[Criterion, list[EvasionMonth]]:
    """C1: only periods from the month of ``conduct_from`` (2018-01) count; months not yet due neither."""
    first = Period.of(conduct_from)
    early = sorted((m for m in inp.evasion_months if m.period < first), key=lambda m: m.period)
    not_due = sorted(
        (m for m in inp.evasion_months if m.period >= first and payment_deadline(m.period) >= inp.evaluation_date),
        key=lambda m: m.period,
    )
    counted = sorted((m for m in inp.evasion_months if m not in early and m not in not_due), key=lambda m: m.period)
    notes = [say_n("Tính %(num)d tháng trốn đóng từ kỳ %(first)s", "Tính %(num)d tháng trốn đóng từ kỳ %(first)s",
                   len(counted), first=first)]
    evidence_text = []
    if counted:
        evidence_text.append(say("Các tháng trốn đóng được tính: %(months)s.", months=_months(counted)))
    if early:
        notes.append(say(
            "không tính %(months)s vì là hành vi trước %(day)s (trước 07/2025 hạn đóng là ngày cuối tháng của "
            "chính kỳ đó, Luật BHXH 2014; hành vi trước %(day)s không bị truy cứu theo Điều 216, NQ 05/2019 Điều 5)",
            months=_months(early), day=conduct_from,
        ))
        evidence_text.append(
            say("Không tính các tháng %(months)s: hành vi trước %(day)s.", months=_months(early), day=conduct_from)
        )
    if not_due:
        notes.append(say("không tính %(months)s vì chưa quá hạn đóng tại ngày đánh giá", months=_months(not_due)))
        evidence_text.append(
            say("Không tính các tháng %(months)s: chưa quá hạn đóng tại ngày đánh giá.", months=_months(not_due))
        )
    value = {
        "counted": [str(m.period) for m in counted],
        "excluded_before": [str(m.period) for m in early],
        "excluded_not_due": [str(m.period) for m in not_due],
    }
    met = bool(counted)
    reason = join("; ", notes) if met else say(
        "Không có tháng trốn đóng nào từ kỳ %(first)s: %(notes)s", first=first, notes=join("; ", notes))
    shown = [say_n("%(num)d tháng trốn đóng từ kỳ %(first)s: %(months)s", "%(num)d tháng trốn đóng từ kỳ "
                   "%(first)s: %(months)s", len(counted), first=first, months=_months(counted))
             if counted else say("Không có tháng trốn đóng nào từ kỳ %(first)s", first=first)]
    if early:
        shown.append(say("không tính %(months)s (hành vi trước %(day)s)", months=_months(early), day=conduct_from))
    if not_due:
        shown.append(say("không tính %(months)s (chưa quá hạn đóng)", months=_months(not_due)))
    return Criterion(
        "C1",
        met,
        value,
        conduct_from.isoformat(),
        C1_CLAUSE,
        reason,
        evidence=dict(value),
        evidence_text=tuple(evidence_text),
        value_text=join("; ", shown),
    ), counted


def _longest_run(months: Sequence[EvasionMonth]) -> int:
    best = run = 0
    previous: Period | None = None
    for month in months:
        run = run + 1 if previous is not None and previous.add(1) == month.period else 1
        best, previous = max(best, run), month.period
    return best


def _c2(counted: Sequence[EvasionMonth], t: _Thresholds) -> Criterion:
    count, run = len(counted), _longest_run(counted)
    how = say("liên tục") if count and run == count else say("cộng dồn, không liên tục")
    if count >= t.min_months:
        reason = say_n("Trốn đóng %(num)d tháng (%(how)s), đạt ngưỡng từ %(min)d tháng trở lên",
                       "Trốn đóng %(num)d tháng (%(how)s), đạt ngưỡng từ %(min)d tháng trở lên",
                       count, how=how, min=t.min_months)
    else:
        reason = say_n("Chưa đủ %(min)d tháng trốn đóng (hiện %(num)d tháng)",
                       "Chưa đủ %(min)d tháng trốn đóng (hiện %(num)d tháng)", count, min=t.min_months)
    periods = [str(m.period) for m in counted]
    text = (say_n("Trốn đóng %(num)d tháng (%(how)s): %(months)s.", "Trốn đóng %(num)d tháng (%(how)s): %(months)s.",
                  count, how=how, months=_months(counted)),) if counted else ()
    return Criterion(
        "C2",
        count >= t.min_months,
        count,
        t.min_months,
        C2_CLAUSE,
        reason,
        evidence={"months": periods, "longest_run": run},
        evidence_text=text,
        value_text=say_n("%(num)d tháng trốn đóng (%(how)s)", "%(num)d tháng trốn đóng (%(how)s)", count, how=how)
        if count else say("Không có tháng trốn đóng nào được tính"),
    )


def _c3(counted: Sequence[EvasionMonth], t: _Thresholds) -> Criterion:
    amount = sum(m.amount for m in counted)
    evidence = {"months": [{"period": str(m.period), "amount": m.amount} for m in counted], "total": amount}
    text: tuple[str, ...] = ()
    if counted:
        parts = join("; ", (Text("%(m)s: %(a)s", {"m": m.period, "a": Money(m.amount)}, literal=True) for m in counted))
        text = (say("Số tiền trốn đóng theo kết luận kiểm tra (không gồm tiền lãi) — %(parts)s; cộng %(total)s.",
                    parts=parts, total=Money(amount)),)
    shown = say("%(amount)s trốn đóng (không gồm tiền lãi)", amount=Money(amount))
    if t.includes_interest:
        return Criterion(
            "C3",
            False,
            amount,
            t.min_amount,
            C3_CLAUSE,
            say("Tham số yêu cầu cộng tiền lãi vào số tiền trốn đóng nhưng đầu vào không có tiền lãi: "
                "chưa đánh giá được"),
            "undetermined",
            evidence,
            text,
            shown,
        )
    met = amount >= t.min_amount
    reason = (say("Số tiền trốn đóng %(amount)s (không gồm tiền lãi) đạt ngưỡng %(min)s", amount=Money(amount),
                  min=Money(t.min_amount)) if met else
              say("Số tiền trốn đóng %(amount)s (không gồm tiền lãi) chưa đạt ngưỡng %(min)s", amount=Money(amount),
                  min=Money(t.min_amount)))
    return Criterion("C3", met, amount, t.min_amount, C3_CLAUSE, reason, evidence=evidence, evidence_text=text,
                     value_text=shown)


def _c4(counted: Sequence[EvasionMonth], t: _Thresholds) -> Criterion:
    """C4: the largest count of workers evaded in a month **as confirmed by the inspector**.

    A month not confirmed shows the ledger headcount as a suggestion only; C4 is
    then "chưa xác định" unless a confirmed month already reaches the threshold.
    """
    confirmed = [m for m in counted if m.employees is not None]
    unconfirmed = [m for m in counted if m.employees is None]
    best = max(confirmed, key=lambda m: (m.employees or 0, m.period), default=None)
    employees = 0 if best is None else best.employees or 0
    evidence = {
        "months": [
            {"period": str(m.period), "confirmed": m.employees, "ledger_suggestion": m.ledger_employees}
            for m in counted
        ],
        "largest_month": None if best is None else str(best.period),
        "unconfirmed": [str(m.period) for m in unconfirmed],
    }
    sentences = []
    if confirmed:
        parts = join("; ", (say_n("%(month)s: %(num)d người", "%(month)s: %(num)d người", m.employees or 0,
                                  month=m.period) for m in confirmed))
        sentences.append(say("Số lao động bị trốn đóng do kiểm tra viên xác nhận — %(parts)s.", parts=parts))
    if unconfirmed:
        parts = join("; ", (
            say_n("%(month)s (sổ theo dõi ghi %(num)d người, chỉ để tham khảo)",
                  "%(month)s (sổ theo dõi ghi %(num)d người, chỉ để tham khảo)", m.ledger_employees, month=m.period)
            if m.ledger_employees is not None else month_text(m.period)
            for m in unconfirmed
        ))
        sentences.append(say("Chưa xác nhận số lao động bị trốn đóng của các tháng: %(parts)s.", parts=parts))
    if employees >= t.min_employees:
        month = best.period  # type: ignore[union-attr]
        reason = say_n(
            "Số lao động bị trốn đóng lớn nhất trong một tháng (đã xác nhận): %(num)d người (tháng %(month)s), "
            "đạt ngưỡng %(min)d người",
            "Số lao động bị trốn đóng lớn nhất trong một tháng (đã xác nhận): %(num)d người (tháng %(month)s), "
            "đạt ngưỡng %(min)d người",
            employees, month=month, min=t.min_employees,
        )
        shown = say_n("%(num)d người (tháng %(month)s, đã xác nhận)", "%(num)d người (tháng %(month)s, đã xác nhận)",
                      employees, month=month)
        return Criterion("C4", True, employees, t.min_employees, C4_CLAUSE, reason, "met", evidence,
                         tuple(sentences), shown)
    if unconfirmed:
        pending = _months(unconfirmed)
        reason = say("Chưa xác định: kiểm tra viên chưa xác nhận số lao động bị trốn đóng của %(months)s (số lao "
                     "động trên sổ theo dõi chỉ là gợi ý)", months=pending)
        shown = say("Chưa xác nhận số người của %(months)s", months=pending)
        if confirmed:
            reason = join("; ", [reason, say_n(
                "các tháng đã xác nhận lớn nhất %(num)d người, chưa đạt ngưỡng %(min)d người",
                "các tháng đã xác nhận lớn nhất %(num)d người, chưa đạt ngưỡng %(min)d người",
                employees, min=t.min_employees)])
            shown = join("; ", [
                say_n("%(num)d người (lớn nhất trong các tháng đã xác nhận)",
                      "%(num)d người (lớn nhất trong các tháng đã xác nhận)", employees),
                say("chưa xác nhận số người của %(months)s", months=pending),
            ])
        return Criterion(
            "C4", False, employees, t.min_employees, C4_CLAUSE, reason, "undetermined", evidence, tuple(sentences),
            shown,
        )
    reason = say_n(
        "Số lao động bị trốn đóng lớn nhất trong một tháng (đã xác nhận): %(num)d người, chưa đạt ngưỡng "
        "%(min)d người",
        "Số lao động bị trốn đóng lớn nhất trong một tháng (đã xác nhận): %(num)d người, chưa đạt ngưỡng "
        "%(min)d người",
        employees, min=t.min_employees,
    )
    shown = (say_n("%(num)d người (tháng %(month)s, đã xác nhận)", "%(num)d người (tháng %(month)s, đã xác nhận)",
                   employees, month=best.period) if best is not None
             else say("Không có tháng nào được tính"))
    return Criterion("C4", False, employees, t.min_employees, C4_CLAUSE, reason, "not_met", evidence,
                     tuple(sentences), shown)


def _decision_sentence(status: SanctionStatus) -> Text:
    d = status.decision
    origin: Any = SOURCE_LABELS.get(d.source, "")
    if d.source == "case" and d.case_id:
        origin = say("%(origin)s số %(case)s", origin=origin, case=d.case_id)
    return say(
        "%(title)s (%(origin)s%(signer)s) xử phạt hành vi %(behaviour)s của các tháng %(months)s%(fine)s.",
        title=d.title,
        origin=origin,
        signer=say(", người ký %(name)s", name=d.signer) if d.signer else "",
        behaviour=say("trốn đóng") if d.is_evasion else say("chậm đóng"),
        months=d.months_text(),
        fine=say(", tổng tiền phạt %(amount)s", amount=Money(d.fine_total)) if d.fine_total else "",
    )


@dataclass(frozen=True)
class _Qualification:
    status: SanctionStatus
    qualifies: bool
    doubtful: bool
    note: Text


def _qualify(status: SanctionStatus, conduct_from: date) -> _Qualification:
    d = status.decision
    first = Period.of(conduct_from)
    if status.basis == "not_yet":
        return _Qualification(status, False, False, say("%(title)s sau ngày đánh giá: không xét", title=d.title))
    if not status.live:
        return _Qualification(status, False, False, Text("%(r)s", {"r": status.reason}, literal=True))
    if not d.conduct_months:
        return _Qualification(status, False, False, say(
            "%(title)s chưa ghi các tháng vi phạm bị xử phạt: chưa kiểm tra được hành vi bị xử phạt có từ %(day)s "
            "hay không (ghi các tháng vi phạm vào lịch sử xử phạt của đơn vị)", title=d.title, day=conduct_from,
        ))
    after = [p for p in d.conduct_months if p >= first]
    if not after:
        return _Qualification(status, False, False, say(
            "%(title)s xử phạt hành vi của các tháng %(months)s, trước %(day)s: không là căn cứ truy cứu "
            "(NQ 05/2019 Điều 5)", title=d.title, months=d.months_text(), day=conduct_from,
        ))
    if not d.is_evasion:
        return _Qualification(status, False, True, say(
            'Đáng ngờ: %(title)s chỉ xử phạt hành vi chậm đóng, không phải trốn đóng; chưa đủ căn cứ "đã bị xử phạt '
            'về hành vi này"', title=d.title,
        ))
    live = status.live_until or say("khi đơn vị chấm dứt trốn tránh thi hành")
    return _Qualification(status, True, False, say(
        "%(title)s xử phạt hành vi trốn đóng của các tháng %(months)s (từ %(day)s), còn hiệu lực để xét đến hết "
        "%(live)s (Luật XLVPHC Điều 7)", title=d.title, months=Months(after), day=conduct_from, live=live,
    ))


def _c5(inp: Art216Input, history: Sequence[SanctionStatus], conduct_from: date) -> tuple[Criterion, Decision | None]:
    checked = [_qualify(s, conduct_from) for s in history]
    qualifying = [q for q in checked if q.qualifies]
    chosen = max(qualifying, key=lambda q: q.status.decision.decision_date, default=None)
    doubtful = chosen is None and any(q.doubtful for q in checked)
    index = {d.key: i for i, d in enumerate(inp.prior_penalties)}
    value = {
        "qualifying": None if chosen is None else index.get(chosen.status.decision.key),
        "doubtful": doubtful,
        "penalties": [
            {
                "index": index.get(q.status.decision.key),
                **q.status.decision.to_dict(),
                "qualifies": q.qualifies,
                "live": q.status.live,
                "live_until": q.status.live_until.isoformat() if q.status.live_until else None,
                "cleared_on": q.status.cleared_on.isoformat() if q.status.cleared_on else None,
                "note": q.note,
            }
            for q in checked
        ],
    }
    threshold = say(
        "quyết định xử phạt hành vi trốn đóng, xử phạt hành vi từ 01/01/2018, chưa được coi là chưa bị xử phạt "
        "(Luật XLVPHC Điều 7)"
    )
    if chosen is not None:
        reason = chosen.note
        evidence = {"decision": chosen.status.decision.to_dict(), "status": chosen.status.to_dict()}
        text = (_decision_sentence(chosen.status), chosen.status.reason)
        shown = _decision_sentence(chosen.status)
        return Criterion("C5", True, value, threshold, C5_CLAUSE, reason, "met", evidence, text,
                         shown), chosen.status.decision
    if checked:
        reason = say("Không có quyết định xử phạt hợp lệ: %(notes)s", notes=join("; ", (q.note for q in checked)))
    else:
        reason = say("Lịch sử xử phạt của đơn vị chưa có quyết định xử phạt vi phạm hành chính nào về hành vi "
                     "trốn đóng")
    text = tuple(join(" ", [_decision_sentence(q.status), q.note]) for q in checked)
    status = "doubtful" if doubtful else "not_met"
    if doubtful:
        shown = say("Chỉ có quyết định xử phạt hành vi chậm đóng, không phải trốn đóng")
    elif checked:
        shown = say_n("Không có quyết định xử phạt hợp lệ trong %(num)d quyết định của lịch sử xử phạt",
                      "Không có quyết định xử phạt hợp lệ trong %(num)d quyết định của lịch sử xử phạt", len(checked))
    else:
        shown = say("Chưa có quyết định xử phạt nào về hành vi trốn đóng")
    return Criterion("C5", False, value, threshold, C5_CLAUSE, reason, status, {"decision": None}, text,
                     shown), None


def _reference(inp: Art216Input, chosen: Decision | None) -> Decision | None:
    if chosen is not None:
        return chosen
    earlier = [p for p in inp.prior_penalties if p.decision_date <= inp.evaluation_date]
    return max(earlier, key=lambda p: p.decision_date, default=None)


def _c6(inp: Art216Input, chosen: Decision | None, counted: Sequence[EvasionMonth], params: ParamSet) -> Criterion:
    reference = _reference(inp, chosen)
    threshold = say(
        "sau hạn chấp hành quyết định xử phạt (tính từ ngày nhận quyết định) vẫn còn số tiền trốn đóng chưa nộp "
        "hoặc phát sinh tháng trốn đóng mới"
    )
    if reference is None:
        nothing = say("Không có quyết định xử phạt để đối chiếu hạn chấp hành")
        return Criterion(
            "C6",
            False,
            {"still_unpaid": inp.still_unpaid, "compliance_deadline": None, "new_months": []},
            threshold,
            C6_CLAUSE,
            nothing,
            "not_met",
            value_text=nothing,
        )
    due = compliance_deadline(reference, params)
    deadline = due.due
    covered = set(reference.conduct_months)
    new = [m.period for m in counted if m.period not in covered and payment_deadline(m.period) > deadline]
    value = {
        "still_unpaid": inp.still_unpaid,
        "compliance_deadline": deadline.isoformat(),
        "received_on": due.received_on.isoformat(),
        "assumed_receipt": due.assumed_receipt,
        "new_months": [str(p) for p in new],
    }
    after = inp.evaluation_date > deadline
    met = after and (inp.still_unpaid > 0 or bool(new))
    unpaid, day, new_months = Money(inp.still_unpaid), inp.evaluation_date, Months(new)
    sentences = [Text("%(title)s: %(due)s.", {"title": reference.title, "due": due.sentence()}, literal=True)]
    if inp.still_unpaid:
        sentences.append(say("Tại ngày %(day)s còn %(amount)s trốn đóng chưa nộp.", day=day, amount=unpaid))
    if new:
        sentences.append(say("Sau hạn chấp hành phát sinh tháng trốn đóng mới: %(months)s.", months=new_months))
    if met:
        parts = []
        if inp.still_unpaid:
            parts.append(say("vẫn còn %(amount)s chưa nộp", amount=unpaid))
        if new:
            parts.append(say("phát sinh trốn đóng mới các tháng %(months)s", months=new_months))
        what = say("%(a)s và %(b)s", a=parts[0], b=parts[1]) if len(parts) == 2 else parts[0]
        reason = say("Sau hạn chấp hành %(day)s %(what)s: còn vi phạm", day=deadline, what=what)
    elif not after:
        reason = say("Chưa hết hạn chấp hành quyết định (%(day)s)", day=deadline)
    else:
        reason = say("Sau hạn chấp hành %(day)s không còn số tiền chưa nộp và không có tháng trốn đóng mới",
                     day=deadline)
    reasons = [reason]
    if due.assumed_receipt and not due.stated:
        reasons.append(say("(chưa ghi ngày nhận quyết định: hạn tính theo ngày nhận giả định)"))
    if chosen is None:
        reasons.append(say("(đối chiếu %(title)s, không đạt C5)", title=reference.title))
    shown = [say("Hạn chấp hành %(day)s", day=deadline),
             say("tại ngày %(day)s còn %(amount)s chưa nộp", day=day, amount=unpaid)
             if inp.still_unpaid else say("không còn số tiền trốn đóng chưa nộp")]
    if new:
        shown.append(say("tháng trốn đóng mới: %(months)s", months=new_months))
    return Criterion(
        "C6",
        met,
        value,
        threshold,
        C6_CLAUSE,
        join(" ", reasons),
        "met" if met else "not_met",
        {"decision": reference.to_dict(), **value},
        tuple(sentences),
        join("; ", shown),
    )


def _level(value: int, first: int, second: int, third: int) -> int:
    return 0 if value < first else 1 if value < second else 2 if value < third else 3


def _withheld_counted(inp: Art216Input, counted: Sequence[EvasionMonth]) -> int:
    """The withheld shares of the counted months (or the total given outright)."""
    if any(m.withheld for m in inp.evasion_months):
        return sum(m.withheld for m in counted)
    return inp.withheld_not_paid


def _band(inp: Art216Input, crit: dict[str, Criterion], t: _Thresholds, withheld: int) -> tuple[int, list[Text]]:
    """The highest clause met (1–3) and why; 0 when no clause-1 quantity is met."""
    amount = crit["C3"].value if crit["C3"].met else 0
    by_amount = _level(amount, t.min_amount, t.amount_band2, t.amount_band3)
    by_people = _level(crit["C4"].value if crit["C4"].met else 0, t.min_employees, t.employees_band2, t.employees_band3)
    band = max(by_amount, by_people)
    notes = [say("Theo số tiền: khoản %(amount)s; theo số lao động: khoản %(people)s", amount=by_amount or "—",
                 people=by_people or "—")]
    if band and withheld > 0:
        # Art. 216 cl. 2(d): withheld amounts of cl. 1(a) → cl. 2; cl. 3(c): amounts of cl. 2(b)/(c) → cl. 3.
        by_withheld = 0 if withheld < t.min_amount else 2 if withheld < t.amount_band2 else 3
        if by_withheld:
            band = max(band, by_withheld)
            point = say("khoản 2 điểm d") if by_withheld == 2 else say("khoản 3 điểm c")
            notes.append(say(
                "Không đóng %(amount)s đã thu hoặc khấu trừ của người lao động (BLHS Điều 216 %(point)s; "
                "NQ 05/2019 Điều 3 khoản 4): khoản %(band)s", amount=Money(withheld), point=point, band=band,
            ))
        else:
            notes.append(say(
                "Số tiền đã khấu trừ của người lao động chưa nộp %(amount)s dưới %(min)s: không làm tăng khung "
                "(BLHS Điều 216 khoản 2 điểm d)", amount=Money(withheld), min=Money(t.min_amount),
            ))
    if inp.prior_offences >= 1 and band:
        band = max(band, 2)
        notes.append(say("Phạm tội 02 lần trở lên (BLHS Điều 216 khoản 2 điểm a; NQ 05/2019 Điều 3 khoản 3): "
                         "khoản %(band)s", band=band))
    return band, notes


def _duration(months: int) -> Text:
    if months % 12 == 0:
        return say_n("%(num)d năm", "%(num)d năm", months // 12)
    return say_n("%(num)d tháng", "%(num)d tháng", months)


def _money_range(bounds: Sequence[int]) -> Text:
    return say("từ %(low)s đến %(high)s", low=Money(bounds[0]), high=Money(bounds[1]))


def _person_text(ranges: dict[str, Any]) -> Text:
    parts = [say("phạt tiền %(range)s", range=_money_range(ranges["fine"]))]
    if "non_custodial_reform_max_months" in ranges:
        parts.append(say("cải tạo không giam giữ đến %(duration)s",
                         duration=_duration(ranges["non_custodial_reform_max_months"])))
    if "prison_months" in ranges:
        low, high = ranges["prison_months"]
        parts.append(say("phạt tù từ %(low)s đến %(high)s", low=_duration(low), high=_duration(high)))
    text = say("%(some)s hoặc %(last)s", some=join(", ", parts[:-1]), last=parts[-1]) if len(parts) > 1 else parts[0]
    return capitalised(text)


def _clause(band: int) -> Text:
    """"BLHS 2015 Điều 216 khoản 2" (as ``ARTICLE`` names the article)."""
    return say("BLHS 2015 Điều 216 khoản %(band)s", band=band)


def _penalties(band: int | None, params: ParamSet, day: date) -> dict[str, Any]:
    if band is None:
        return {
            "band": None,
            "person": None,
            "legal_entity": None,
            "additional_person": None,
            "reason": say("Không áp dụng: chưa đủ dấu hiệu tội phạm theo Điều 216"),
        }
    person = params.get("art216_penalties_person", day)[str(band)]
    entity = params.get("art216_penalties_legal_entity", day)[str(band)]
    extra = params.get("art216_additional_penalties_person", day)
    return {
        "band": band,
        "person": {**person, "clause": _clause(band), "text": _person_text(person)},
        "legal_entity": {
            **entity,
            "clause": say("BLHS 2015 Điều 216 khoản 5 điểm %(point)s", point="abc"[band - 1]),
            "text": say("Phạt tiền %(range)s", range=_money_range(entity["fine"])),
        },
        "additional_person": {
            **extra,
            "clause": say("BLHS 2015 Điều 216 khoản 4"),
            "text": say("Có thể bị phạt tiền %(range)s, cấm đảm nhiệm chức vụ, cấm hành nghề hoặc làm công việc "
                        "nhất định từ %(low)s đến %(high)s năm", range=_money_range(extra["fine"]),
                        low=extra["ban_years"][0], high=extra["ban_years"][1]),
        },
    }


@dataclass(frozen=True)
class _Outcome:
    criteria: tuple[Criterion, ...]
    passed: bool
    band: int | None
    notes: list[Text]


def _outcome(
    inp: Art216Input,
    t: _Thresholds,
    c1: Criterion,
    counted: Sequence[EvasionMonth],
    c5: Criterion,
    c6: Criterion,
    withheld: int,
) -> _Outcome:
    criteria = (c1, _c2(counted, t), _c3(counted, t), _c4(counted, t), c5, c6)
    by_id = {c.id: c for c in criteria}
    passed = c1.met and by_id["C2"].met and (by_id["C3"].met or by_id["C4"].met) and c5.met and by_id["C6"].met
    band_value, notes = _band(inp, by_id, t, withheld)
    return _Outcome(criteria, passed, band_value if passed and band_value else None, notes)


def _leniency(conduct: _Outcome, now: _Outcome, params: ParamSet, conduct_date: date, evaluated: date) -> Text | None:
    """A note when the law in force on the evaluation date is more lenient than the law of the conduct."""
    later = evaluated
    if conduct.passed and not now.passed:
        return say(
            "Theo quy định có hiệu lực tại ngày %(day)s, hành vi chưa đủ dấu hiệu tội phạm (%(failed)s chưa đạt): "
            "quy định sau có lợi hơn cho người phạm tội, phải áp dụng (%(clause)s)",
            day=later, failed=join(", ", (named(c.id) for c in now.criteria if not c.met)), clause=LENIENCY_CLAUSE,
        )
    if conduct.band and now.band and now.band < conduct.band:
        return say(
            "Theo quy định có hiệu lực tại ngày %(day)s, hành vi thuộc khoản %(now)s (nhẹ hơn khoản %(then)s): "
            "quy định sau có lợi hơn cho người phạm tội, phải áp dụng (%(clause)s)",
            day=later, now=now.band, then=conduct.band, clause=LENIENCY_CLAUSE,
        )
    if conduct.band:
        band = str(conduct.band)
        old = params.get("art216_penalties_person", conduct_date).get(band, {})
        new = params.get("art216_penalties_person", evaluated).get(band, {})
        if (
            new != old
            and new.get("fine", [0, 0])[1] <= old.get("fine", [0, 0])[1]
            and new.get("prison_months", [0, 0])[1] <= old.get("prison_months", [0, 0])[1]
        ):
            return say(
                "Hình phạt của khoản %(band)s theo quy định có hiệu lực tại ngày %(day)s nhẹ hơn: quy định sau có "
                "lợi hơn cho người phạm tội, phải áp dụng (%(clause)s)", band=band, day=later, clause=LENIENCY_CLAUSE,
            )
    return None


def evaluate_article216(inp: Art216Input, params: ParamSet) -> Art216Result:
    """LR-ART216: evaluate BLHS 2015 Điều 216 criterion by criterion.

    Verdict = C1 ∧ C2 ∧ (C3 ∨ C4) ∧ C5 ∧ C6 (BLHS 2015 Điều 216 khoản 1;
    Nghị quyết 05/2019/NQ-HĐTP). Band: the highest of khoản 1–3 met, with
    half-open intervals, NQ 05/2019 Điều 3 khoản 3 (prior offences) and the
    withheld employee shares by their own amount (khoản 2 điểm d, khoản 3
    điểm c). Thresholds in force on the date of the conduct (the last counted
    month's payment deadline); the result notes a more lenient later law
    (BLHS Điều 7 khoản 3). C5 reads the sanction history (LR-SANCTIONS).
    """
    conduct_from = _conduct_from(params, inp.evaluation_date)
    c1, counted = _c1(inp, conduct_from)
    conduct_date = payment_deadline(counted[-1].period) if counted else inp.evaluation_date
    history = statuses(inp.prior_penalties, inp.evaluation_date, params)
    c5, chosen = _c5(inp, history, conduct_from)
    c6 = _c6(inp, chosen, counted, params)
    withheld = _withheld_counted(inp, counted)
    t = _Thresholds.on(params, conduct_date)
    outcome = _outcome(inp, t, c1, counted, c5, c6, withheld)
    leniency = None
    t_now = _Thresholds.on(params, inp.evaluation_date)
    if conduct_date != inp.evaluation_date:
        now = outcome if t_now == t else _outcome(inp, t_now, c1, counted, c5, c6, withheld)
        leniency = _leniency(outcome, now, params, conduct_date, inp.evaluation_date)
    band = outcome.band
    verdict = (
        say("Đủ dấu hiệu tội trốn đóng theo BLHS 2015 Điều 216 khoản %(band)s", band=band)
        if band
        else say("Chưa đủ dấu hiệu tội phạm theo Điều 216: %(ids)s chưa đạt",
                 ids=join(", ", (named(c.id) for c in outcome.criteria if not c.met)))
    )
    notes = [say("Ngưỡng áp dụng theo quy định có hiệu lực tại ngày thực hiện hành vi %(day)s", day=conduct_date)]
    if leniency:
        notes.append(leniency)
    return Art216Result(
        outcome.passed,
        band,
        outcome.criteria,
        _penalties(band, params, conduct_date),
        inp,
        RULE,
        _clause(band or 1),
        (verdict, *outcome.notes, *notes),
        conduct_date,
        leniency,
        tuple(history),
    )


def evaluate_article216_json(obj: dict[str, Any], params: ParamSet) -> dict[str, Any]:
    """Parse the JSON contract and evaluate it; raise InputError for malformed input."""
    return evaluate_article216(parse_article216_input(obj), params).to_dict()
