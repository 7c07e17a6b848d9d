"""CSV downloads that open correctly in Excel and cannot smuggle formulas.

UTF-8 with a byte-order mark (Excel then reads Vietnamese correctly); every
text cell starting with ``= + - @`` (or a tab or carriage return) gets a
leading apostrophe so a spreadsheet shows it as text instead of running it
(OWASP "CSV injection").  Rows are streamed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from flask import Response, stream_with_context

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A safe cell: numbers as they are, text with formula-leading characters neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _lines(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([cell(h) for h in header])
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([cell(v) for v in row])
        yield buffer.getvalue()


def csv_response(file_name: str, header: list[str], rows: Iterable[Iterable[Any]]) -> Response:
    """A streamed ``text/csv`` attachment named ``file_name``."""
    response = Response(stream_with_context(_lines(header, rows)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    response.headers["Cache-Control"] = "no-store"
    return response
