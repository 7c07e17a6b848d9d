"""The ledger parser on a file of identical rows (issue 12 item 3: the duplicate check is linear).

    python bench/parse_duplicates.py [--rows 40000]

Parses a CSV whose data rows all repeat one (unit, month) twice as often as the
rows of a plain file of distinct months, and prints both times; the last line is
``ratio=…`` (duplicates / distinct, same row count): about 1 when the check is
linear (it was ~20 at 40 000 rows when it listed every other row for every row).
"""

from __future__ import annotations

import argparse
import time

from _setup import ROOT  # noqa: F401 - puts the project on sys.path

from enforcement.services.ledger_parse import parse_ledger

HEADER = "ma_don_vi,ma_so_thue,ten_don_vi,ky,phai_dong,da_dong,so_lao_dong\n"


def _timed(data: bytes) -> float:
    start = time.perf_counter()
    parse_ledger(data, max_bytes=len(data) + 1)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=40_000)
    args = parser.parse_args()
    same = (HEADER + "TA1845P,3788149397,Công ty A,2026-01,1000,0,1\n" * args.rows).encode()
    distinct = (HEADER + "".join(
        f"TA1845P,3788149397,Công ty A,{1000 + i // 12:04d}-{i % 12 + 1:02d},1000,0,1\n" for i in range(args.rows)
    )).encode()
    duplicates_s, distinct_s = _timed(same), _timed(distinct)
    print(f"rows={args.rows} duplicates_seconds={duplicates_s:.2f} distinct_seconds={distinct_s:.2f}")
    print(f"ratio={duplicates_s / distinct_s:.2f}")


if __name__ == "__main__":
    main()
