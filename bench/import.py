"""Ledger import speed: CSV rows per second into SQLite (goal ≥ 50 000 rows/s, PRODUCT §9).

    python bench/import.py [--rows 360000]

Generates a synthetic ledger (bench/generate_ledger.py) in memory, imports it
through ``services.ledger_import.import_ledger`` (parse, validate, write in one
transaction) into a fresh database, and prints the rate; the last line is
``rows_per_s=…``.  ``DATABASE_URL`` selects PostgreSQL instead.
"""

from __future__ import annotations

import argparse
import csv
import io
import time

from _setup import fresh_app
from generate_ledger import HEADER, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=360_000)
    parser.add_argument("--months", type=int, default=36)
    args = parser.parse_args()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows(max(1, args.rows // args.months), args.months))
    data = buffer.getvalue().encode()
    app = fresh_app("import")
    from enforcement.extensions import db
    from enforcement.models import Office
    from enforcement.services.ledger_import import import_ledger
    from enforcement.services.ledger_parse import parse_ledger

    with app.app_context():
        app.config["MAX_LEDGER_BYTES"] = len(data) + 1
        office = Office(code="BENCH", name="Bench", province="Hà Nội", place_name="Hà Nội")
        db.session.add(office)
        db.session.commit()
        start = time.perf_counter()
        parsed = parse_ledger(data, max_bytes=len(data) + 1)
        parse_s = time.perf_counter() - start
        start = time.perf_counter()
        result = import_ledger(data, "bench.csv", office)
        total_s = time.perf_counter() - start
    n = result.rows_total
    print(f"database={app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
    print(f"file_mb={len(data) / 1e6:.1f} rows={n} employers={result.employers_created} status={result.status}")
    print(f"parse_only_rows_per_s={len(parsed.rows) / parse_s:,.0f}")
    print(f"import_seconds={total_s:.2f}")
    print(f"rows_per_s={n / total_s:.0f}")


if __name__ == "__main__":
    main()
