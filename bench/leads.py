"""Evasion leads at national scale (issue 18, PRODUCT.md §10): their time against one plain aggregate scan.

    python bench/leads.py [--taxpayers 100000] [--employers 100000] [--months 12]

Loads a synthetic ledger (bench/generate_ledger.py, the same employers as
bench/detect.py) and a synthetic tax table of ``--taxpayers`` taxpayers × ``--months``
months into a fresh SQLite database (``DATABASE_URL`` selects PostgreSQL): nine in
ten taxpayers carry an employer's tax code (most declaring every worker, some with
workers left off the ledger or wages declared low), one in ten has no BHXH unit,
one in twenty is suspended or dissolved. Then times, on the same database: one
plain ``SELECT tax_code, COUNT(*), SUM(employees), SUM(wages) FROM tax_months
GROUP BY tax_code`` and the leads of the latest month (``compute_leads``, the query
behind ``flask tax-leads``). Goal: leads ≤ 3 × the scan; the last line is ``ratio=…``.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime

from _setup import fresh_app
from detect import load as load_ledger
from generate_ledger import periods, rows, tax_code

SCAN = "SELECT tax_code, COUNT(*), SUM(employees), SUM(wages) FROM tax_months GROUP BY tax_code"
STATUSES = ("tam_ngung", "ngung_hoat_dong", "giai_the")


def _ledger_figures(employers: int, months: int) -> dict[str, tuple[int, int]]:
    """Each generated employer's tax code → (employees, monthly amount due), as the ledger holds them."""
    figures: dict[str, tuple[int, int]] = {}
    for row in rows(employers, months):
        figures.setdefault(str(row[1]), (int(row[8]), int(row[6])))
    return figures


def load_tax(app, office_id: int, taxpayers: int, employers: int, months: int, seed: int = 11) -> int:
    """Bulk-load the synthetic tax table straight through the driver; returns the number of tax rows."""
    from enforcement.extensions import db

    rng = random.Random(seed)
    figures = _ledger_figures(employers, months)
    codes = list(figures)
    today = date.today()
    month_list = periods(f"{today.year:04d}-{today.month:02d}", months)
    taxpayer_rows, month_rows = [], []
    now = datetime.now(UTC).replace(tzinfo=None)
    for n in range(taxpayers):
        if n % 10 != 9 and n < len(codes):
            code = codes[n]
            staff, due = figures[code]
            wages = due * 100 // 32  # what the declared amount due stands for at 32 %
            pick = rng.random()
            if pick < 0.03:
                staff = staff + max(5, staff // 5)  # workers left off the ledger
            elif pick < 0.06:
                wages = wages * 2  # wages declared low
        else:
            code = tax_code(10_000_000 + n)  # no BHXH unit has this code
            staff = max(1, int(rng.lognormvariate(1.5, 1.0)))
            wages = staff * rng.randrange(5_000_000, 15_000_000, 1000)
        status = rng.choice(STATUSES) if rng.random() < 0.05 else "hoat_dong"
        registered = date(2015 + n % 11, 1 + n % 12, 1 + n % 28)
        taxpayer_rows.append((office_id, code, f"Người nộp thuế {n}", registered, status, month_list[-1], now))
        for period in month_list:
            month_rows.append((office_id, code, period, status, staff, wages))
    with app.app_context():
        conn = db.engine.raw_connection()
        cur = conn.cursor()
        dialect = db.engine.dialect.name
        mark = "?" if db.engine.dialect.paramstyle == "qmark" else "%s"
        if dialect == "sqlite":
            cur.execute("BEGIN")
            taxpayer_rows = [(*r[:3], r[3].isoformat(), *r[4:6], r[6].strftime("%Y-%m-%d %H:%M:%S.%f"))
                             for r in taxpayer_rows]
        cur.executemany(
            "INSERT INTO taxpayers (office_id, tax_code, name, registered_on, status, status_period, updated_at)"
            f" VALUES ({', '.join([mark] * 7)})",
            taxpayer_rows,
        )
        columns = "office_id, tax_code, period, status, employees, wages"
        if dialect == "postgresql":
            with cur.copy(f"COPY tax_months ({columns}) FROM STDIN") as copy:
                for row in month_rows:
                    copy.write_row(row)
        else:
            for start in range(0, len(month_rows), 200_000):
                cur.executemany(f"INSERT INTO tax_months ({columns}) VALUES ({', '.join([mark] * 6)})",
                                month_rows[start : start + 200_000])
        conn.commit()
        cur.execute("ANALYZE")
        conn.commit()
        conn.close()
    return len(month_rows)


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taxpayers", type=int, default=100_000)
    parser.add_argument("--employers", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    app = fresh_app("leads")
    load_s, office_id = timed(lambda: load_ledger(app, args.employers, args.months))
    tax_s, tax_rows = timed(lambda: load_tax(app, office_id, args.taxpayers, args.employers, args.months))
    from enforcement.extensions import db
    from enforcement.services.leads import compute_leads, latest_tax_month

    with app.app_context(), app.test_request_context():
        dialect = db.engine.dialect.name
        with db.engine.connect() as conn:
            conn.exec_driver_sql(SCAN).fetchall()  # warm the cache like the leads query will find it
            scan_s, _ = timed(lambda: conn.exec_driver_sql(SCAN).fetchall())
        month = latest_tax_month(office_id)
        compute_leads(office_id, month)  # warm
        leads_s, report = timed(lambda: compute_leads(office_id, month))
    kinds: dict[str, int] = {}
    for lead in report.leads:
        for kind in lead.kinds:
            kinds[kind] = kinds.get(kind, 0) + 1
    print(f"database={dialect} taxpayers={args.taxpayers} employers={args.employers} months={args.months} "
          f"tax_rows={tax_rows} ledger_rows={args.employers * args.months}")
    print(f"load_seconds={load_s + tax_s:.1f}")
    print(f"scan_seconds={scan_s:.2f}")
    by_kind = " ".join(f"{k}={v}" for k, v in sorted(kinds.items()))
    print(f"leads_seconds={leads_s:.2f} leads={len(report.leads)} {by_kind}")
    print(f"ratio={leads_s / scan_s:.2f}")


if __name__ == "__main__":
    main()
