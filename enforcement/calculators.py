"""The legal calculators: JSON in, JSON out — thin wrappers over the domain functions.

The CLI (``flask legal …``) and the API (``POST /api/v1/calculators/…``) both
call these, so they accept and return exactly the same shapes (documented in
the README).  Malformed input raises ``CalculatorInputError`` with every
problem as ``(field, message)`` in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from enforcement.domain.arrears import LedgerMonth, arrears_figures, compute_interest
from enforcement.domain.article216 import InputError, evaluate_article216_json
from enforcement.domain.deadlines import CaseDates, WorkCalendar, case_deadlines
from enforcement.domain.fines import FineInputError
from enforcement.domain.fines import calculate as calculate_fines
from enforcement.domain.legal_params import MissingParam, ParamSet
from enforcement.domain.periods import Period


class CalculatorInputError(ValueError):
    """Malformed calculator input; ``errors`` lists ``(field, message)``."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors))

    def to_list(self) -> list[dict[str, str]]:
        return [{"field": f, "message": m} for f, m in self.errors]


class _Reader:
    """Collects every problem of an input object instead of stopping at the first."""

    def __init__(self, obj: Any) -> None:
        if not isinstance(obj, dict):
            raise CalculatorInputError([("$", "Đầu vào phải là một đối tượng JSON")])
        self.obj = obj
        self.errors: list[tuple[str, str]] = []

    def _get(self, name: str, required: bool) -> Any:
        if name not in self.obj or self.obj[name] is None:
            if required:
                self.errors.append((name, "Thiếu trường bắt buộc"))
            return None
        return self.obj[name]

    def date(self, name: str, required: bool = True) -> date | None:
        value = self._get(name, required)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            self.errors.append((name, f"Ngày không hợp lệ: {value!r} (dạng YYYY-MM-DD)"))
            return None

    def amount(self, name: str, required: bool = True) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.errors.append((name, f"Phải là số nguyên không âm (đồng): {value!r}"))
            return None
        return value

    def flag(self, name: str) -> bool:
        value = self._get(name, False)
        if value is not None and not isinstance(value, bool):
            self.errors.append((name, f"Phải là true hoặc false: {value!r}"))
        return bool(value)

    def choice(self, name: str, choices: tuple[str, ...]) -> str | None:
        value = self._get(name, True)
        if value is not None and value not in choices:
            self.errors.append((name, f"Phải là một trong {', '.join(choices)}: {value!r}"))
            return None
        return value

    def text(self, name: str) -> str:
        value = self._get(name, False)
        if value is not None and not isinstance(value, str):
            self.errors.append((name, "Phải là chuỗi"))
            return ""
        return value or ""

    def items(self, name: str) -> list[Any]:
        value = self._get(name, True)
        if value is not None and not isinstance(value, list):
            self.errors.append((name, "Phải là một danh sách"))
            return []
        return value or []

    def done(self) -> None:
        if self.errors:
            raise CalculatorInputError(self.errors)


def article216(obj: Any, params: ParamSet) -> dict[str, Any]:
    """LR-ART216: the contract of issue 3 (``evaluation_date``, ``offender``, ``evasion_months`` …)."""
    if not isinstance(obj, dict):
        raise CalculatorInputError([("$", "Đầu vào phải là một đối tượng JSON")])
    try:
        return evaluate_article216_json(obj, params)
    except InputError as exc:
        raise CalculatorInputError(list(exc.errors)) from exc


def fine(obj: Any, params: ParamSet) -> dict[str, Any]:
    """LR-FINE "The fine calculator": decree, every violation's band, proposal and reasons, total, competence."""
    try:
        return calculate_fines(obj, params)
    except FineInputError as exc:
        raise CalculatorInputError(list(exc.errors)) from exc


def _periods(r: _Reader, name: str, read: Callable[[dict[str, Any], str], Any]) -> list[Any]:
    out = []
    for index, item in enumerate(r.items(name)):
        where = f"{name}[{index}]"
        if not isinstance(item, dict):
            r.errors.append((where, "Phải là một đối tượng"))
            continue
        try:
            out.append(read(item, where))
        except (KeyError, TypeError, ValueError) as exc:
            r.errors.append((where, str(exc) or "Không hợp lệ"))
    return out


def _month(item: dict[str, Any], where: str) -> LedgerMonth:
    return LedgerMonth(
        Period.parse(item["period"]),
        item["due"],
        item["paid"],
        item.get("employees", 0),
        item.get("withheld", 0),
        item.get("interest_paid", 0),
    )


def _outstanding(item: dict[str, Any], where: str) -> tuple[Period, int]:
    value = item["outstanding"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"outstanding phải là số nguyên không âm: {value!r}")
    return Period.parse(item["period"]), value


def interest(obj: Any, params: ParamSet) -> dict[str, Any]:
    """LR-INTEREST on ``months`` (period, outstanding: no history), or LR-ARREARS on a ``ledger``.

    The ``ledger`` form (period, due, paid, optional employees, withheld, interest_paid) applies
    LR-INTEREST as revised: interest on every amount for the days it was late, also on amounts
    paid late; the result has ``interest_accrued``, ``interest_paid`` and ``interest`` (owed).
    """
    r = _Reader(obj)
    as_of = r.date("as_of")
    if isinstance(obj, dict) and "ledger" in obj:
        ledger = _periods(r, "ledger", _month)
        r.done()
        try:
            return arrears_figures(ledger, as_of, params).to_dict()
        except ValueError as exc:  # a period twice in the ledger
            raise CalculatorInputError([("ledger", str(exc))]) from exc
    months = _periods(r, "months", _outstanding)
    r.done()
    periods = [p for p, _ in months]
    if len(set(periods)) != len(periods):
        raise CalculatorInputError([("months", "Một kỳ xuất hiện hai lần")])
    return compute_interest(dict(months), as_of, params).to_dict()


_CASE_DATE_FIELDS = (
    "inspection_concluded_on",
    "violation_recorded_on",
    "explanation_received_on",
    "decision_extended_to",
    "transferred_on",
    "penalty_decided_on",
    "decision_received_on",
    "complied_on",
    "fine_paid_on",
    "referral_received_on",
    "prosecution_decided_on",
)
CASE_DATE_FIELDS = _CASE_DATE_FIELDS
"""The case dates the deadlines calculator reads (``dates`` of its input)."""


def deadlines(obj: Any, params: ParamSet, calendar: WorkCalendar | None = None) -> dict[str, Any]:
    """LR-DEADLINES of a case from its dates; ``days_off``/``working_days`` adjust the work calendar."""
    r = _Reader(obj)
    today = r.date("today")
    raw = obj.get("dates") if isinstance(obj, dict) else None
    if not isinstance(raw, dict):
        r.errors.append(("dates", "Phải là một đối tượng các ngày của hồ sơ"))
        raw = {}
    sub = _Reader(raw)
    values = {name: sub.date(name, required=False) for name in _CASE_DATE_FIELDS}
    r.errors += [(f"dates.{f}", m) for f, m in sub.errors]
    days_off, working_days = _list_dates(r, "days_off"), _list_dates(r, "working_days")
    compliance_days = _compliance_days(r, raw.get("compliance_days"))
    r.done()
    base = calendar or WorkCalendar()
    try:
        cal = WorkCalendar(base.days_off | frozenset(days_off), base.working_days | frozenset(working_days))
    except ValueError as exc:
        raise CalculatorInputError([("working_days", str(exc))]) from exc
    dates = CaseDates(
        violation_found=bool(raw.get("violation_found", values["inspection_concluded_on"] is not None)),
        compliance_days=compliance_days,
        **values,
    )
    found = case_deadlines(dates, today, cal, params)
    return {"today": today.isoformat(), "rule": "LR-DEADLINES", "deadlines": [d.to_dict() for d in found]}


def _compliance_days(r: _Reader, raw: Any) -> int | None:
    """The period a decision states (days), when given: a whole number (the legal minimum applies anyway)."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        r.errors.append(("dates.compliance_days", "Phải là số ngày nguyên không âm"))
        return None
    return raw


def _list_dates(r: _Reader, name: str) -> list[date]:
    raw = r.obj.get(name) or []
    if not isinstance(raw, list):
        r.errors.append((name, "Phải là danh sách ngày YYYY-MM-DD"))
        return []
    out = []
    for index, value in enumerate(raw):
        try:
            out.append(date.fromisoformat(value))
        except (TypeError, ValueError):
            r.errors.append((f"{name}[{index}]", f"Ngày không hợp lệ: {value!r}"))
    return out


def _for_a_known_date(field_name: str, calculate: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """A date before (or after) every configured legal parameter is an input error on that date's field."""

    @wraps(calculate)
    def run(obj: Any, params: ParamSet, *args: Any, **kwargs: Any) -> dict[str, Any]:
        try:
            return calculate(obj, params, *args, **kwargs)
        except MissingParam as exc:
            raise CalculatorInputError([(field_name, str(exc))]) from exc

    return run


CALCULATORS: dict[str, Callable[..., dict[str, Any]]] = {
    "article216": _for_a_known_date("evaluation_date", article216),
    "fine": _for_a_known_date("violation_date", fine),
    "interest": _for_a_known_date("as_of", interest),
    "deadlines": _for_a_known_date("today", deadlines),
}
