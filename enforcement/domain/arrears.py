"""Arrears of an employer as of a date: FIFO allocation, months in arrears and interest.

Implements LEGAL.md LR-FIFO (the total paid is applied to the dues oldest
first), LR-ARREARS (a month is in arrears when something is outstanding after
its payment deadline, LR-DEADLINE) and LR-INTEREST (0.03 %/day from 2025-07-01;
before that the yearly monthly rates of VSS, weighted by the fund shares). All
arithmetic is exact (``int`` and ``Fraction``); the interest total is rounded
once, half up. ``interest_factor`` gives the exact multiplier for one period so
that database-side detection can compute interest in one pass per period and
still agree to the đồng with ``compute_interest``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .legal_params import MissingParam, ParamSet, fraction_param
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
    """One ledger row: due for ``period``, money received during it, headcount, share withheld."""

    period: Period
    due: int
    paid: int
    employees: int
    withheld: int = 0

    def __post_init__(self) -> None:
        for name in ("due", "paid", "employees", "withheld"):
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
    """LR-INTEREST multiplier of one period: interest = outstanding × ``fraction``."""

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


def _new_regime(start: date, as_of: date, params: ParamSet) -> tuple[int, Fraction, set[int]]:
    """Days and Σ daily rates from ``start`` to ``as_of`` inclusive, split where the rate changes."""
    if as_of < start:
        return 0, Fraction(0), set()
    total, missing, day = Fraction(0), set[int](), start
    while day <= as_of:
        row = params.find("interest_daily_rate", day)
        end = as_of if row is None or row.valid_to is None else min(as_of, row.valid_to)
        end = min(end, _next_start(params, "interest_daily_rate", day, as_of) - timedelta(days=1))
        if row is None or row.value is None:
            missing.update(range(day.year, end.year + 1))
        else:
            total += fraction_param(row.value) * ((end - day).days + 1)
        day = end + timedelta(days=1)
    return (as_of - start).days + 1, total, missing


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


def _fund_shares(period: Period, params: ParamSet) -> tuple[Fraction, Fraction] | None:
    try:
        si = params.get("fund_share_si_bhtn", period.first_day)
        hi = params.get("fund_share_hi", period.first_day)
    except MissingParam:
        return None
    return None if si is None or hi is None else (fraction_param(si), fraction_param(hi))


def _old_regime(
    period: Period, as_of: date, change: date, shares: tuple[Fraction, Fraction] | None, params: ParamSet
) -> tuple[OldRegimeMonth, ...]:
    """Months n from P+2 up to the month before ``change`` whose last day is on or before ``as_of``."""
    last_old = Period.of(change - timedelta(days=1))
    months, month = [], period.add(2)
    while month <= last_old and month.last_day <= as_of:
        rate = None if shares is None else _effective_monthly_rate(month, shares, params)
        months.append(OldRegimeMonth(month, rate))
        month = month.add(1)
    return tuple(months)


def interest_factor(period: Period, as_of: date, params: ParamSet) -> InterestFactor:
    """LR-INTEREST: the exact multiplier of ``outstanding(period)`` as of ``as_of``.

    LEGAL.md LR-INTEREST (R7–R9): from 2025-07-01, 0.03 % per day from
    max(deadline + 1, 2025-07-01) to ``as_of`` inclusive (Luật BHXH 2024 Điều
    40–41); before, for each month n from P+2 to 2025-06 ended by ``as_of``, the
    effective rate 27.5/32 × k_si + 4.5/32 × k_hi of n's year (Luật BHXH 2014
    Điều 122 khoản 3). Years without both rates are listed and add nothing.
    """
    change: date = params.get("interest_regime_change", as_of)
    start = max(payment_deadline(period) + timedelta(days=1), change)
    days, new_fraction, missing = _new_regime(start, as_of, params)
    shares = _fund_shares(period, params)
    old_months = _old_regime(period, as_of, change, shares, params)
    old_fraction = sum((m.rate for m in old_months if m.rate is not None), Fraction(0))
    missing |= {m.month.year for m in old_months if m.rate is None}
    return InterestFactor(
        fraction=new_fraction + old_fraction,
        missing_years=tuple(sorted(missing)),
        period=period,
        as_of=as_of,
        new_regime_start=start,
        new_regime_days=days,
        new_regime_fraction=new_fraction,
        old_regime_months=old_months,
        old_regime_fraction=old_fraction,
        shares_missing=shares is None and bool(old_months),
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


def _interest_reasons(
    missing: list[int], no_shares: list[Period], amount: int, as_of: date, params: ParamSet
) -> list[str]:
    change = params.get("interest_regime_change", as_of)
    reasons = [
        f"Lãi chậm đóng đến ngày tính: {format_money(amount)} (làm tròn một lần, nửa đồng lên)",
        f"Từ {format_date(change)}: {_daily_rate_text(as_of, params)} trên số còn nợ của từng kỳ "
        "(Luật BHXH 2024 Điều 40, 41)",
        f"Trước {format_date(change)}: lãi suất tháng của năm do BHXH Việt Nam công bố, chia theo tỷ lệ "
        "quỹ 27,5/32 (BHXH, BHTN) và 4,5/32 (BHYT)",
    ]
    for year in missing:
        reasons.append(f"Chưa có lãi suất năm {year}: phần lãi các tháng của năm {year} chưa được tính")
    for period in no_shares:
        reasons.append(
            f"Chưa có tỷ lệ chia quỹ (BHXH, BHTN / BHYT) áp dụng cho kỳ {period}: phần lãi trước "
            f"{format_date(change)} của kỳ này chưa được tính"
        )
    return reasons


def compute_interest(
    outstanding_by_period: Mapping[Period, int], as_of: date, params: ParamSet
) -> InterestResult:
    """LR-INTEREST: interest on what is outstanding per period, summed exactly, rounded once.

    LEGAL.md LR-INTEREST: Σ outstanding(P) × factor(P), half up to whole đồng;
    ``complete`` is false and the years are listed when a monthly rate is missing.
    """
    per_month: list[InterestMonth] = []
    total, missing, no_shares = Fraction(0), set[int](), list[Period]()
    for period in sorted(outstanding_by_period):
        outstanding = outstanding_by_period[period]
        if outstanding <= 0:
            continue
        factor = interest_factor(period, as_of, params)
        exact = outstanding * factor.fraction
        total += exact
        missing.update(factor.missing_years)
        if factor.shares_missing:
            no_shares.append(period)
        per_month.append(InterestMonth(period, outstanding, factor, exact, round_half_up(exact)))
    amount = round_half_up(total)
    years = sorted(missing)
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
    """One month of the arrears statement."""

    period: Period
    deadline: date
    due: int
    paid: int
    allocated: int
    outstanding: int
    in_arrears: bool
    interest: int
    employees: int

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
            "employees": self.employees,
        }


@dataclass(frozen=True)
class ArrearsFigures:
    """LR-ARREARS figures of one employer as of a date, explained."""

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

    @property
    def case_expected(self) -> bool:
        """Whether detection opens a case: months in arrears ≥ threshold."""
        return self.months_in_arrears >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form; the keys of ``expected_small*.json`` plus the detail."""
        oldest = str(self.oldest_unpaid_period) if self.oldest_unpaid_period else None
        return {
            "as_of": self.as_of.isoformat(),
            "months_in_arrears": self.months_in_arrears,
            "oldest_unpaid_period": oldest,
            "principal": self.principal,
            "interest": self.interest,
            "interest_complete": self.interest_complete,
            "missing_rate_years": list(self.missing_rate_years),
            "employees_affected": self.employees_affected,
            "credit": self.credit,
            "threshold": self.threshold,
            "case_expected": self.case_expected,
            "months": [m.to_dict() for m in self.months],
            "rule": self.rule,
            "clause": self.clause,
            "reasons": list(self.reasons),
        }


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


def _is_in_arrears(month: FifoMonth, as_of: date) -> bool:
    return month.outstanding > 0 and payment_deadline(month.period) < as_of


def arrears_figures(months: Iterable[LedgerMonth], as_of: date, params: ParamSet) -> ArrearsFigures:
    """LR-ARREARS: months in arrears, oldest unpaid month, principal, interest, headcount, credit.

    LEGAL.md LR-ARREARS: a month is in arrears when outstanding > 0 and its
    deadline (Luật BHXH 2024 Điều 34 khoản 4) is before ``as_of``; employees
    affected is the largest headcount among those months; interest per LR-INTEREST.
    """
    fifo = allocate_fifo(months, as_of)
    late = [m for m in fifo.months if _is_in_arrears(m, as_of)]
    interest = compute_interest({m.period: m.outstanding for m in late}, as_of, params)
    by_period = {m.period: m.amount for m in interest.per_month}
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
        )
        for m in fifo.months
    ]
    threshold: int = params.get("arrears_threshold_months", as_of)
    principal = sum(m.outstanding for m in late)
    oldest = late[0].period if late else None
    reasons = _arrears_reasons(len(late), threshold, principal, as_of, oldest) + list(fifo.reasons)
    return ArrearsFigures(
        months_in_arrears=len(late),
        oldest_unpaid_period=oldest,
        principal=principal,
        interest=interest.amount,
        interest_complete=interest.complete,
        missing_rate_years=interest.missing_years,
        employees_affected=max((m.employees for m in late), default=0),
        credit=fifo.credit,
        months=detail,
        rule=ARREARS_RULE,
        clause=ARREARS_CLAUSE,
        reasons=reasons + interest.reasons,
        as_of=as_of,
        threshold=threshold,
    )
