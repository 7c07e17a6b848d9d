"""Contribution periods, payment deadlines and dates as Vietnamese documents write them.

A contribution period is a calendar month (``Period``, written ``YYYY-MM``). Its
payment deadline follows LEGAL.md LR-DEADLINE (SI Law 2024 Art. 34(4): the last
day of the following month). Dates are shown ``dd/mm/yyyy`` on screens and, on
official documents, as the place-and-date line of Decree 30/2020/NĐ-CP, which
puts a leading zero only on days 1–9 and on months 1–2. Error messages are in
Vietnamese because they reach users unchanged.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

DEADLINE_RULE = "LR-DEADLINE"
DEADLINE_CLAUSE = "Luật Bảo hiểm xã hội 2024 Điều 34 khoản 4"

_ISO_PERIOD = re.compile(r"(\d{4})-(\d{2})")
_SLASH_PERIOD = re.compile(r"(\d{1,2})/(\d{4})")
_MIN_YEAR = 1
_MAX_YEAR = 9999


@dataclass(frozen=True, order=True)
class Period:
    """A contribution month; ordered by (year, month), printed ``YYYY-MM``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        for value in (self.year, self.month):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"Kỳ không hợp lệ: năm và tháng phải là số nguyên ({value!r})")
        if not 1 <= self.month <= 12:
            raise ValueError(f"Kỳ không hợp lệ: {self.year:04d}-{self.month:02d} (tháng phải từ 01 đến 12)")
        if not _MIN_YEAR <= self.year <= _MAX_YEAR:
            raise ValueError(f"Kỳ không hợp lệ: năm {self.year} (năm phải từ 1 đến 9999)")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``YYYY-MM``, ``MM/YYYY`` or ``M/YYYY``; raise ValueError in Vietnamese."""
        if not isinstance(text, str):
            raise ValueError(f"Kỳ không hợp lệ: {text!r} (phải là chuỗi dạng YYYY-MM hoặc MM/YYYY)")
        cleaned = text.strip()
        if match := _ISO_PERIOD.fullmatch(cleaned):
            year, month = int(match.group(1)), int(match.group(2))
        elif match := _SLASH_PERIOD.fullmatch(cleaned):
            month, year = int(match.group(1)), int(match.group(2))
        else:
            raise ValueError(
                f"Kỳ không hợp lệ: {cleaned or '(trống)'} (định dạng phải là YYYY-MM hoặc MM/YYYY)"
            )
        if not 1 <= month <= 12:
            raise ValueError(f"Kỳ không hợp lệ: {cleaned} (tháng phải từ 01 đến 12)")
        if year < _MIN_YEAR:
            raise ValueError(f"Kỳ không hợp lệ: {cleaned} (năm phải từ 1 đến 9999)")
        return cls(year, month)

    @classmethod
    def of(cls, d: date) -> Period:
        """The period (calendar month) that contains ``d``."""
        return cls(d.year, d.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def add(self, n: int) -> Period:
        """The period ``n`` later (negative: earlier)."""
        index = self.year * 12 + (self.month - 1) + n
        return Period(index // 12, index % 12 + 1)

    def months_until(self, other: Period) -> int:
        """How many months ``other`` is after this period (negative if before)."""
        return (other.year - self.year) * 12 + (other.month - self.month)

    @property
    def first_day(self) -> date:
        """The first calendar day of the month."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The last calendar day of the month."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])


def payment_deadline(p: Period) -> date:
    """LR-DEADLINE: the last day of the month after ``p``.

    Luật Bảo hiểm xã hội 2024 Điều 34 khoản 4 (LEGAL.md R5). The month is late
    from the day after; a month whose deadline is the as-of date is not late yet.
    """
    return p.add(1).last_day


def first_late_day(period: Period) -> date:
    """The first day on which ``period`` counts as late (LR-DEADLINE)."""
    return payment_deadline(period) + timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    target = Period.of(day).add(months)
    return date(target.year, target.month, min(day.day, target.last_day.day))


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    return add_months(day, 12 * years)


def format_date(d: date) -> str:
    """A date as screens show it: ``05/02/2026``."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def date_line(place: str, d: date) -> str:
    """The place-and-date line of Decree 30/2020/NĐ-CP.

    Nghị định 30/2020/NĐ-CP Phụ lục I: a leading zero for days 1–9 and for
    months 1–2 only, e.g. "Hà Nội, ngày 05 tháng 02 năm 2026",
    "ngày 15 tháng 3 năm 2026", "ngày 02 tháng 10 năm 2023".
    """
    day_text = f"{d.day:02d}"
    month_text = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    text = f"{place.strip()}, ngày {day_text} tháng {month_text} năm {d.year}"
    return unicodedata.normalize("NFC", text)
