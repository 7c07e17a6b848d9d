"""Article 216 of the Penal Code 2015, evaluated criterion by criterion (LEGAL.md LR-ART216).

Input is the concluded evasion months (amount and headcount each), the prior
penalty decisions, the prior offences, the employee shares withheld and not
paid over, and what is still unpaid on the evaluation date; the JSON contract
is parsed strictly by ``parse_article216_input`` (errors name the field, in
Vietnamese). ``evaluate_article216`` returns each criterion C1–C6 with value,
threshold, clause and reason, the verdict C1 ∧ C2 ∧ (C3 ∨ C4) ∧ C5 ∧ C6, the
clause (band) and its penalty ranges. Every threshold comes from the dated
parameters in force on the evaluation date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .legal_params import ParamSet
from .money import format_money
from .periods import Period, add_years, format_date, payment_deadline

RULE = "LR-ART216"
ARTICLE = "BLHS 2015 Điều 216"
OFFENDERS = ("person", "legal_entity")
BEHAVIOURS = ("evasion", "late_payment")
_FIELDS = (
    "evaluation_date",
    "offender",
    "evasion_months",
    "withheld_not_paid",
    "prior_offences",
    "prior_penalties",
    "still_unpaid",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_PERIOD = re.compile(r"\d{4}-\d{2}")


@dataclass(frozen=True)
class EvasionMonth:
    """A concluded evasion month: the amount evaded and the employees concerned."""

    period: Period
    amount: int
    employees: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {"period": str(self.period), "amount": self.amount, "employees": self.employees}


@dataclass(frozen=True)
class PriorPenalty:
    """An earlier administrative penalty decision against the employer."""

    decision_date: date
    behaviour: str
    compliance_deadline: date
    complied_on: date | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "decision_date": self.decision_date.isoformat(),
            "behaviour": self.behaviour,
            "compliance_deadline": self.compliance_deadline.isoformat(),
            "complied_on": self.complied_on.isoformat() if self.complied_on else None,
        }


@dataclass(frozen=True)
class Art216Input:
    """The parsed input of the Article 216 evaluation (see the module docstring)."""

    evaluation_date: date
    offender: str
    evasion_months: tuple[EvasionMonth, ...]
    withheld_not_paid: int
    prior_offences: int
    prior_penalties: tuple[PriorPenalty, ...]
    still_unpaid: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form, in the shape of the input contract."""
        return {
            "evaluation_date": self.evaluation_date.isoformat(),
            "offender": self.offender,
            "evasion_months": [m.to_dict() for m in self.evasion_months],
            "withheld_not_paid": self.withheld_not_paid,
            "prior_offences": self.prior_offences,
            "prior_penalties": [p.to_dict() for p in self.prior_penalties],
            "still_unpaid": self.still_unpaid,
        }


class InputError(ValueError):
    """Malformed Article 216 input; ``errors`` lists ``(field, Vietnamese message)``."""

    def __init__(self, errors: Sequence[tuple[str, str]]) -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        super().__init__(
            "; ".join(f"{name}: {message}" if name else message for name, message in self.errors)
        )


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


def _read_month(reader: _Reader, item: Any, name: str) -> EvasionMonth | None:
    if not reader.fields(item, ("period", "amount", "employees"), (), name):
        return None
    period = reader.period(item.get("period"), f"{name}.period")
    amount = reader.amount(item, "amount", f"{name}.amount")
    employees = reader.amount(item, "employees", f"{name}.employees")
    return None if period is None else EvasionMonth(period, amount, employees)


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


def _read_penalty(reader: _Reader, item: Any, name: str) -> PriorPenalty | None:
    keys = ("decision_date", "behaviour", "compliance_deadline")
    if not reader.fields(item, keys, ("complied_on",), name):
        return None
    decided = reader.day(item.get("decision_date"), f"{name}.decision_date")
    behaviour = reader.choice(item.get("behaviour"), BEHAVIOURS, f"{name}.behaviour")
    deadline = reader.day(item.get("compliance_deadline"), f"{name}.compliance_deadline")
    complied_raw = item.get("complied_on")
    complied = None if complied_raw is None else reader.day(complied_raw, f"{name}.complied_on")
    if decided is None or deadline is None:
        return None
    if deadline < decided:
        reader.fail(f"{name}.compliance_deadline", "hạn chấp hành không được trước ngày ra quyết định")
    if complied is not None and complied < decided:
        reader.fail(f"{name}.complied_on", "ngày chấp hành xong không được trước ngày ra quyết định")
    return PriorPenalty(decided, behaviour, deadline, complied)


def _read_penalties(reader: _Reader, obj: dict[str, Any]) -> tuple[PriorPenalty, ...]:
    penalties = (
        _read_penalty(reader, item, f"prior_penalties[{i}]")
        for i, item in enumerate(reader.items(obj, "prior_penalties"))
    )
    return tuple(p for p in penalties if p is not None)


def parse_article216_input(obj: dict[str, Any]) -> Art216Input:
    """Parse the JSON contract of the Article 216 evaluation; raise InputError listing every fault.

    Refuses missing or unknown fields, wrong types (a bool is not a number),
    impossible dates and periods, negative amounts and duplicate periods.
    """
    reader = _Reader()
    if not reader.fields(obj, _FIELDS, (), ""):
        raise InputError(reader.errors)
    result = Art216Input(
        evaluation_date=reader.day(obj.get("evaluation_date"), "evaluation_date") or date.min,
        offender=reader.choice(obj.get("offender"), OFFENDERS, "offender"),
        evasion_months=_read_months(reader, obj),
        withheld_not_paid=reader.amount(obj, "withheld_not_paid", "withheld_not_paid"),
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

C1_CLAUSE = f"{ARTICLE}; Nghị quyết 05/2019/NQ-HĐTP Điều 5 (hành vi từ 01/01/2018)"
C2_CLAUSE = f"{ARTICLE} khoản 1; Nghị quyết 05/2019/NQ-HĐTP (từ 06 tháng trở lên, liên tục hoặc cộng dồn)"
C3_CLAUSE = f"{ARTICLE} khoản 1 điểm a"
C4_CLAUSE = f"{ARTICLE} khoản 1 điểm b"
C5_CLAUSE = (
    f"{ARTICLE} khoản 1 (đã bị xử phạt vi phạm hành chính về hành vi này); Luật XLVPHC Điều 7; "
    "Nghị định 12/2022/NĐ-CP Điều 39 khoản 7 điểm a"
)
C6_CLAUSE = f"{ARTICLE} khoản 1 (mà còn vi phạm)"


@dataclass(frozen=True)
class Criterion:
    """One criterion of Article 216: met or not, its value and threshold, clause and reason."""

    id: str
    met: bool
    value: Any
    threshold: Any
    clause: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "id": self.id,
            "met": self.met,
            "value": self.value,
            "threshold": self.threshold,
            "clause": self.clause,
            "reason": self.reason,
        }


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

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with ``criterion_id`` (C1–C6)."""
        return next(c for c in self.criteria if c.id == criterion_id)

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
            "inputs": self.inputs.to_dict(),
        }


@dataclass(frozen=True)
class _Thresholds:
    conduct_from: date
    min_months: int
    min_amount: int
    min_employees: int
    amount_band2: int
    amount_band3: int
    employees_band2: int
    employees_band3: int
    includes_interest: bool
    enforce_years: int
    clear_years: int

    @classmethod
    def on(cls, params: ParamSet, day: date) -> _Thresholds:
        keys = (
            "art216_conduct_from",
            "art216_min_months",
            "art216_min_amount",
            "art216_min_employees",
            "art216_amount_band2",
            "art216_amount_band3",
            "art216_employees_band2",
            "art216_employees_band3",
            "criminal_amount_includes_interest",
            "deadline_enforce_years",
            "deadline_clear_years",
        )
        return cls(*(params.get(key, day) for key in keys))


def _periods_text(months: Sequence[EvasionMonth]) -> str:
    return ", ".join(str(m.period) for m in months)


def _c1(inp: Art216Input, t: _Thresholds) -> tuple[Criterion, list[EvasionMonth]]:
    early = [m for m in inp.evasion_months if payment_deadline(m.period) < t.conduct_from]
    not_due = [m for m in inp.evasion_months if payment_deadline(m.period) >= inp.evaluation_date]
    counted = sorted(
        (m for m in inp.evasion_months if m not in early and m not in not_due), key=lambda m: m.period
    )
    notes = [f"Tính {len(counted)} tháng có hạn đóng từ {format_date(t.conduct_from)}"]
    if early:
        notes.append(
            f"không tính {_periods_text(early)} vì hạn đóng trước {format_date(t.conduct_from)} "
            f"(hành vi trước {format_date(t.conduct_from)} không bị truy cứu theo Điều 216)"
        )
    if not_due:
        notes.append(f"không tính {_periods_text(not_due)} vì chưa quá hạn đóng tại ngày đánh giá")
    value = {
        "counted": [str(m.period) for m in counted],
        "excluded_before": [str(m.period) for m in early],
        "excluded_not_due": [str(m.period) for m in not_due],
    }
    met = bool(counted)
    none_text = f"Không có tháng trốn đóng nào từ {format_date(t.conduct_from)}: "
    reason = "; ".join(notes) if met else none_text + "; ".join(notes)
    return Criterion("C1", met, value, t.conduct_from.isoformat(), C1_CLAUSE, reason), counted


def _longest_run(months: Sequence[EvasionMonth]) -> int:
    best = run = 0
    previous: Period | None = None
    for month in months:
        run = run + 1 if previous is not None and previous.add(1) == month.period else 1
        best, previous = max(best, run), month.period
    return best


def _c2(counted: Sequence[EvasionMonth], t: _Thresholds) -> Criterion:
    count, run = len(counted), _longest_run(counted)
    how = "liên tục" if count and run == count else "cộng dồn, không liên tục"
    if count >= t.min_months:
        reason = f"Trốn đóng {count} tháng ({how}), đạt ngưỡng từ {t.min_months} tháng trở lên"
    else:
        reason = f"Chưa đủ {t.min_months} tháng trốn đóng (hiện {count} tháng)"
    return Criterion("C2", count >= t.min_months, count, t.min_months, C2_CLAUSE, reason)


def _c3(counted: Sequence[EvasionMonth], t: _Thresholds) -> Criterion:
    amount = sum(m.amount for m in counted)
    if t.includes_interest:
        return Criterion(
            "C3",
            False,
            amount,
            t.min_amount,
            C3_CLAUSE,
            "Tham số yêu cầu cộng tiền lãi vào số tiền trốn đóng nhưng đầu vào không có tiền lãi: "
            "chưa đánh giá được",
        )
    met = amount >= t.min_amount
    verb = "đạt" if met else "chưa đạt"
    reason = (
        f"Số tiền trốn đóng {format_money(amount)} (không gồm tiền lãi) {verb} ngưỡng "
        f"{format_money(t.min_amount)}"
    )
    return Criterion("C3", met, amount, t.min_amount, C3_CLAUSE, reason)


def _c4(counted: Sequence[EvasionMonth], t: _Thresholds) -> Criterion:
    employees = max((m.employees for m in counted), default=0)
    met = employees >= t.min_employees
    verb = "đạt" if met else "chưa đạt"
    reason = (
        f"Số lao động bị trốn đóng lớn nhất trong một tháng: {employees} người, {verb} ngưỡng "
        f"{t.min_employees} người"
    )
    return Criterion("C4", met, employees, t.min_employees, C4_CLAUSE, reason)


@dataclass(frozen=True)
class _PenaltyStatus:
    index: int
    penalty: PriorPenalty
    qualifies: bool
    live_until: date
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            **self.penalty.to_dict(),
            "qualifies": self.qualifies,
            "live_until": self.live_until.isoformat(),
            "note": self.note,
        }


def _live_until(penalty: PriorPenalty, evaluated: date, t: _Thresholds) -> date:
    """Last day before XLVPHC Art. 7 treats the offender as not penalised."""
    complied = penalty.complied_on if penalty.complied_on and penalty.complied_on <= evaluated else None
    if complied is not None:
        return add_years(complied, t.clear_years)
    return add_years(add_years(penalty.decision_date, t.enforce_years), t.clear_years)


def _status(index: int, penalty: PriorPenalty, evaluated: date, t: _Thresholds) -> _PenaltyStatus:
    live_until = _live_until(penalty, evaluated, t)
    decided = format_date(penalty.decision_date)
    if penalty.decision_date > evaluated:
        note = f"Quyết định ngày {decided} sau ngày đánh giá: không xét"
    elif penalty.decision_date < t.conduct_from:
        note = f"Quyết định ngày {decided} trước 01/01/2018: không là căn cứ truy cứu (NQ 05/2019 Điều 5)"
    elif evaluated > live_until:
        note = (
            f"Quyết định ngày {decided} đã hết thời hạn (đến hết {format_date(live_until)}): coi như chưa "
            "bị xử phạt (Luật XLVPHC Điều 7)"
        )
    elif penalty.behaviour != "evasion":
        note = (
            f"Đáng ngờ: quyết định ngày {decided} chỉ xử phạt hành vi chậm đóng, không phải trốn đóng; "
            'chưa đủ căn cứ "đã bị xử phạt về hành vi này"'
        )
    else:
        note = (
            f"Quyết định xử phạt hành vi trốn đóng ngày {decided}, còn hiệu lực để xét đến hết "
            f"{format_date(live_until)} (Luật XLVPHC Điều 7)"
        )
        return _PenaltyStatus(index, penalty, True, live_until, note)
    return _PenaltyStatus(index, penalty, False, live_until, note)


def _c5(inp: Art216Input, t: _Thresholds) -> tuple[Criterion, PriorPenalty | None]:
    statuses = [_status(i, p, inp.evaluation_date, t) for i, p in enumerate(inp.prior_penalties)]
    qualifying = [s for s in statuses if s.qualifies]
    chosen = max(qualifying, key=lambda s: s.penalty.decision_date, default=None)
    doubtful = chosen is None and any(s.note.startswith("Đáng ngờ") for s in statuses)
    value = {
        "qualifying": None if chosen is None else chosen.index,
        "doubtful": doubtful,
        "penalties": [s.to_dict() for s in statuses],
    }
    threshold = "quyết định xử phạt hành vi trốn đóng từ 01/01/2018, chưa hết thời hạn tại Luật XLVPHC Điều 7"
    if chosen is not None:
        reason = chosen.note
    elif statuses:
        reason = "Không có quyết định xử phạt hợp lệ: " + "; ".join(s.note for s in statuses)
    else:
        reason = "Chưa có quyết định xử phạt vi phạm hành chính nào về hành vi trốn đóng"
    penalty = None if chosen is None else chosen.penalty
    return Criterion("C5", chosen is not None, value, threshold, C5_CLAUSE, reason), penalty


def _reference(inp: Art216Input, chosen: PriorPenalty | None) -> PriorPenalty | None:
    if chosen is not None:
        return chosen
    earlier = [p for p in inp.prior_penalties if p.decision_date <= inp.evaluation_date]
    return max(earlier, key=lambda p: p.decision_date, default=None)


def _c6(inp: Art216Input, chosen: PriorPenalty | None) -> Criterion:
    reference = _reference(inp, chosen)
    threshold = "còn số tiền trốn đóng chưa nộp sau hạn chấp hành quyết định xử phạt"
    if reference is None:
        return Criterion(
            "C6",
            False,
            {"still_unpaid": inp.still_unpaid, "compliance_deadline": None},
            threshold,
            C6_CLAUSE,
            "Không có quyết định xử phạt để đối chiếu hạn chấp hành",
        )
    deadline = reference.compliance_deadline
    value = {"still_unpaid": inp.still_unpaid, "compliance_deadline": deadline.isoformat()}
    after = inp.evaluation_date > deadline
    met = inp.still_unpaid > 0 and after
    if met:
        reason = (
            f"Sau hạn chấp hành {format_date(deadline)} vẫn còn {format_money(inp.still_unpaid)} "
            "chưa nộp: còn vi phạm"
        )
    elif not after:
        reason = f"Chưa hết hạn chấp hành quyết định ({format_date(deadline)})"
    else:
        reason = f"Sau hạn chấp hành {format_date(deadline)} không còn số tiền chưa nộp"
    if chosen is None:
        reason += f" (đối chiếu quyết định ngày {format_date(reference.decision_date)}, không đạt C5)"
    return Criterion("C6", met, value, threshold, C6_CLAUSE, reason)


def _level(value: int, first: int, second: int, third: int) -> int:
    return 0 if value < first else 1 if value < second else 2 if value < third else 3


def _band(inp: Art216Input, crit: dict[str, Criterion], t: _Thresholds) -> tuple[int, list[str]]:
    """The highest clause met (1–3) and why; 0 when no clause-1 quantity is met."""
    amount = crit["C3"].value if crit["C3"].met else 0
    by_amount = _level(amount, t.min_amount, t.amount_band2, t.amount_band3)
    by_people = _level(
        crit["C4"].value if crit["C4"].met else 0, t.min_employees, t.employees_band2, t.employees_band3
    )
    band = max(by_amount, by_people)
    notes = [f"Theo số tiền: khoản {by_amount or '—'}; theo số lao động: khoản {by_people or '—'}"]
    if inp.withheld_not_paid > 0 and band:
        band = min(band + 1, 3)
        notes.append(
            f"Không đóng {format_money(inp.withheld_not_paid)} đã thu hoặc khấu trừ của người lao động "
            f"(BLHS Điều 216 khoản 2 điểm d, khoản 3 điểm c; NQ 05/2019 Điều 3 khoản 4): khoản {band}"
        )
    if inp.prior_offences >= 1 and band:
        band = max(band, 2)
        notes.append(
            f"Phạm tội 02 lần trở lên (BLHS Điều 216 khoản 2 điểm a; NQ 05/2019 Điều 3 khoản 3): khoản {band}"
        )
    return band, notes


def _duration(months: int) -> str:
    return f"{months // 12} năm" if months % 12 == 0 else f"{months} tháng"


def _money_range(bounds: Sequence[int]) -> str:
    return f"từ {format_money(bounds[0])} đến {format_money(bounds[1])}"


def _person_text(ranges: dict[str, Any]) -> str:
    parts = [f"phạt tiền {_money_range(ranges['fine'])}"]
    if "non_custodial_reform_max_months" in ranges:
        parts.append(f"cải tạo không giam giữ đến {_duration(ranges['non_custodial_reform_max_months'])}")
    if "prison_months" in ranges:
        low, high = ranges["prison_months"]
        parts.append(f"phạt tù từ {_duration(low)} đến {_duration(high)}")
    text = ", ".join(parts[:-1]) + f" hoặc {parts[-1]}" if len(parts) > 1 else parts[0]
    return text[0].upper() + text[1:]


def _penalties(band: int | None, params: ParamSet, day: date) -> dict[str, Any]:
    if band is None:
        return {
            "band": None,
            "person": None,
            "legal_entity": None,
            "additional_person": None,
            "reason": "Không áp dụng: chưa đủ dấu hiệu tội phạm theo Điều 216",
        }
    person = params.get("art216_penalties_person", day)[str(band)]
    entity = params.get("art216_penalties_legal_entity", day)[str(band)]
    extra = params.get("art216_additional_penalties_person", day)
    return {
        "band": band,
        "person": {**person, "clause": f"{ARTICLE} khoản {band}", "text": _person_text(person)},
        "legal_entity": {
            **entity,
            "clause": f"{ARTICLE} khoản 5 điểm {'abc'[band - 1]}",
            "text": f"Phạt tiền {_money_range(entity['fine'])}",
        },
        "additional_person": {
            **extra,
            "clause": f"{ARTICLE} khoản 4",
            "text": f"Có thể bị phạt tiền {_money_range(extra['fine'])}, cấm đảm nhiệm chức vụ, "
            f"cấm hành nghề hoặc làm công việc nhất định từ {extra['ban_years'][0]} "
            f"đến {extra['ban_years'][1]} năm",
        },
    }


def evaluate_article216(inp: Art216Input, params: ParamSet) -> Art216Result:
    """LR-ART216: evaluate BLHS 2015 Điều 216 criterion by criterion.

    Verdict = C1 ∧ C2 ∧ (C3 ∨ C4) ∧ C5 ∧ C6 (BLHS 2015 Điều 216 khoản 1;
    Nghị quyết 05/2019/NQ-HĐTP). Band: the highest of khoản 1–3 met, with
    half-open intervals, NQ 05/2019 Điều 3 khoản 3 (prior offences) and
    khoản 4 (employee shares withheld). Thresholds in force on the evaluation date.
    """
    t = _Thresholds.on(params, inp.evaluation_date)
    c1, counted = _c1(inp, t)
    c5, chosen = _c5(inp, t)
    criteria = (c1, _c2(counted, t), _c3(counted, t), _c4(counted, t), c5, _c6(inp, chosen))
    by_id = {c.id: c for c in criteria}
    passed = (
        c1.met and by_id["C2"].met and (by_id["C3"].met or by_id["C4"].met) and c5.met and by_id["C6"].met
    )
    band_value, notes = _band(inp, by_id, t)
    band = band_value if passed and band_value else None
    verdict = (
        f"Đủ dấu hiệu tội trốn đóng theo {ARTICLE} khoản {band}"
        if band
        else "Chưa đủ dấu hiệu tội phạm theo Điều 216: "
        + ", ".join(c.id for c in criteria if not c.met)
        + " chưa đạt"
    )
    return Art216Result(
        passed,
        band,
        criteria,
        _penalties(band, params, inp.evaluation_date),
        inp,
        RULE,
        f"{ARTICLE} khoản {band or 1}",
        (verdict, *notes),
    )


def evaluate_article216_json(obj: dict[str, Any], params: ParamSet) -> dict[str, Any]:
    """Parse the JSON contract and evaluate it; raise InputError for malformed input."""
    return evaluate_article216(parse_article216_input(obj), params).to_dict()
