"""Set-based arrears figures for a whole office (LEGAL.md LR-FIFO, LR-ARREARS, LR-INTEREST).

SQL over the whole ledger computes each month's outstanding amount after FIFO
allocation (a month's outstanding is ``clamp(cumulative due − total paid, 0,
due)``, the cumulative due a window function): one aggregate pass into a
temporary table of per-employer totals, then the running sums over the
debtors' rows only; it returns the months in arrears plus one row for each
employer in credit.  Interest is then summed in
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
from enforcement.models import LedgerRow


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


_TOTALS = sa.Table(
    "arrears_totals",
    sa.MetaData(),  # a scratch table of one run: not part of the application's schema
    sa.Column("employer_id", sa.Integer, primary_key=True),
    sa.Column("due", sa.BigInteger, nullable=False),
    sa.Column("paid", sa.BigInteger, nullable=False),
    prefixes=["TEMPORARY"],
)


def _fill_totals(office_id: int, as_of: date, employer_ids: Iterable[int] | None) -> None:
    """One aggregate pass: total due and paid up to the month of ``as_of``, for employers not exactly square.

    Only an employer who paid less than was due can have an outstanding month (FIFO
    fills the oldest months first), and only one who paid more has a credit; the
    (many) employers who paid exactly what was due need nothing more.
    """
    lr = LedgerRow.__table__
    big = sa.BigInteger
    due, paid = sa.func.sum(lr.c.amount_due), sa.func.sum(lr.c.amount_paid)
    totals = sa.select(lr.c.employer_id, sa.cast(due, big), sa.cast(paid, big)).where(
        lr.c.office_id == office_id, lr.c.period <= str(Period.of(as_of))
    )
    if employer_ids is not None:
        totals = totals.where(lr.c.employer_id.in_(list(employer_ids)))
    totals = totals.group_by(lr.c.employer_id).having(due != paid)
    # A plain SELECT (PostgreSQL may scan in parallel; INSERT … SELECT never does), then the
    # few thousand employers not square go into the scratch table.
    rows = [{"employer_id": e, "due": d, "paid": p} for e, d, p in db.session.execute(totals)]
    if rows:
        db.session.execute(sa.insert(_TOTALS), rows)
    db.session.execute(sa.text("ANALYZE arrears_totals"))


def _arrears_query(as_of: date) -> sa.CompoundSelect:
    """Months in arrears (running sums over the debtors' rows only) and credits, from the totals.

    The running sum of dues is a window ordered by period, which the
    ``(employer_id, period)`` index already provides; the debtors are few, so
    their rows are reached through that index, not by scanning the ledger again.
    """
    lr, totals = LedgerRow.__table__, _TOTALS
    big = sa.BigInteger
    running = sa.func.sum(lr.c.amount_due).over(partition_by=lr.c.employer_id, order_by=lr.c.period, rows=(None, 0))
    debts = (
        sa.select(
            lr.c.employer_id,
            lr.c.period,
            lr.c.amount_due.label("due"),
            lr.c.employees,
            (sa.cast(running, big) - totals.c.paid).label("unpaid"),
        )
        .select_from(totals.join(lr, lr.c.employer_id == totals.c.employer_id))
        .where(totals.c.paid < totals.c.due, lr.c.period <= str(Period.of(as_of)))
        .subquery("debts")
    )
    outstanding = sa.case((debts.c.unpaid >= debts.c.due, debts.c.due), else_=debts.c.unpaid)
    months = sa.select(
        debts.c.employer_id,
        debts.c.period,
        outstanding.label("outstanding"),
        debts.c.employees,
        sa.literal(0, big).label("surplus"),
    ).where(debts.c.unpaid > 0, debts.c.due > 0, debts.c.period <= str(last_late_period(as_of)))
    credits = sa.select(
        totals.c.employer_id,
        sa.null().label("period"),
        sa.literal(0, big),
        sa.literal(0),
        (totals.c.paid - totals.c.due).label("surplus"),
    ).where(totals.c.paid > totals.c.due)
    return sa.union_all(months, credits)


def office_arrears(
    office_id: int, as_of: date, params: ParamSet, employer_ids: Iterable[int] | None = None
) -> dict[int, EmployerArrears]:
    """Every employer of the office with a month in arrears or a credit, as of ``as_of``."""
    if db.session.get_bind().dialect.name == "postgresql":
        # The per-employer totals need more than the default 4 MB to aggregate in memory.
        db.session.execute(sa.text("SET LOCAL work_mem = '64MB'"))
    result: dict[int, EmployerArrears] = {}
    factors: dict[str, tuple[Fraction, tuple[int, ...]]] = {}
    exact: dict[int, Fraction] = {}
    connection = db.session.connection()
    _TOTALS.create(connection)
    try:
        _fill_totals(office_id, as_of, employer_ids)
        rows = db.session.execute(_arrears_query(as_of)).all()
    finally:
        _TOTALS.drop(connection)
    for row in rows:
        figures = result.setdefault(row.employer_id, EmployerArrears(row.employer_id))
        if row.period is None:
            figures.credit = int(row.surplus)
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
