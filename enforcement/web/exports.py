"""Table downloads (CSV and XLSX) that open correctly in a Vietnamese Excel and cannot smuggle formulas.

CSV: UTF-8 with a byte-order mark (Excel then reads Vietnamese correctly) and ``;`` between
cells — the list separator of Excel in a Vietnamese locale, where ``,`` is the decimal comma;
every text cell starting with ``= + - @`` (or a tab or carriage return) gets a leading
apostrophe so a spreadsheet shows it as text instead of running it (OWASP "CSV injection").
Rows are streamed.

XLSX (XlsxWriter, constant memory): text is written as text — so tax codes and unit codes
keep their leading zeros and are never read as numbers or formulas — whole numbers as
numbers with a thousands separator, and dates as dates shown ``dd/mm/yyyy`` (Excel sorts and
filters them as dates).  In a CSV a date is written ``dd/mm/yyyy``.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import xlsxwriter
from flask import Response, stream_with_context

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
FORMATS = ("csv", "xlsx")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell(value: Any) -> Any:
    """A safe cell: numbers as they are, text with formula-leading characters neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int | float):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _lines(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow([cell(h) for h in header])
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([cell(v) for v in row])
        yield buffer.getvalue()


def _attachment(response: Response, file_name: str) -> Response:
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    response.headers["Cache-Control"] = "no-store"
    return response


def csv_response(file_name: str, header: list[str], rows: Iterable[Iterable[Any]]) -> Response:
    """A streamed ``text/csv`` attachment named ``file_name``."""
    return _attachment(Response(stream_with_context(_lines(header, rows)), mimetype="text/csv"), file_name)


Sheet = tuple[str, list[str], Iterable[Iterable[Any]]]


def xlsx_bytes(header: list[str], rows: Iterable[Iterable[Any]], sheet: str = "Sheet1",
               more: Iterable[Sheet] = ()) -> bytes:
    """A workbook: one worksheet per (name, header, rows), bold header, text as text, whole numbers as ``#,##0``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"constant_memory": True, "tmpdir": tmp, "in_memory": False,
                                         "strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
        formats = {"bold": book.add_format({"bold": True}), "number": book.add_format({"num_format": "#,##0"}),
                   "text": book.add_format({"num_format": "@"}),
                   "date": book.add_format({"num_format": "dd/mm/yyyy"})}
        for name, head, body in ((sheet, header, rows), *more):
            _sheet(book.add_worksheet(name[:31]), head, body, formats)
        book.close()
        return out.getvalue()


def _sheet(ws: Any, header: list[str], rows: Iterable[Iterable[Any]], formats: dict[str, Any]) -> None:
    widths = [len(str(h)) for h in header]
    for col, title in enumerate(header):
        ws.write_string(0, col, str(title), formats["bold"])
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                ws.write_string(r, col, "x" if value else "")
            elif isinstance(value, int | float):
                ws.write_number(r, col, value, formats["number"])
            elif isinstance(value, date) and not isinstance(value, datetime):
                ws.write_datetime(r, col, datetime(value.year, value.month, value.day), formats["date"])
                if col < len(widths):
                    widths[col] = max(widths[col], 10)
            else:
                text = str(value)
                ws.write_string(r, col, text)
                if col < len(widths):
                    widths[col] = max(widths[col], min(len(text), 60))
    for col, width in enumerate(widths):
        # Columns are typed as text, so a code typed into the sheet later keeps its leading zeros.
        ws.set_column(col, col, width + 2, formats["text"])
    ws.freeze_panes(1, 0)


def table_response(fmt: str, base_name: str, header: list[str], rows: Iterable[Iterable[Any]],
                   sheet: str = "Sheet1", more: Iterable[Sheet] = ()) -> Response:
    """``base_name.csv`` (streamed) or ``base_name.xlsx`` (with ``more`` sheets): the same table, as asked."""
    if fmt == "xlsx":
        data = xlsx_bytes(header, rows, sheet, more)
        return _attachment(Response(data, mimetype=XLSX_MIMETYPE), f"{base_name}.xlsx")
    return csv_response(f"{base_name}.csv", header, rows)
