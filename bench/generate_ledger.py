"""Generate a realistic synthetic contribution ledger (LEDGER_FORMAT.md) for benchmarks.

    python bench/generate_ledger.py N_EMPLOYERS MONTHS OUT.csv [--seed 7] [--end YYYY-MM]

Payment profiles in national proportions: most employers pay on time; some pay
late and catch up; a few pay part of each month; about 4 % are in arrears at
the end (unpaid tails of 1–12 months, national figures show 3–5 %); some
settle arrears with a lump sum; a few overpay.  The last line printed is
``rows=…``.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from datetime import date

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
PROFILES = (  # (name, share)
    ("on_time", 0.82),
    ("late_catch_up", 0.07),
    ("partial", 0.03),
    ("arrears", 0.04),
    ("settled", 0.03),
    ("overpaying", 0.01),
)
HEADER = ["ma_don_vi", "ma_so_thue", "ten_don_vi", "quan_huyen", "loai_hinh", "ky", "phai_dong", "da_dong",
          "so_lao_dong", "trich_luong_nld"]
NAMES = ("An Phú", "Bình Minh", "Hồng Hà", "Thăng Long", "Sông Đà", "Hòa Bình", "Tân Tiến", "Phú Mỹ", "Đại Việt",
         "Hưng Thịnh", "Trường An", "Việt Tiến")
TRADES = ("May mặc", "Xây dựng", "Thực phẩm", "Cơ khí", "Vận tải", "Điện tử", "Thương mại", "Dịch vụ")
DISTRICTS = ("Quận Ba Đình", "Quận Hoàn Kiếm", "Quận Đống Đa", "Quận Cầu Giấy", "Huyện Gia Lâm", "Huyện Đông Anh")


def tax_code(n: int) -> str:
    """A valid 10-digit tax code (LR-TAXCODE) derived from ``n``."""
    base = 100_000_000 + n * 13
    while True:
        digits = f"{base % 1_000_000_000:09d}"
        r = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
        if r:
            return digits + str(10 - r)
        base += 1


def periods(end: str, months: int) -> list[str]:
    year, month = map(int, end.split("-"))
    index = year * 12 + month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - months + 1, index + 1)]


def _profile(rng: random.Random) -> str:
    pick, total = rng.random(), 0.0
    for name, share in PROFILES:
        total += share
        if pick < total:
            return name
    return "on_time"


def _paid(profile: str, due: int, i: int, n: int, tail: int) -> int:
    if profile == "arrears":
        return 0 if i >= n - tail else due
    if profile == "partial":
        return due * 2 // 3 if i >= n - tail else due
    if profile == "late_catch_up":
        return 0 if i % 5 == 1 else due * 2 if i % 5 == 2 else due
    if profile == "settled":
        return 0 if n - 10 <= i < n - 4 else due * 7 if i == n - 4 else due
    if profile == "overpaying":
        return due + due // 10
    return due


def rows(n_employers: int, months: int, seed: int = 7, end: str | None = None) -> Iterator[list[object]]:
    """The ledger rows, employer by employer, month by month."""
    rng = random.Random(seed)
    today = date.today()
    end = end or f"{today.year:04d}-{today.month:02d}"
    months_list = periods(end, months)
    for e in range(n_employers):
        name = f"Công ty TNHH {rng.choice(TRADES)} {rng.choice(NAMES)} {e}"
        district = rng.choice(DISTRICTS)
        staff = max(1, int(rng.lognormvariate(3.0, 1.0)))
        due = staff * rng.randrange(1_500_000, 4_000_000, 1000)
        profile, tail = _profile(rng), rng.randint(1, 12)
        unit, tax = f"B{e:08d}", tax_code(e)
        for i, period in enumerate(months_list):
            yield [unit, tax, name, district, "doanh_nghiep", period, due, _paid(profile, due, i, months, tail),
                   staff, due * 105 // 320]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("employers", type=int)
    parser.add_argument("months", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end", help="last period YYYY-MM (default: this month)")
    args = parser.parse_args()
    count = 0
    with open(args.out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in rows(args.employers, args.months, args.seed, args.end):
            writer.writerow(row)
            count += 1
    print(f"rows={count}", file=sys.stdout)


if __name__ == "__main__":
    main()
