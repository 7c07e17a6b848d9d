"""Arrears detection at national scale (PRODUCT §9): its time against one plain aggregate scan.

    python bench/detect.py [--employers 100000] [--months 36] [--reuse]

Loads a synthetic ledger (bench/generate_ledger.py) into a fresh SQLite
database (``DATABASE_URL`` selects PostgreSQL), then times, on the same
database: one plain ``SELECT employer_id, SUM(amount_due), SUM(amount_paid)
FROM ledger_rows GROUP BY employer_id``, the first detection run (which opens
the cases) and a second run (nothing changes).  Goal: the first run ≤ 3 × the
scan and < 60 s at 3.6 M rows on SQLite; the last line is ``ratio=…``.

``--reuse`` (PostgreSQL only) keeps the ledger an earlier run of the same size
loaded into ``DATABASE_URL`` instead of loading it again (the load takes
minutes): the tables detection writes (cases, their events, notifications,
detection runs) are emptied with TRUNCATE and everything is vacuumed and
analysed as after a load, so both runs time the same work on the same data.
Without a matching earlier load it loads as usual.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from _setup import fresh_app
from generate_ledger import rows

SCAN = "SELECT employer_id, SUM(amount_due), SUM(amount_paid) FROM ledger_rows GROUP BY employer_id"


def load(app, employers: int, months: int) -> int:
    """Bulk-load the synthetic ledger straight through the driver; returns the office id."""
    from enforcement.extensions import db
    from enforcement.search import fold

    with app.app_context():
        conn = db.engine.raw_connection()
        mark = "?" if db.engine.dialect.paramstyle == "qmark" else "%s"
        now = datetime.now(UTC).replace(tzinfo=None)
        stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f") if db.engine.dialect.name == "sqlite" else now
        cur = conn.cursor()
        if db.engine.dialect.name == "sqlite":
            cur.execute("BEGIN")  # the app's SQLite connections leave transactions to the caller
        cur.execute(
            f"INSERT INTO offices (code, name, province, address, place_name, parent_name, phone, settings, is_demo,"
            f" created_at) VALUES ({', '.join([mark] * 10)})",
            ("BENCH", "Bench", "Hà Nội", "", "Hà Nội", "BẢO HIỂM XÃ HỘI VIỆT NAM", "", "{}", False, stamp),
        )
        cur.execute("SELECT id FROM offices WHERE code = 'BENCH'")
        office_id = cur.fetchone()[0]
        employer_rows, ledger, ids = [], [], {}
        for row in rows(employers, months):
            unit = row[0]
            if unit not in ids:
                ids[unit] = len(ids) + 1
                employer_rows.append(
                    (
                        ids[unit],
                        office_id,
                        unit,
                        row[1],
                        row[2],
                        fold(row[2]),
                        "",
                        row[3],
                        "doanh_nghiep",
                        "",
                        "",
                        "",
                        stamp,
                        stamp,
                    )
                )
            ledger.append((office_id, ids[unit], row[5], row[6], row[7], row[8], row[9], stamp))
        cur.executemany(
            "INSERT INTO employers (id, office_id, unit_code, tax_code, name, name_search, address, district, kind,"
            " legal_representative, representative_title, contact, created_at, updated_at) VALUES "
            f"({', '.join([mark] * 14)})",
            employer_rows,
        )
        insert = (
            "INSERT INTO ledger_rows (office_id, employer_id, period, amount_due, amount_paid, employees,"
            f" employee_share_withheld, updated_at) VALUES ({', '.join([mark] * 8)})"
        )
        if db.engine.dialect.name == "postgresql":
            columns = "office_id, employer_id, period, amount_due, amount_paid, employees, employee_share_withheld"
            columns += ", updated_at"
            with cur.copy(f"COPY ledger_rows ({columns}) FROM STDIN") as copy:
                for row in ledger:
                    copy.write_row(row)
        else:
            for start in range(0, len(ledger), 200_000):
                cur.executemany(insert, ledger[start : start + 200_000])
        if db.engine.dialect.name == "postgresql":
            cur.execute("SELECT setval('employers_id_seq', (SELECT max(id) FROM employers))")
        conn.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does after a bulk load: statistics and the visibility map (index-only scans).
            conn.driver_connection.autocommit = True
            cur.execute("VACUUM ANALYZE")
        else:
            cur.execute("ANALYZE")
            conn.commit()
        conn.close()
        return office_id


WRITTEN = ("case_events", "notifications", "cases", "detection_runs")
"""The tables detection writes to: emptied when an earlier load is reused."""


def reusable(employers: int, months: int):
    """An app on ``$DATABASE_URL`` if it holds the ledger of an earlier run of this size, else None."""
    import os

    import sqlalchemy as sa

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return None
    url = url.replace("postgresql://", "postgresql+psycopg://")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            office = conn.scalar(sa.text("SELECT id FROM offices WHERE code = 'BENCH'"))
            if office is None:
                return None
            count = conn.scalar(sa.text("SELECT COUNT(*) FROM ledger_rows WHERE office_id = :o"), {"o": office})
            units = conn.scalar(sa.text("SELECT COUNT(*) FROM employers WHERE office_id = :o"), {"o": office})
            if count != employers * months or units != employers:
                return None
    except sa.exc.SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    from flask_migrate import upgrade

    from enforcement import create_app
    from enforcement.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        conn = db.engine.raw_connection()
        cur = conn.cursor()
        cur.execute(f"TRUNCATE {', '.join(WRITTEN)} RESTART IDENTITY CASCADE")
        conn.commit()
        conn.driver_connection.autocommit = True
        cur.execute("VACUUM ANALYZE")
        conn.close()
    return app, office


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--reuse", action="store_true", help="keep an earlier run's ledger (PostgreSQL)")
    args = parser.parse_args()
    reused = reusable(args.employers, args.months) if args.reuse else None
    if reused:
        app, office_id = reused
        load_s = 0.0
    else:
        app = fresh_app("detect")
        load_s, office_id = timed(lambda: load(app, args.employers, args.months))
    from enforcement import clock
    from enforcement.extensions import db
    from enforcement.models import Office
    from enforcement.services.detection import detect

    with app.app_context():
        dialect = db.engine.dialect.name
        with db.engine.connect() as conn:
            conn.exec_driver_sql(SCAN).fetchall()  # warm the cache like the detection will find it
            scan_s, _ = timed(lambda: conn.exec_driver_sql(SCAN).fetchall())
        office = db.session.get(Office, office_id)
        first_s, first = timed(lambda: detect(office, clock.today()))
        second_s, second = timed(lambda: detect(db.session.get(Office, office_id), clock.today()))
    n = args.employers * args.months
    print(f"database={dialect} employers={args.employers} months={args.months} ledger_rows={n}")
    print(f"load_seconds={load_s:.1f}" + (" (earlier load reused)" if reused else ""))
    print(f"scan_seconds={scan_s:.2f}")
    print(f"detect_seconds={first_s:.2f} opened={first.opened}")
    print(f"second_detect_seconds={second_s:.2f} unchanged={second.unchanged}")
    print(f"ratio={first_s / scan_s:.2f}")


if __name__ == "__main__":
    main()
