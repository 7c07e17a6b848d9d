"""Whole numbers and dates from query strings, forms and URLs, bounded before they reach the database.

A value that is not plain ASCII digits (``int()`` also takes ``"٣"`` and
``str.isdigit()`` also passes ``"²"``, which ``int()`` refuses), or lies outside
its range, is treated as absent: a filter ignores it, a page falls back to the
first, and the caller answers 404 for an id.  Without these bounds an oversized
number reached the database and came back late as a 400 page (``security``'s
``OverflowError`` / SQLSTATE 22003 handler), or as a 500.

``IdConverter`` does the same for every ``<int:…>`` of the URL map: an id the
database's ``integer`` cannot hold matches no route (404).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from flask import request
from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1  # every id column is an ``integer`` (PostgreSQL: 4 bytes)
MAX_PAGE = 100_000
MIN_YEAR, MAX_YEAR = 1900, 2200  # dates of filters: anything else is a typo (and 9999-12-31 + 1 day overflows)
_DIGITS = re.compile(r"[0-9]{1,18}")


def bounded_int(value: Any, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """``value`` as a whole number in ``[minimum, maximum]``, or None (not ASCII digits, or out of range)."""
    text = value.strip() if isinstance(value, str) else ""
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def ascii_digits(text: Any) -> str:
    """The ASCII digits of ``text`` in order (``"1.234.567 đ"`` → ``"1234567"``), for amounts typed with separators."""
    return "".join(c for c in str(text or "") if "0" <= c <= "9")


def id_arg(name: str, args: Mapping[str, Any] | None = None) -> int | None:
    """An id of the query string (or of ``args``), or None when absent, malformed or beyond ``MAX_ID``."""
    return bounded_int((request.args if args is None else args).get(name))


def page_arg(name: str = "page") -> int:
    """A page number of the query string (1 when absent, malformed or beyond ``MAX_PAGE``)."""
    return bounded_int(request.args.get(name), maximum=MAX_PAGE) or 1


def ids_of(values: Iterable[str]) -> list[int] | None:
    """Every value as an id, or None when any of them is not one (the caller answers as for a missing id)."""
    ids = [bounded_int(v) for v in values]
    return None if any(i is None for i in ids) else [i for i in ids if i is not None]


def date_arg(name: str) -> date | None:
    """An ISO date (``YYYY-MM-DD``) of the query string between ``MIN_YEAR`` and ``MAX_YEAR``, else None."""
    try:
        day = date.fromisoformat(request.args.get(name, "").strip())
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def range_regex(maximum: int) -> str:
    """A regular expression of the decimal numbers ``1 … maximum`` without leading zeros.

    The bounds are in the pattern, not only in ``to_python``: Werkzeug records a rule's methods
    before converting, so a refused conversion would answer another method's rule with 405.
    """
    digits = str(maximum)
    parts = [rf"[1-9]\d{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        low = "1" if i == 0 else "0"
        if int(digit) > int(low):  # same prefix, a smaller digit here, anything after
            rest = len(digits) - i - 1
            parts.append(f"{digits[:i]}[{low}-{int(digit) - 1}]" + (rf"\d{{{rest}}}" if rest else ""))
    parts.append(digits)
    return "(?:" + "|".join(parts) + ")"


class IdConverter(IntegerConverter):
    """``<int:…>`` bounded to ``1 … MAX_ID``: a larger id is no route (404) rather than a database error."""

    regex = range_regex(MAX_ID)

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
