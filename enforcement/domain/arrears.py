"""Arrears of an employer as of a date: FIFO allocation, months in arrears and interest.

Implements LEGAL.md LR-FIFO (the total paid is applied to the dues oldest
first), LR-ARREARS (a month is in arrears when something is outstanding after
its payment deadline, LR-DEADLINE; interest accrued, paid and owed) and
LR-INTEREST as revised: interest on every amount for the days it was late,
also on amounts paid late (0.03 %/day from 2025-07-01; before that the yearly
monthly rates of VSS, weighted by the fund shares). All arithmetic is exact
(``int`` and ``Fraction``); the interest total is rounded once, half up.

``interest_calendar`` turns the rule into data (each calendar month's rate
classes and units); ``ledger_interest`` is the pure Python computation over
it, period by period, and ``services.arrears`` the set-based SQL over the same
calendar (the late balance of a month is a running sum), held equal by tests.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .legal_params import PAYMENT_DAYS, ParamSet, fraction_param
from .money import format_money, round_half_up
from .periods import Period, format_date, payment_deadline

FIFO_RULE = "LR-FIFO"
FIFO_CLAUSE = "PRODUCT.md §4: tiền nộp được bù cho số phải đóng của kỳ cũ nhất trước"
ARREARS_RULE = "LR-ARREARS"
ARREARS_CLAUSE = (
    'Luật BHXH 2024 Điều 34 khoản 4, Điều 38; hướng dẫn "chậm đóng từ 3 tháng trở lên" của BHXH VN'
)
INTEREST_RULE = "LR-INTEREST"
INTEREST_CLAUSE = (
    "Luật BHXH 2024 Điều 40, 41 và Nghị định 274/2025/NĐ-CP (0,03 %/ngày từ 01/07/2025); "
    "Luật BHXH 2014 Điều 122 khoản 3 và QĐ 595/QĐ-BHXH (lãi suất tháng trước 01/07/2025)"
)
LEGACY_DEADLINE_NOTE_UNTIL = date(2025, 8, 1)


@dataclass(frozen=True)
class LedgerMonth:
    """One ledger row: due for ``period``, money (and interest) received during it, headcount, share withheld."""

    period: Period
    due: int
    paid: int
    employees: int
    withheld: int = 0
    interest_paid: int = 0

    def __post_init__(self) -> None:
        for name in ("due", "paid", "employees", "withheld", "interest_paid"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"Kỳ {self.period}: {name} phải là số nguyên không âm (nhận {value!r})")


@dataclass(frozen=True)
class FifoMonth:
    """A month after allocation: how much of its due was covered and what is left."""

    period: Period
    due: int
    paid: int
    allocated: int
    outstanding: int
    employees: int
    withheld: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "period": str(self.period),
            "due": self.due,
            "paid": self.paid,
            "allocated": self.allocated,
            "outstanding": self.outstanding,
            "employees": self.employees,
            "withheld": self.withheld,
        }


@dataclass(frozen=True)
class FifoResult:
    """LR-FIFO result: per-month allocation, totals, credit and the rows left out."""

    as_of: date
    months: tuple[FifoMonth, ...]
    total_due: int
    total_paid: int
    credit: int
    ignored: tuple[Period, ...]
    rule: str
    clause: str
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "as_of": self.as_of.isoformat(),
            "months": [m.to_dict() for m in self.months],
            "total_due": self.total_due,
            "total_paid": self.total_paid,
            "credit": self.credit,
            "ignored": [str(p) for p in self.ignored],
            "rule": self.rule,
            "clause": self.clause,
            "reasons": list(self.reasons),
        }


def _unique_sorted(months: Iterable[LedgerMonth]) -> list[LedgerMonth]:
    ordered = sorted(months, key=lambda m: m.period)
    for earlier, later in itertools.pairwise(ordered):
        if earlier.period == later.period:
            raise ValueError(f"Kỳ {later.period} xuất hiện hai lần trong sổ của cùng một đơn vị")
    return ordered


def allocate_fifo(months: Iterable[LedgerMonth], as_of: date) -> FifoResult:
    """LR-FIFO: apply the total paid to the dues, oldest period first.

    PRODUCT.md §4, LEGAL.md LR-FIFO: rows after the month of ``as_of`` are
    ignored; money beyond all dues is a credit, never a negative outstanding.
    """
    cutoff = Period.of(as_of)
    ordered = _unique_sorted(months)
    kept = [m for m in ordered if m.period <= cutoff]
    ignored = tuple(m.period for m in ordered if m.period > cutoff)
    remaining = total_paid = sum(m.paid for m in kept)
    allocated_months = []
    for month in kept:
        allocated = min(month.due, remaining)
        remaining -= allocated
        allocated_months.append(
            FifoMonth(
                month.period,
                month.due,
                month.paid,
                allocated,
                month.due - allocated,
                month.employees,
                month.withheld,
            )
        )
    reasons = [f"Tổng đã nộp {format_money(total_paid)} được bù cho số phải đóng từ kỳ cũ nhất"]
    if ignored:
        reasons.append(f"Bỏ qua {len(ignored)} kỳ sau tháng {cutoff} (sau ngày tính {format_date(as_of)})")
    if remaining:
        reasons.append(f"Số tiền nộp thừa {format_money(remaining)} được ghi là số dư có")
    return FifoResult(
        as_of,
        tuple(allocated_months),
        sum(m.due for m in kept),
        total_paid,
        remaining,
        ignored,
        FIFO_RULE,
        FIFO_CLAUSE,
        tuple(reasons),
    )


# ---------------------------------------------------------------------------
# LR-INTEREST (revised): interest on every amount for the days it was late.
# ---------------------------------------------------------------------------

PAYMENT_DAY_NOTE = "theo số liệu đóng hằng tháng"


@dataclass(frozen=True)
class RateClass:
    """Calendar days (new regime) or months (old regime) charged at one rate: interest = balance × units × rate.

    ``shift`` says which balance of the month is charged (LR-INTEREST): 0 the balance after the
    month's payments (``interest_payment_day`` = first), 1 the balance before them, i.e. at the end
    of the month before (``last``, and the old regime's ``Pc``).  ``rate`` is None when a parameter is
    missing (``missing`` says which): those units count nothing and their year is reported.
    """

    regime: str
    year: int
    rate: Fraction | None
    shift: int
    missing: str | None = None

    @property
    def unit(self) -> str:
        return "day" if self.regime == "new" else "month"

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "year": self.year,
            "unit": self.unit,
            "rate": None if self.rate is None else str(self.rate),
            "shift": self.shift,
            "missing": self.missing,
        }


@dataclass(frozen=True)
class CalendarMonth:
    """One calendar month of the interest calendar: ``(class index, units)`` charged in it."""

    month: Period
    parts: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class InterestCalendar:
    """LR-INTEREST as data: for each calendar month up to the month of ``as_of``, its rate classes and units.

    The same calendar drives the pure Python computation (``arrears_figures``) and the set-based SQL
    of detection (``services.arrears``), so the two differ only in how they get each month's balance.
    """

    start: Period
    as_of: date
    change: date
    classes: tuple[RateClass, ...]
    months: tuple[CalendarMonth, ...]

    def index(self, month: Period) -> int:
        """Position of ``month`` in ``months`` (may be outside the range)."""
        return self.start.months_until(month)


def _payment_shift(month: Period, params: ParamSet) -> int:
    value = params.get("interest_payment_day", month.first_day)
    if value not in PAYMENT_DAYS:
        raise ValueError(f"interest_payment_day phải là first hoặc last (nhận {value!r})")
    return 0 if value == "first" else 1


def _new_regime_parts(month: Period, change: date, as_of: date, params: ParamSet) -> list[tuple[RateClass, int]]:
    """Days of ``month`` from the regime change to ``as_of``, split where the daily rate changes."""
    day, end_of_range = max(month.first_day, change), min(month.last_day, as_of)
    if day > end_of_range:
        return []
    shift = _payment_shift(month, params)
    parts = []
    while day <= end_of_range:
        row = params.find("interest_daily_rate", day)
        end = end_of_range if row is None or row.valid_to is None else min(end_of_range, row.valid_to)
        end = min(end, _next_start(params, "interest_daily_rate", day, end_of_range) - timedelta(days=1))
        missing = row is None or row.value is None
        rate = None if missing else fraction_param(row.value)  # type: ignore[union-attr]
        parts.append((RateClass("new", day.year, rate, shift, "rate" if missing else None), (end - day).days + 1))
        day = end + timedelta(days=1)
    return parts


def _old_regime_class(month: Period, params: ParamSet) -> RateClass:
    """The effective monthly rate of ``month``: 27.5/32 × k_si + 4.5/32 × k_hi of its year (VSS L = Pc × k)."""
    shares = _fund_shares(month, params)
    if shares is None:
        return RateClass("old", month.year, None, 1, "shares")
    rate = _effective_monthly_rate(month, shares, params)
    return RateClass("old", month.year, rate, 1, None if rate is not None else "rate")


def interest_calendar(start: Period, as_of: date, params: ParamSet) -> InterestCalendar:
    """LR-INTEREST: the rate classes and units of every calendar month from ``start`` to the month of ``as_of``.

    From ``interest_regime_change`` (2025-07-01): every day of the month up to ``as_of`` at the daily
    rate in force that day. Before it: one unit per month whose last day is on or before ``as_of``,
    at the effective monthly rate of its year.
    """
    change: date = params.get("interest_regime_change", as_of)
    last_old = Period.of(change - timedelta(days=1))
    cutoff = Period.of(as_of)
    keys: dict[RateClass, int] = {}
    months = []
    month = start
    while month <= cutoff:
        parts: list[tuple[RateClass, int]] = []
        if month <= last_old and month.last_day <= as_of:
            parts.append((_old_regime_class(month, params), 1))
        parts += _new_regime_parts(month, change, as_of, params)
        indexed = tuple((keys.setdefault(cls, len(keys)), units) for cls, units in parts)
        months.append(CalendarMonth(month, indexed))
        month = month.add(1)
    return InterestCalendar(start, as_of, change, tuple(keys), tuple(months))


@dataclass(frozen=True)
class PeriodInterest:
    """The interest accrued on one period's due, for every day it was late (exact and rounded)."""

    period: Period
    exact: Fraction
    amount: int


@dataclass(frozen=True)
class LedgerInterest:
    """LR-INTEREST over a ledger: per period, the total accrued (rounded once), what is missing."""

    per_period: tuple[PeriodInterest, ...]
    exact: Fraction
    amount: int
    missing_years: tuple[int, ...]
    shares_missing_years: tuple[int, ...]
    calendar: InterestCalendar | None


def ledger_interest(months: Iterable[LedgerMonth], as_of: date, params: ParamSet) -> LedgerInterest:
    """LR-INTEREST (revised): Σ over periods P and months m ≥ P+2 of ``outstanding_m(P)`` × rate × units.

    ``outstanding_m(P)`` is LR-FIFO month by month: the payments of months up to ``m`` (or ``m − 1``
    for a class with shift 1) applied to the dues oldest first, clamped to ``[0, due(P)]``. Rows after
    the month of ``as_of`` are ignored. Exact fractions; the total is rounded once, half up.
    """
    cutoff = Period.of(as_of)
    kept = [m for m in _unique_sorted(months) if m.period <= cutoff]
    if not kept:
        return LedgerInterest((), Fraction(0), 0, (), (), None)
    calendar = interest_calendar(kept[0].period, as_of, params)
    paid_by = {m.period: m.paid for m in kept}
    paid_through, running = [], 0
    for cm in calendar.months:
        running += paid_by.get(cm.month, 0)
        paid_through.append(running)

    def paid_until(index: int) -> int:
        return paid_through[index] if index >= 0 else 0

    needed: set[int] = set()
    per_period, total, cumdue = [], Fraction(0), 0
    for month in kept:
        cumdue += month.due
        if month.due == 0:
            continue
        exact = Fraction(0)
        for index in range(calendar.index(month.period.add(2)), len(calendar.months)):
            for class_index, units in calendar.months[index].parts:
                cls = calendar.classes[class_index]
                outstanding = min(month.due, max(0, cumdue - paid_until(index - cls.shift)))
                if not outstanding:
                    continue
                if cls.rate is None:
                    needed.add(class_index)
                else:
                    exact += outstanding * units * cls.rate
        total += exact
        per_period.append(PeriodInterest(month.period, exact, round_half_up(exact)))
    missing = sorted({calendar.classes[i].year for i in needed})
    shares = sorted({calendar.classes[i].year for i in needed if calendar.classes[i].missing == "shares"})
    return LedgerInterest(tuple(per_period), total, round_half_up(total), tuple(missing), tuple(shares), calendar)


@dataclass(frozen=True)
class OldRegimeMonth:
    """One calendar month of old-regime interest: its effective rate, or None if not configured."""

    month: Period
    rate: Fraction | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (rate as an exact fraction string)."""
        return {"month": str(self.month), "rate": None if self.rate is None else str(self.rate)}


@dataclass(frozen=True)
class InterestFactor:
    """LR-INTEREST multiplier of one period left unpaid from its deadline: interest = outstanding × ``fraction``."""

    fraction: Fraction
    missing_years: tuple[int, ...]
    period: Period
    as_of: date
    new_regime_start: date
    new_regime_days: int
    new_regime_fraction: Fraction
    old_regime_months: tuple[OldRegimeMonth, ...]
    old_regime_fraction: Fraction
    shares_missing: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (fractions as strings)."""
        return {
            "period": str(self.period),
            "as_of": self.as_of.isoformat(),
            "fraction": str(self.fraction),
            "missing_years": list(self.missing_years),
            "new_regime_start": self.new_regime_start.isoformat(),
            "new_regime_days": self.new_regime_days,
            "new_regime_fraction": str(self.new_regime_fraction),
            "old_regime_months": [m.to_dict() for m in self.old_regime_months],
            "old_regime_fraction": str(self.old_regime_fraction),
            "shares_missing": self.shares_missing,
        }


def _next_start(params: ParamSet, key: str, after: date, limit: date) -> date:
    """The next ``valid_from`` of ``key`` after ``after`` (or the day after ``limit``)."""
    starts = [r.valid_from for r in params.rows if r.key == key and after < r.valid_from <= limit]
    return min(starts, default=limit + timedelta(days=1))


def _effective_monthly_rate(
    month: Period, shares: tuple[Fraction, Fraction], params: ParamSet
) -> Fraction | None:
    k_si = params.find("interest_monthly_rate_si", month.first_day)
    k_hi = params.find("interest_monthly_rate_hi", month.first_day)
    if k_si is None or k_hi is None or k_si.value is None or k_hi.value is None:
        return None
    return shares[0] * fraction_param(k_si.value) + shares[1] * fraction_param(k_hi.value)


def _fund_shares(month: Period, params: ParamSet) -> tuple[Fraction, Fraction] | None:
    si = params.find("fund_share_si_bhtn", month.first_day)
    hi = params.find("fund_share_hi", month.first_day)
    if si is None or hi is None or si.value is None or hi.value is None:
        return None
    return fraction_param(si.value), fraction_param(hi.value)


def interest_factor(period: Period, as_of: date, params: ParamSet) -> InterestFactor:
    """LR-INTEREST: the exact multiplier of an amount of ``period`` unpaid from its deadline to ``as_of``.

    The calendar of ``interest_calendar`` summed over the months from P+2: from 2025-07-01, 0.03 % per
    day from max(deadline + 1, 2025-07-01) to ``as_of`` inclusive (Luật BHXH 2024 Điều 40–41); before,
    for each month from P+2 to 2025-06 ended by ``as_of``, the effective rate of its year (Luật BHXH
    2014 Điều 122 khoản 3). Years without both rates are listed and add nothing.
    """
    calendar = interest_calendar(period.add(2), as_of, params)
    new_days, new_fraction, old_fraction = 0, Fraction(0), Fraction(0)
    old_months, missing, shares_missing = [], set[int](), False
    for cm in calendar.months:
        for class_index, units in cm.parts:
            cls = calendar.classes[class_index]
            if cls.regime == "old":
                old_months.append(OldRegimeMonth(cm.month, cls.rate))
                shares_missing |= cls.missing == "shares"
            else:
                new_days += units
            if cls.rate is None:
                missing.add(cls.year)
            elif cls.regime == "old":
                old_fraction += cls.rate * units
            else:
                new_fraction += cls.rate * units
    return InterestFactor(
        fraction=new_fraction + old_fraction,
        missing_years=tuple(sorted(missing)),
        period=period,
        as_of=as_of,
        new_regime_start=max(payment_deadline(period) + timedelta(days=1), calendar.change),
        new_regime_days=new_days,
        new_regime_fraction=new_fraction,
        old_regime_months=tuple(old_months),
        old_regime_fraction=old_fraction,
        shares_missing=shares_missing,
    )


@dataclass(frozen=True)
class InterestMonth:
    """Interest of one period: outstanding, factor, exact and rounded amount."""

    period: Period
    outstanding: int
    factor: InterestFactor
    exact: Fraction
    amount: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "period": str(self.period),
            "outstanding": self.outstanding,
            "amount": self.amount,
            "exact": str(self.exact),
            "new_regime_days": self.factor.new_regime_days,
            "new_regime_start": self.factor.new_regime_start.isoformat(),
            "old_regime_months": [m.to_dict() for m in self.factor.old_regime_months],
            "missing_years": list(self.factor.missing_years),
        }


@dataclass(frozen=True)
class InterestResult:
    """LR-INTEREST total (rounded once, half up) with per-month detail and what is missing."""

    amount: int
    complete: bool
    missing_years: list[int]
    per_month: list[InterestMonth]
    rule: str
    clause: str
    reasons: list[str]
    as_of: date

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "as_of": self.as_of.isoformat(),
            "amount": self.amount,
            "complete": self.complete,
            "missing_years": list(self.missing_years),
            "per_month": [m.to_dict() for m in self.per_month],
            "rule": self.rule,
            "clause": self.clause,
            "reasons": list(self.reasons),
        }


def _daily_rate_text(as_of: date, params: ParamSet) -> str:
    row = params.find("interest_daily_rate", as_of)
    if row is None or row.value is None:
        return "lãi suất ngày chưa được cấu hình"
    percent = Decimal(str(row.value)) * 100
    return f"{percent.normalize():f}".replace(".", ",") + " %/ngày"


def _payment_day_text(as_of: date, params: ParamSet) -> str:
    row = params.find("interest_payment_day", as_of)
    if row is not None and row.value == "last":
        return f"Tiền nộp trong tháng được tính từ ngày cuối tháng ({PAYMENT_DAY_NOTE})"
    return f"Tiền nộp trong tháng được tính từ ngày đầu tháng ({PAYMENT_DAY_NOTE})"


def _interest_reasons(
    missing: Iterable[int], no_shares: Iterable[int], amount: int, as_of: date, params: ParamSet
) -> list[str]:
    change = params.get("interest_regime_change", as_of)
    reasons = [
        f"Lãi chậm đóng đến ngày tính: {format_money(amount)} (làm tròn một lần, nửa đồng lên)",
        f"Từ {format_date(change)}: {_daily_rate_text(as_of, params)} trên số tiền chậm đóng và số ngày "
        "chậm đóng của từng kỳ, kể cả số đã nộp muộn (Luật BHXH 2024 Điều 40, 41)",
        f"Trước {format_date(change)}: lãi suất tháng của năm do BHXH Việt Nam công bố, chia theo tỷ lệ "
        "quỹ 27,5/32 (BHXH, BHTN) và 4,5/32 (BHYT), trên số nợ quá hạn cuối tháng trước",
        _payment_day_text(as_of, params),
    ]
    for year in missing:
        reasons.append(f"Chưa có lãi suất năm {year}: phần lãi các tháng của năm {year} chưa được tính")
    for year in no_shares:
        reasons.append(
            f"Chưa có tỷ lệ chia quỹ (BHXH, BHTN / BHYT) áp dụng cho năm {year}: phần lãi trước "
            f"{format_date(change)} của các tháng năm {year} chưa được tính"
        )
    return reasons


def compute_interest(
    outstanding_by_period: Mapping[Period, int], as_of: date, params: ParamSet
) -> InterestResult:
    """LR-INTEREST on amounts outstanding since their deadline (no payment history), rounded once.

    The calculator's ``months`` form: each amount is taken as unpaid from its deadline to ``as_of``
    (a ledger with that due and no payment, through ``ledger_interest``); ``complete`` is false and
    the years are listed when a rate is missing.
    """
    positive = {p: v for p, v in outstanding_by_period.items() if v > 0}
    ledger = [LedgerMonth(p, v, 0, 0) for p, v in positive.items()]
    computed = ledger_interest(ledger, as_of, params) if ledger else None
    exact_by = {pi.period: pi for pi in computed.per_period} if computed else {}
    per_month = []
    for period in sorted(positive):
        found = exact_by.get(period)
        exact = found.exact if found else Fraction(0)
        factor = interest_factor(period, as_of, params)
        per_month.append(InterestMonth(period, positive[period], factor, exact, round_half_up(exact)))
    amount = computed.amount if computed else 0
    years = sorted({y for m in per_month for y in m.factor.missing_years})
    no_shares = computed.shares_missing_years if computed else ()
    return InterestResult(
        amount=amount,
        complete=not years,
        missing_years=years,
        per_month=per_month,
        rule=INTEREST_RULE,
        clause=INTEREST_CLAUSE,
        reasons=_interest_reasons(years, no_shares, amount, as_of, params),
        as_of=as_of,
    )


@dataclass(frozen=True)
class ArrearsMonth:
    """One month of the arrears statement: its outstanding amount now and the interest it accrued."""

    period: Period
    deadline: date
    due: int
    paid: int
    allocated: int
    outstanding: int
    in_arrears: bool
    interest: int
    employees: int
    interest_paid: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "period": str(self.period),
            "deadline": self.deadline.isoformat(),
            "due": self.due,
            "paid": self.paid,
            "allocated": self.allocated,
            "outstanding": self.outstanding,
            "in_arrears": self.in_arrears,
            "interest": self.interest,
            "interest_paid": self.interest_paid,
            "employees": self.employees,
        }


@dataclass(frozen=True)
class ArrearsFigures:
    """LR-ARREARS figures of one employer as of a date, explained.

    ``interest_accrued`` is all LR-INTEREST interest up to the date (on amounts still unpaid and on
    amounts paid late), ``interest_paid`` the ledger's interest received, ``interest`` what is still
    owed: ``max(0, interest_accrued − interest_paid)``.
    """

    months_in_arrears: int
    oldest_unpaid_period: Period | None
    principal: int
    interest: int
    interest_complete: bool
    missing_rate_years: list[int]
    employees_affected: int
    credit: int
    months: list[ArrearsMonth]
    rule: str
    clause: str
    reasons: list[str]
    as_of: date
    threshold: int
    interest_accrued: int = 0
    interest_paid: int = 0

    @property
    def case_expected(self) -> bool:
        """Whether detection opens a case: months in arrears ≥ threshold."""
        return self.months_in_arrears >= self.threshold

    @property
    def interest_only(self) -> bool:
        """LR-ARREARS: no principal left, late-payment interest still owed ("chỉ còn nợ lãi chậm đóng")."""
        return self.principal == 0 and self.interest > 0

    @property
    def settled(self) -> bool:
        """LR-ARREARS: a case is settled only when principal and interest owed are both 0."""
        return self.principal == 0 and self.interest == 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form; the keys of ``expected_small*.json`` plus the detail."""
        oldest = str(self.oldest_unpaid_period) if self.oldest_unpaid_period else None
        return {
            "as_of": self.as_of.isoformat(),
            "months_in_arrears": self.months_in_arrears,
            "oldest_unpaid_period": oldest,
            "principal": self.principal,
            "interest": self.interest,
            "interest_accrued": self.interest_accrued,
            "interest_paid": self.interest_paid,
            "interest_complete": self.interest_complete,
            "missing_rate_years": list(self.missing_rate_years),
            "employees_affected": self.employees_affected,
            "credit": self.credit,
            "threshold": self.threshold,
            "case_expected": self.case_expected,
            "interest_only": self.interest_only,
            "months": [m.to_dict() for m in self.months],
            "rule": self.rule,
            "clause": self.clause,
            "reasons": list(self.reasons),
        }


INTEREST_ONLY_TEXT = "chỉ còn nợ lãi chậm đóng"


def _arrears_reasons(
    count: int, threshold: int, principal: int, as_of: date, oldest: Period | None
) -> list[str]:
    reasons = [
        f"Số tháng chậm đóng tại ngày {format_date(as_of)}: {count} (ngưỡng mở hồ sơ: {threshold} tháng)"
    ]
    if oldest is not None:
        reasons.append(f"Kỳ nợ cũ nhất: {oldest}; số tiền gốc còn nợ: {format_money(principal)}")
    reasons.append(
        "Một tháng là chậm đóng khi còn nợ sau hạn đóng (ngày cuối của tháng kế tiếp); "
        "tháng có hạn đóng đúng ngày tính chưa bị coi là chậm"
    )
    if as_of < LEGACY_DEADLINE_NOTE_UNTIL:
        reasons.append(
            "Lưu ý: trước 01/07/2025 hạn đóng hằng tháng là ngày cuối chính tháng đó (lãi chỉ tính khi "
            "chậm từ 30 ngày); quy tắc hạn đóng mới được áp dụng cho mọi kỳ nên tháng gần nhất "
            "có thể chưa được tính là chậm"
        )
    return reasons


def _interest_owed_reasons(accrued: int, paid: int, owed: int, principal: int) -> list[str]:
    reasons = []
    if paid:
        reasons.append(
            f"Lãi đã tính {format_money(accrued)}, lãi đã đóng {format_money(paid)}, lãi còn nợ {format_money(owed)}"
        )
    if principal == 0 and owed > 0:
        reasons.append(f"Đơn vị đã nộp đủ tiền gốc, {INTEREST_ONLY_TEXT} {format_money(owed)}")
    return reasons


@dataclass(frozen=True)
class ColumnTotals:
    """The sums of an arrears table's columns over the months it lists (each column adds up)."""

    months: int
    due: int
    allocated: int
    outstanding: int
    interest: int


def column_totals(months: Iterable[ArrearsMonth]) -> ColumnTotals:
    """What the "Cộng" row of a table listing ``months`` prints: due, paid (as allocated), outstanding, interest."""
    rows = list(months)
    return ColumnTotals(len(rows), sum(m.due for m in rows), sum(m.allocated for m in rows),
                        sum(m.outstanding for m in rows), sum(m.interest for m in rows))


def split_by_deadline(months: Iterable[ArrearsMonth], as_of: date) -> tuple[list[ArrearsMonth], list[ArrearsMonth]]:
    """The months whose payment deadline has passed on ``as_of`` and those not yet due (LR-ARREARS).

    Only the first count: the principal is the sum of their outstanding amounts; a month not yet due
    is listed apart and added to nothing.
    """
    rows = list(months)
    return [m for m in rows if m.deadline < as_of], [m for m in rows if m.deadline >= as_of]


def _is_in_arrears(month: FifoMonth, as_of: date) -> bool:
    return month.outstanding > 0 and payment_deadline(month.period) < as_of


def arrears_figures(months: Iterable[LedgerMonth], as_of: date, params: ParamSet) -> ArrearsFigures:
    """LR-ARREARS: months in arrears, oldest unpaid month, principal, interest accrued/paid/owed, headcount, credit.

    LEGAL.md LR-ARREARS: a month is in arrears when outstanding > 0 and its deadline (Luật BHXH 2024
    Điều 34 khoản 4) is before ``as_of``; employees affected is the largest headcount among those
    months; interest per LR-INTEREST (revised) on every amount for the days it was late.
    """
    months = list(months)
    fifo = allocate_fifo(months, as_of)
    late = [m for m in fifo.months if _is_in_arrears(m, as_of)]
    computed = ledger_interest(months, as_of, params)
    by_period = {p.period: p.amount for p in computed.per_period}
    cutoff = Period.of(as_of)
    interest_paid_by = {m.period: m.interest_paid for m in months if m.period <= cutoff}
    detail = [
        ArrearsMonth(
            m.period,
            payment_deadline(m.period),
            m.due,
            m.paid,
            m.allocated,
            m.outstanding,
            _is_in_arrears(m, as_of),
            by_period.get(m.period, 0),
            m.employees,
            interest_paid_by.get(m.period, 0),
        )
        for m in fifo.months
    ]
    threshold: int = params.get("arrears_threshold_months", as_of)
    principal = sum(m.outstanding for m in late)
    oldest = late[0].period if late else None
    interest_paid = sum(interest_paid_by.values())
    owed = max(0, computed.amount - interest_paid)
    reasons = _arrears_reasons(len(late), threshold, principal, as_of, oldest) + list(fifo.reasons)
    reasons += _interest_reasons(computed.missing_years, computed.shares_missing_years, computed.amount, as_of, params)
    reasons += _interest_owed_reasons(computed.amount, interest_paid, owed, principal)
    return ArrearsFigures(
        months_in_arrears=len(late),
        oldest_unpaid_period=oldest,
        principal=principal,
        interest=owed,
        interest_complete=not computed.missing_years,
        missing_rate_years=list(computed.missing_years),
        employees_affected=max((m.employees for m in late), default=0),
        credit=fifo.credit,
        months=detail,
        rule=ARREARS_RULE,
        clause=ARREARS_CLAUSE,
        reasons=reasons,
        as_of=as_of,
        threshold=threshold,
        interest_accrued=computed.amount,
        interest_paid=interest_paid,
    )
