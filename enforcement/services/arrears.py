"""Set-based arrears figures for a whole office (LEGAL.md LR-FIFO, LR-ARREARS, LR-INTEREST as revised).

Two statements, the same on SQLite and PostgreSQL (a third on PostgreSQL for the employers whose
ledger misses a month), and no loop over ledger rows:

1. the employers with an *irregular* month (paid ≠ due, or interest paid), found
   through the partial index ``ix_ledger_rows_irregular``, with their first
   irregular month and their last month up to the month of the as-of date.  An
   employer who paid each month's due in that month owes no principal, no
   interest and holds no credit, so the (many) regular payers are never read,
   nor the months before an employer's first irregular one;
2. for those employers, a month-by-month grid (their first irregular month to
   the month of the as-of date; on PostgreSQL read from their ledger rows first, see
   ``_DENSE_FROM``) with running sums — window functions — of dues and
   payments; an employer's credit is that of the grid's last month.  LR-FIFO fills the
   oldest months first, so each month's late balance is one running sum (LEGAL.md
   LR-INTEREST): ``max(0, cumdue(≤ m−2) − cumpaid(≤ m))``, or ``cumpaid(≤ m−1)``
   for the old regime and ``interest_payment_day = last``.  Each month's balance
   is multiplied by the units (days or months) of each rate class of the
   calendar (``domain.arrears.interest_calendar``, a small table) and summed per
   employer and class; the months in arrears, principal, headcount and interest
   paid come out of the same grid.

Python then multiplies each employer's few class sums by the exact rates and
rounds once, so the figures agree to the đồng with ``domain.arrears``
(property tests hold the two equal).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import sqlalchemy as sa

from enforcement.domain.arrears import InterestCalendar, interest_calendar
from enforcement.domain.legal_params import ParamSet
from enforcement.domain.money import round_ratio_half_up
from enforcement.domain.periods import Period, payment_deadline
from enforcement.extensions import db


@dataclass
class EmployerArrears:
    """The figures of one employer as of a date (LR-ARREARS): ``interest`` is what is still owed."""

    employer_id: int
    months_in_arrears: int = 0
    oldest_unpaid_period: str | None = None
    principal: int = 0
    interest: int = 0
    interest_accrued: int = 0
    interest_paid: int = 0
    interest_complete: bool = True
    missing_rate_years: list[int] = field(default_factory=list)
    employees_affected: int = 0
    credit: int = 0

    @property
    def interest_only(self) -> bool:
        """No principal left but interest still owed ("chỉ còn nợ lãi chậm đóng")."""
        return self.principal == 0 and self.interest > 0

    @property
    def listed(self) -> bool:
        """LR-ARREARS: the report lists a month in arrears, a credit, or interest owed."""
        return self.months_in_arrears > 0 or self.credit > 0 or self.interest > 0

    def snapshot(self) -> dict[str, object]:
        """The fields a case keeps as its arrears snapshot."""
        return {
            "months_in_arrears": self.months_in_arrears,
            "oldest_unpaid_period": self.oldest_unpaid_period,
            "principal": self.principal,
            "interest": self.interest,
            "interest_accrued": self.interest_accrued,
            "interest_paid": self.interest_paid,
            "interest_complete": self.interest_complete,
            "employees_affected": self.employees_affected,
        }


def last_late_period(as_of: date) -> Period:
    """The latest contribution month whose payment deadline is before ``as_of`` (LR-DEADLINE)."""
    period = Period.of(as_of)
    while payment_deadline(period) >= as_of:
        period = period.add(-1)
    return period


_EMPLOYERS = sa.Table(
    "arrears_employers",
    sa.MetaData(),  # a scratch table of one run: not part of the application's schema
    sa.Column("employer_id", sa.Integer, primary_key=True),
    sa.Column("first_period", sa.String(7), nullable=False),
    sa.Column("last_period", sa.String(7), nullable=False),
    sa.Column("paid", sa.BigInteger),  # SQLite only: the total paid up to the month of the as-of date
    sa.Column("sparse", sa.Boolean, nullable=False),
    prefixes=["TEMPORARY"],
)


class _Layout:
    """The SQL columns of the calendar: one per distinct known rate (and shift), one per shift for missing rates.

    The domain calendar's classes carry their year (to report missing years); here classes with the
    same known rate share a column, so the number of columns stays that of the distinct rates,
    however many years the ledger spans.  Missing-rate units go to ``miss0``/``miss1`` and each
    month carries its year in ``missing_year`` when part of it has no rate: the grid is summed per
    employer and missing year, which says which years are needed.
    """

    def __init__(self, calendar: InterestCalendar) -> None:
        self.calendar = calendar
        known: dict[tuple[object, ...], int] = {}
        self.column_of: list[str] = []
        self.columns: list[tuple[str, int, Fraction | None]] = [("miss0", 0, None), ("miss1", 1, None)]
        for cls in calendar.classes:
            if cls.rate is None:
                self.column_of.append(f"miss{cls.shift}")
                continue
            key = (cls.regime, cls.rate, cls.shift)
            if key not in known:
                known[key] = len(known)
                self.columns.append((f"u{known[key]}", cls.shift, cls.rate))
            self.column_of.append(f"u{known[key]}")
        rates = [rate for _name, _shift, rate in self.columns if rate is not None]
        self.denominator = math.lcm(*(rate.denominator for rate in rates)) if rates else 1
        self.numerators = {name: int(rate * self.denominator) for name, _s, rate in self.columns if rate is not None}

    def table(self) -> sa.Table:
        """The scratch calendar of one run: one row per month, its units per column."""
        return sa.Table(
            "interest_calendar",
            sa.MetaData(),
            sa.Column("period", sa.String(7), primary_key=True),
            sa.Column("missing_year", sa.Integer),
            *(sa.Column(name, sa.Integer, nullable=False) for name, _shift, _rate in self.columns),
            prefixes=["TEMPORARY"],
        )

    def rows(self) -> list[dict[str, object]]:
        rows = []
        for cm in self.calendar.months:
            units = dict.fromkeys((name for name, _shift, _rate in self.columns), 0)
            missing_year = None
            for class_index, count in cm.parts:
                units[self.column_of[class_index]] += count
                if self.calendar.classes[class_index].rate is None:
                    missing_year = self.calendar.classes[class_index].year
            rows.append({"period": str(cm.month), "missing_year": missing_year, **units})
        return rows


IRREGULAR = "amount_paid <> amount_due OR interest_paid > 0"
"""The rows of the partial index ``ix_ledger_rows_irregular``: a month not paid exactly as due.

An employer none of whose months is irregular paid each month's due during that month: it owes
no principal (LR-FIFO), no interest (its late balance is never positive, LR-INTEREST), holds no
credit and paid no interest.  Detection therefore reads only the employers with an irregular
month (a few percent of a province), found through that index, never the whole ledger."""


def _fill_employers(office_id: int, as_of: date, *, postgresql: bool) -> Period | None:
    """Pass 1: the employers with an irregular month, the first month their grid needs and their last month.

    The irregular months' partial index gives the employers and their first irregular month (where
    their grid starts).  On PostgreSQL one probe in the ledger's (employer, period) index gives
    their last month (indexes only); the grid is first read from the ledger rows (``_DENSE_FROM``)
    and the employers it finds a gap in are marked ``sparse`` afterwards.  On SQLite one aggregate
    over their rows from that month gives the last month and the total paid from it (a second
    window over the grid costs SQLite more); every employer is ``sparse``.

    Returns the first month of any of them, None when there is none.
    """
    irregular = IRREGULAR.replace("amount", "i.amount").replace("interest", "i.interest")
    # The grid starts at the employer's first irregular month: every month before it was paid as due
    # in its month (due = paid, no interest paid; a missing month is 0 = 0), so those months add as
    # much to the running dues as to the running payments, none of them is late or has a late
    # balance, and the first month's late balance is at most 0 with or without them (``_grid_query``).
    employers = (
        "SELECT i.employer_id, MIN(i.period) AS irregular FROM ledger_rows i WHERE i.office_id = :office "
        f"AND i.period <= :cutoff AND ({irregular}) GROUP BY i.employer_id"
    )
    insert = "INSERT INTO arrears_employers (employer_id, first_period, last_period, paid, sparse) "
    if postgresql:
        statement = sa.text(
            f"{insert}SELECT e.employer_id, e.irregular, (SELECT MAX(f.period) FROM ledger_rows f "
            f"WHERE f.employer_id = e.employer_id AND f.period <= :cutoff), NULL, FALSE FROM ({employers}) e"
        )
    else:
        statement = sa.text(
            f"{insert}SELECT e.employer_id, e.irregular, MAX(l.period), SUM(l.amount_paid), TRUE "
            f"FROM ({employers}) e JOIN ledger_rows l ON l.employer_id = e.employer_id "
            "AND l.period >= e.irregular AND l.period <= :cutoff GROUP BY e.employer_id, e.irregular"
        )
    db.session.execute(statement, {"office": office_id, "cutoff": str(Period.of(as_of))})
    first = db.session.scalar(sa.text("SELECT MIN(first_period) FROM arrears_employers"))
    return None if first is None else Period.parse(first)


def _month_of(column: str) -> str:
    """SQL: a month count of a ``YYYY-MM`` column (``month_index`` + 1: only differences are used)."""
    return f"(CAST(substr({column}, 1, 4) AS INTEGER) * 12 + CAST(substr({column}, 6, 2) AS INTEGER))"


# The grid's FROM clause on PostgreSQL, for every employer first: its ledger rows from the first
# month its grid needs (pass 1) to its last (one index range scan per employer instead of one probe
# per month) followed by the calendar's months after its last (rows of zeros, still accruing
# interest).  Right only for an employer with a row for every month in between: the grid counts
# the rows (``ledger_months``) and an employer with a gap is marked ``sparse`` and read again from
# ``_SPARSE_FROM``.
# OFFSET 0 keeps PostgreSQL from flattening the subquery into a scan of the whole ledger.
_DENSE_FROM = """FROM arrears_employers t CROSS JOIN LATERAL (
      SELECT l0.period, l0.amount_due, l0.amount_paid, l0.employees, l0.interest_paid FROM ledger_rows l0
      WHERE l0.employer_id = t.employer_id AND l0.period >= t.first_period AND l0.period <= t.last_period
      UNION ALL
      SELECT c0.period, NULL, NULL, NULL, NULL FROM interest_calendar c0 WHERE c0.period > t.last_period
      OFFSET 0) l"""
# The sparse employers (every employer on SQLite): the calendar from the grid's first month, each
# month looked up in the ledger (a gap month is a row of zeros).
_SPARSE_FROM = """FROM arrears_employers t CROSS JOIN interest_calendar c0
    LEFT JOIN ledger_rows l ON l.employer_id = t.employer_id AND l.period = c0.period
    WHERE c0.period >= t.first_period AND t.sparse"""


def _grid_query(layout: _Layout, as_of: date, *, dense: bool, postgresql: bool) -> sa.TextClause:
    """Pass 2: the month-by-month grid of the employers, running sums, one row per employer.

    ``cd``/``cp`` are the cumulative due/paid up to the month; ``cd − due − due_before`` is the
    cumulative due up to two months before (the dues that are late in that month, LR-DEADLINE): the
    grid has one row per month, so the month before is the row before.  One window definition
    for the running sums (each further definition is a further pass over the grid).  A period is
    in arrears when its month is at most the last late period and ``cd`` exceeds the total paid
    (LR-FIFO), all of them counted from the first month of the grid.  On SQLite the total paid
    comes from pass 1.  On PostgreSQL (where pass 1 reads indexes only) it is the ``cp`` of the
    grid's last month (that of ``as_of``): the months are first narrowed to those that can count
    (a balance, interest paid, ``cd > cp`` — the total paid is at least ``cp`` — or the last
    month), and the total is spread over those by a second window.

    Per employer: ``kept`` counts the months that count (an employer none of whose months counts
    is reported for its credit alone, if any); ``balance`` (paid − due: the same from the grid's
    first month as in all) and ``gap`` (its ledger misses a month between the grid's first and its
    own last) come from the last month;
    ``missing_years`` lists the years whose missing rates a late balance needed.  The ledger rows
    are joined to the calendar's units after they are narrowed to the months that count.
    """
    # The calendar grid carries the calendar's units; the ledger rows are joined to them after the filter.
    c = "c" if dense else "g"
    units = "" if dense else "".join(f", c0.{name}" for name in ["missing_year", *(n for n, _s, _r in layout.columns)])
    calendar = "JOIN interest_calendar c ON c.period = g.period" if dense else ""
    class_sums = "".join(
        f",\n  SUM(CASE WHEN g.b{shift} > 0 THEN g.b{shift} * {c}.{name} ELSE 0 END) AS {name}"
        for name, shift, rate in layout.columns
        if rate is not None
    )
    # The years of the months with a late balance and units of a missing rate, as "2019,2019,2020".
    year = (
        f"CASE WHEN (g.b0 > 0 AND {c}.miss0 > 0) OR (g.b1 > 0 AND {c}.miss1 > 0) "
        f"THEN CAST({c}.missing_year AS TEXT) END"
    )
    missing_years = f"STRING_AGG({year}, ',')" if postgresql else f"GROUP_CONCAT({year})"
    late = "g.period <= :last_late AND g.due > 0 AND g.cd > g.total_paid"
    if postgresql:  # the total paid is the last month's running sum, spread over the months that can count
        known, spread, bound = (
            "",
            ",\n    MAX(CASE WHEN p.period = :end THEN p.cp END) OVER (PARTITION BY p.employer_id) AS total_paid",
            "cp",
        )
    else:  # pass 1 summed it
        known, spread, bound = " t.paid AS total_paid,", "", "total_paid"
    end = "g.period = :end"
    span = f"{_month_of('g.last_period')} - {_month_of('g.first_period')} + 1"
    source, bounds, count, gap = "c0", "", "", "0"  # the calendar grid has no gap to find
    if dense:
        source, bounds = "l", " t.first_period, t.last_period,"
        count, gap = (
            ",\n        COUNT(l.amount_due) OVER upto AS ledger_months",
            f"MAX(CASE WHEN {end} AND g.ledger_months <> {span} THEN 1 ELSE 0 END)",
        )
    return sa.text(
        f"""
SELECT g.employer_id,
  SUM(CASE WHEN g.b1 > 0 OR g.interest_paid > 0 OR ({late}) THEN 1 ELSE 0 END) AS kept,
  MAX(CASE WHEN {end} THEN g.cp - g.cd END) AS balance,
  {gap} AS gap,
  SUM(CASE WHEN {late} THEN 1 ELSE 0 END) AS months_in_arrears,
  SUM(CASE WHEN {late} THEN (CASE WHEN g.cd - g.total_paid < g.due THEN g.cd - g.total_paid ELSE g.due END)
      ELSE 0 END) AS principal,
  MIN(CASE WHEN {late} THEN g.period END) AS oldest,
  MAX(CASE WHEN {late} THEN g.employees ELSE 0 END) AS employees,
  SUM(g.interest_paid) AS interest_paid{class_sums},
  {missing_years} AS missing_years
FROM (
  SELECT p.*{spread}
  FROM (
    SELECT q.*, q.cd - q.due - q.due_before - q.cp AS b0, q.cd - q.due - q.due_before - q.cp + q.paid AS b1
    FROM (
      SELECT t.employer_id, {source}.period{units},{bounds}{known}
        COALESCE(l.amount_due, 0) AS due, COALESCE(l.amount_paid, 0) AS paid,
        COALESCE(l.employees, 0) AS employees, COALESCE(l.interest_paid, 0) AS interest_paid,
        CAST(COALESCE(SUM(l.amount_due) OVER upto, 0) AS BIGINT) AS cd,
        COALESCE(LAG(l.amount_due) OVER upto, 0) AS due_before,
        CAST(COALESCE(SUM(l.amount_paid) OVER upto, 0) AS BIGINT) AS cp{count}
      {_DENSE_FROM if dense else _SPARSE_FROM}
      WINDOW upto AS (PARTITION BY t.employer_id ORDER BY {source}.period ROWS UNBOUNDED PRECEDING)
    ) q
  ) p
  WHERE p.b1 > 0 OR p.interest_paid > 0 OR (p.period <= :last_late AND p.due > 0 AND p.cd > p.{bound})
    OR p.period = :end
) g
{calendar}
GROUP BY g.employer_id
"""
    ).bindparams(last_late=str(last_late_period(as_of)), end=str(Period.of(as_of)))


_POSTGRESQL_SETTINGS = (
    "work_mem = '64MB'",
    "jit = off",
    "enable_seqscan = off",
    "enable_hashjoin = off",
    "enable_mergejoin = off",
)


def office_arrears(
    office_id: int,
    as_of: date,
    params: ParamSet,
    also: Collection[int] = (),
) -> dict[int, EmployerArrears]:
    """Every employer of the office with a month in arrears, a credit or interest owed, as of ``as_of``.

    Employers in ``also`` (those with an open case) keep their figures even when they owe nothing,
    so that a settled case's snapshot shows the interest accrued and paid.
    """
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        # The grid's window and the per-employer sums need more than the default 4 MB in memory.
        # PostgreSQL cannot estimate the partial index's OR predicate (it guesses half the ledger),
        # so it would scan and hash the whole ledger and compile the plan (JIT): these statements
        # read a few percent of the rows through indexes, which is what these settings leave it.
        for setting in _POSTGRESQL_SETTINGS:
            db.session.execute(sa.text(f"SET LOCAL {setting}"))
    connection = db.session.connection()
    _EMPLOYERS.create(connection)
    table = None
    try:
        first = _fill_employers(office_id, as_of, postgresql=postgresql)
        if first is None:
            return {}
        calendar = interest_calendar(first, as_of, params)
        layout = _Layout(calendar)
        table = layout.table()
        table.create(connection)
        db.session.execute(sa.insert(table), layout.rows())
        db.session.execute(sa.text("ANALYZE arrears_employers"))
        db.session.execute(sa.text("ANALYZE interest_calendar"))
        rows: list[sa.RowMapping] = []
        gaps: list[int] = []
        if postgresql:
            dense = db.session.execute(_grid_query(layout, as_of, dense=True, postgresql=True)).mappings().all()
            gapped = {row["employer_id"] for row in dense if row["gap"]}
            rows = [row for row in dense if row["employer_id"] not in gapped]
            gaps = sorted(gapped)
            mark = sa.text("UPDATE arrears_employers SET sparse = TRUE WHERE employer_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            )
            for start in range(0, len(gaps), 5_000):
                db.session.execute(mark, {"ids": gaps[start : start + 5_000]})
        if not postgresql or gaps:
            rows += db.session.execute(_grid_query(layout, as_of, dense=False, postgresql=postgresql)).mappings().all()
    finally:
        if table is not None:
            table.drop(connection)
        _EMPLOYERS.drop(connection)
    result = {}
    for row in rows:
        employer_id = row["employer_id"]
        credit = max(0, int(row["balance"]))
        if not row["kept"]:  # no month in arrears, no late balance, no interest paid: a credit at most
            if credit:
                result[employer_id] = EmployerArrears(employer_id, credit=credit)
            continue
        figures = _figures(employer_id, row, layout)
        figures.credit = credit
        if figures.listed or employer_id in also:
            result[employer_id] = figures
    return result


def _figures(employer_id: int, row: sa.RowMapping, layout: _Layout) -> EmployerArrears:
    """One employer's figures from its grid row: the column sums times the exact rates, rounded once."""
    numerator = sum(int(row[name] or 0) * numerator_of for name, numerator_of in layout.numerators.items())
    accrued = round_ratio_half_up(numerator, layout.denominator)
    paid = int(row["interest_paid"] or 0)
    missing = sorted({int(year) for year in (row["missing_years"] or "").split(",") if year})
    return EmployerArrears(
        employer_id=employer_id,
        months_in_arrears=int(row["months_in_arrears"]),
        oldest_unpaid_period=row["oldest"],
        principal=int(row["principal"]),
        interest=max(0, accrued - paid),
        interest_accrued=accrued,
        interest_paid=paid,
        interest_complete=not missing,
        missing_rate_years=missing,
        employees_affected=int(row["employees"] or 0),
    )
