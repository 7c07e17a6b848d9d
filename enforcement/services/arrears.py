"""Set-based arrears figures for a whole office (LEGAL.md LR-FIFO, LR-ARREARS, LR-INTEREST).

One SQL statement over the ledger computes, with window functions, each
month's outstanding amount after FIFO allocation (a month's outstanding is
``clamp(cumulative due − total paid, 0, due)``) and returns only the months in
arrears plus one row for each employer in credit.  Interest is then summed in
one pass over those months with the exact per-period factor of the domain
function, so the figures agree to the đồng with ``domain.arrears``.  The same
code runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import sqlalchemy as sa

from enforcement.domain.arrears import interest_factor
from enforcement.domain.legal_params import ParamSet
from enforcement.domain.money import round_half_up
from enforcement.domain.periods import Period, payment_deadline
from enforcement.extensions import db
from enforcement.models import Employer, LedgerRow


@dataclass
class EmployerArrears:
    """The figures of one employer as of a date (LR-ARREARS)."""

    employer_id: int
    months_in_arrears: int = 0
    oldest_unpaid_period: str | None = None
    principal: int = 0
    interest: int = 0
    interest_complete: bool = True
    missing_rate_years: list[int] = field(default_factory=list)
    employees_affected: int = 0
    credit: int = 0
    months: dict[str, int] = field(default_factory=dict)

    def snapshot(self) -> dict[str, object]:
        """The fields a case keeps as its arrears snapshot."""
        return {
            "months_in_arrears": self.months_in_arrears,
            "oldest_unpaid_period": self.oldest_unpaid_period,
            "principal": self.principal,
            "interest": self.interest,
            "interest_complete": self.interest_complete,
            "employees_affected": self.employees_affected,
        }


def last_late_period(as_of: date) -> Period:
    """The latest contribution month whose payment deadline is before ``as_of`` (LR-DEADLINE)."""
    period = Period.of(as_of)
    while payment_deadline(period) >= as_of:
        period = period.add(-1)
    return period


def _arrears_query(office_id: int, as_of: date, employer_ids: Iterable[int] | None) -> sa.Select:
    lr = LedgerRow.__table__
    by_employer = {"partition_by": lr.c.employer_id}
    big = sa.BigInteger
    employers = sa.select(Employer.id).where(Employer.office_id == office_id)
    if employer_ids is not None:
        employers = employers.where(Employer.id.in_(list(employer_ids)))
    ledger = (
        sa.select(
            lr.c.employer_id,
            lr.c.period,
            lr.c.amount_due.label("due"),
            lr.c.employees,
            sa.cast(
                sa.func.sum(lr.c.amount_due).over(order_by=lr.c.period, rows=(None, 0), **by_employer), big
            ).label("cum_due"),
            sa.cast(sa.func.sum(lr.c.amount_paid).over(**by_employer), big).label("total_paid"),
            sa.cast(sa.func.sum(lr.c.amount_due).over(**by_employer), big).label("total_due"),
            sa.func.max(lr.c.period).over(**by_employer).label("last_period"),
        )
        .where(lr.c.employer_id.in_(employers.scalar_subquery()), lr.c.period <= str(Period.of(as_of)))
        .cte("ledger")
    )
    unpaid = ledger.c.cum_due - ledger.c.total_paid
    outstanding = sa.case((unpaid <= 0, 0), (unpaid >= ledger.c.due, ledger.c.due), else_=unpaid)
    in_arrears = sa.and_(outstanding > 0, ledger.c.period <= str(last_late_period(as_of)))
    in_credit = sa.and_(ledger.c.period == ledger.c.last_period, ledger.c.total_paid > ledger.c.total_due)
    return sa.select(
        ledger.c.employer_id,
        ledger.c.period,
        outstanding.label("outstanding"),
        ledger.c.employees,
        (ledger.c.total_paid - ledger.c.total_due).label("surplus"),
        in_arrears.label("in_arrears"),
    ).where(sa.or_(in_arrears, in_credit))


def office_arrears(
    office_id: int, as_of: date, params: ParamSet, employer_ids: Iterable[int] | None = None
) -> dict[int, EmployerArrears]:
    """Every employer of the office with a month in arrears or a credit, as of ``as_of``."""
    result: dict[int, EmployerArrears] = {}
    factors: dict[str, tuple[Fraction, tuple[int, ...]]] = {}
    exact: dict[int, Fraction] = {}
    for row in db.session.execute(_arrears_query(office_id, as_of, employer_ids)):
        figures = result.setdefault(row.employer_id, EmployerArrears(row.employer_id))
        if row.surplus > 0:
            figures.credit = int(row.surplus)
        if not row.in_arrears:
            continue
        _add_month(figures, row.period, int(row.outstanding), row.employees)
        if row.period not in factors:
            factor = interest_factor(Period.parse(row.period), as_of, params)
            factors[row.period] = (factor.fraction, factor.missing_years)
        fraction, missing = factors[row.period]
        exact[row.employer_id] = exact.get(row.employer_id, Fraction(0)) + fraction * int(row.outstanding)
        if missing:
            figures.interest_complete = False
            figures.missing_rate_years = sorted(set(figures.missing_rate_years) | set(missing))
    for employer_id, total in exact.items():
        result[employer_id].interest = round_half_up(total)
    return result


def _add_month(figures: EmployerArrears, period: str, outstanding: int, employees: int) -> None:
    figures.months[period] = outstanding
    figures.months_in_arrears += 1
    figures.principal += outstanding
    figures.employees_affected = max(figures.employees_affected, employees)
    if figures.oldest_unpaid_period is None or period < figures.oldest_unpaid_period:
        figures.oldest_unpaid_period = period
