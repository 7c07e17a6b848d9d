"""Read and validate a tax-data file (TAX_FORMAT.md) — the first stage of a tax import.

One row per taxpayer and month: tax code, name, registration date, status,
period, workers paid, taxable income paid. The file layout (CSV or XLSX, size
and type checks, header aliases matched without regard to case, diacritics,
spaces or underscores, NFC) is the ledger's: this module reads through the
public reader of ``ledger_parse`` and only adds the tax columns and the rules
that span rows (the same tax code and month twice; one tax code with two names
or two registration dates). Pure: no Flask, no database.

``parse_tax`` returns every error of the file (row number with the header as
row 1, canonical column, raw value, Vietnamese message) and no rows at all, or
the normalised rows when the whole file is valid; ``FileRefused`` is raised
before parsing (too big, not CSV/XLSX).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from enforcement.domain.codes import check_tax_code
from enforcement.domain.money import MAX_AMOUNT_DIGITS, parse_amount
from enforcement.domain.periods import Period
from enforcement.services.ledger_parse import (
    DEFAULT_MAX_BYTES,
    MAX_EMPLOYEES,
    FileRefused,
    RowError,
    cap_errors,
    cap_ignored,
    cell_text,
    clean_header_cell,
    csv_error_text,
    first_nonblank,
    fold_header,
    gc_paused,
    normalise_text,
    other_rows_text,
    read_records,
)

__all__ = ["STATUSES", "FileRefused", "TaxParseResult", "TaxRow", "parse_tax"]

MAX_NAME = 300
MAX_VALUE_CHARS = 100
MAX_ROWS_LISTED = 5

ACTIVE = "hoat_dong"
STATUSES = ("hoat_dong", "tam_ngung", "ngung_hoat_dong", "giai_the")
STATUS_LABELS = {
    "hoat_dong": "Đang hoạt động",
    "tam_ngung": "Tạm ngừng kinh doanh",
    "ngung_hoat_dong": "Ngừng hoạt động",
    "giai_the": "Đã giải thể",
}
_STATUS_LOOKUP = {fold_header(code): code for code in STATUSES} | {
    fold_header(label): code for code, label in STATUS_LABELS.items()
}


@dataclass(frozen=True, slots=True)
class TaxRow:
    """One valid row: canonical tax code (LR-TAXCODE, a branch with its ``-``), NFC name, ``YYYY-MM``."""

    row_number: int
    tax_code: str
    name: str
    registered_on: date
    status: str
    period: str
    employees: int
    wages: int


@dataclass(frozen=True)
class TaxParseResult:
    """The rows of a valid file, or every error of an invalid one (then ``rows`` is empty)."""

    rows: list[TaxRow]
    errors: list[RowError]
    ignored_columns: list[str]
    format: str

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Column:
    name: str
    label: str
    aliases: tuple[str, ...]


COLUMNS = (
    _Column("ma_so_thue", "Mã số thuế", ("Mã số thuế", "MST", "tax_code")),
    _Column("ten_nguoi_nop_thue", "Tên người nộp thuế", ("Tên người nộp thuế", "Tên doanh nghiệp", "taxpayer_name")),
    _Column("ngay_cap_mst", "Ngày cấp MST", ("Ngày cấp MST", "Ngày thành lập", "registered_on")),
    _Column("trang_thai", "Trạng thái", ("Trạng thái", "status")),
    _Column("ky", "Kỳ", ("Kỳ", "Tháng", "period")),
    _Column("so_lao_dong", "Số lao động", ("Số lao động", "employees_paid")),
    _Column("tong_thu_nhap", "Tổng thu nhập chịu thuế", ("Tổng thu nhập chịu thuế", "Tổng thu nhập", "wages_paid")),
)
_BY_NAME = {column.name: column for column in COLUMNS}
_HEADER_LOOKUP = {fold_header(alias): c.name for c in COLUMNS for alias in (c.name, *c.aliases)}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DMY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _clip(text: str) -> str:
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS]


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(row) for row in rows[:MAX_ROWS_LISTED])
    extra = len(rows) - MAX_ROWS_LISTED
    return f"{shown} và {extra} dòng khác" if extra > 0 else shown


def _tax_cell_text(cell: object) -> str:
    """A workbook cell as text; a date cell keeps its day (``YYYY-MM-DD``), unlike the ledger's."""
    if isinstance(cell, datetime | date):
        return f"{cell.year:04d}-{cell.month:02d}-{cell.day:02d}"
    return cell_text(cell)


def parse_tax(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int], None] | None = None,
) -> TaxParseResult:
    """Parse and validate a whole tax-data file (TAX_FORMAT.md); see the module docstring."""
    file_format, records = read_records(data, max_bytes=max_bytes, cell_text=_tax_cell_text)
    with gc_paused():
        return _parse(records, file_format, progress)


def _parse(
    records: Iterable[tuple[int, list[str]]], file_format: str, progress: Callable[[int], None] | None
) -> TaxParseResult:
    iterator = iter(records)
    try:
        header = first_nonblank(iterator)
    except csv.Error as error:
        message = f"Không đọc được dòng tiêu đề của tệp CSV: {csv_error_text(str(error))}"
        return TaxParseResult([], [RowError(None, None, None, message)], [], file_format)
    if header is None:
        message = "Tệp trống: không có dòng tiêu đề và dòng dữ liệu nào"
        return TaxParseResult([], [RowError(None, None, None, message)], [], file_format)
    index, width, names, ignored, errors = _read_header(header[1])
    if errors:
        return TaxParseResult([], cap_errors(errors), cap_ignored(ignored), file_format)
    checker = _Checker(index, width, names, file_format)
    try:
        checker.run(iterator, progress)
    except csv.Error as error:
        number = checker.last_row + 1
        checker.errors.append(
            RowError(
                number, None, None,
                f"Không đọc được tệp CSV từ dòng {number}, đã dừng đọc: {csv_error_text(str(error))}",
            )
        )
    if checker.done == 0 and not checker.errors:
        checker.errors.append(RowError(None, None, None, "Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề)"))
    errors = checker.finish()
    errors = cap_errors(errors)
    return TaxParseResult([] if errors else checker.rows, errors, cap_ignored(ignored), file_format)


def _read_header(cells: list[str]) -> tuple[dict[str, int], int, list[str], list[str], list[RowError]]:
    names = [clean_header_cell(cell) for cell in cells]
    index: dict[str, int] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for position, name in enumerate(names):
        canonical = _HEADER_LOOKUP.get(fold_header(name))
        if canonical is None:
            if name:
                ignored.append(name)
        elif canonical in index:
            errors.append(
                RowError(
                    None, canonical, _clip(name),
                    f"Cột {canonical} ({_BY_NAME[canonical].label}) xuất hiện hai lần trong dòng tiêu đề: "
                    f"“{names[index[canonical]]}” và “{name}”",
                )
            )
        else:
            index[canonical] = position
    for column in COLUMNS:
        if column.name not in index:
            errors.append(
                RowError(
                    None, column.name, None,
                    f"Thiếu cột bắt buộc {column.name} ({column.label}) trong dòng tiêu đề "
                    f"(tên được chấp nhận: {', '.join((column.name, *column.aliases))})",
                )
            )
    return index, len(names), names, ignored, errors


def parse_registration_date(raw: str) -> date:
    """``YYYY-MM-DD`` or ``dd/mm/yyyy``; ValueError in Vietnamese."""
    text = raw.strip()
    try:
        if match := _ISO_DATE.fullmatch(text):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _DMY_DATE.fullmatch(text):
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        raise ValueError(f"Ngày cấp MST không có thật: {text}") from None
    if not text:
        raise ValueError("Ngày cấp MST trống: phải có ngày dạng YYYY-MM-DD hoặc dd/mm/yyyy")
    raise ValueError(f"Ngày cấp MST không hợp lệ: {text} (định dạng phải là YYYY-MM-DD hoặc dd/mm/yyyy)")


def parse_status(raw: str) -> str:
    """The canonical status code; ValueError naming the accepted values."""
    code = _STATUS_LOOKUP.get(fold_header(raw))
    if code is None:
        accepted = "; ".join(f"{c} / {label}" for c, label in STATUS_LABELS.items())
        shown = raw.strip() or "(trống)"
        raise ValueError(f"Trạng thái không hợp lệ: “{shown}” (chỉ chấp nhận {accepted})")
    return code


@dataclass(slots=True)
class _Taxpayer:
    tax_code: str
    names: dict[str, list[int]]
    dates: dict[date, list[int]]
    raw_names: dict[str, str]
    raw_dates: dict[date, str]


class _Checker:
    def __init__(self, index: dict[str, int], width: int, names: list[str], file_format: str) -> None:
        self.index, self.width, self.names, self.format = index, width, names, file_format
        self.rows: list[TaxRow] = []
        self.errors: list[RowError] = []
        self.last_row = 1
        self.done = 0
        self.taxpayers: dict[str, _Taxpayer] = {}
        self.seen: dict[tuple[str, str], list[int]] = {}

    def _error(self, number: int, column: str | None, raw: str | None, message: str) -> None:
        self.errors.append(RowError(number, column, None if raw is None else _clip(raw), message))

    def _fits(self, number: int, row: list[str]) -> bool:
        if len(row) > self.width:
            if not any(cell.strip() for cell in row[self.width :]):
                return True
            message = (
                f"Dòng {number} có {len(row)} trường, nhiều hơn {self.width} cột của dòng tiêu đề "
                "(có thể một giá trị chứa dấu phân cách mà không được đặt trong ngoặc kép)"
            )
        else:
            missing = [name for name in self.names[len(row) :] if name]
            message = (
                f"Dòng {number} thiếu trường: có {len(row)} trường thay vì {self.width}; "
                f"thiếu các cột {', '.join(missing)}"
            )
        self._error(number, None, None, message)
        return False

    def run(self, records: Iterable[tuple[int, list[str]]], progress: Callable[[int], None] | None) -> None:
        index = self.index
        for number, row in records:
            self.last_row = number
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != self.width and not self._fits(number, row):
                continue
            self.done += 1
            if progress is not None and self.done % 5000 == 0:
                progress(self.done)
            raw_code = row[index["ma_so_thue"]]
            raw_name = row[index["ten_nguoi_nop_thue"]]
            raw_date = row[index["ngay_cap_mst"]]
            raw_status = row[index["trang_thai"]]
            raw_period = row[index["ky"]]
            raw_staff = row[index["so_lao_dong"]]
            raw_wages = row[index["tong_thu_nhap"]]

            code = self._tax_code(number, raw_code)
            name = normalise_text(raw_name)
            if not name:
                self._error(number, "ten_nguoi_nop_thue", raw_name, "Tên người nộp thuế trống")
            elif len(name) > MAX_NAME:
                self._error(
                    number, "ten_nguoi_nop_thue", raw_name,
                    f"Tên người nộp thuế quá dài: {len(name)} ký tự (tối đa {MAX_NAME})",
                )
            registered = None
            try:
                registered = parse_registration_date(normalise_text(raw_date))
            except ValueError as error:
                self._error(number, "ngay_cap_mst", raw_date, str(error))
            status = None
            try:
                status = parse_status(raw_status)
            except ValueError as error:
                self._error(number, "trang_thai", raw_status, str(error))
            period = self._period(number, raw_period)
            staff = self._headcount(number, raw_staff)
            wages = self._amount(number, raw_wages)

            if code is not None:
                if period is not None:
                    self.seen.setdefault((code, period), []).append(number)
                taxpayer = self.taxpayers.get(code)
                if taxpayer is None:
                    taxpayer = self.taxpayers[code] = _Taxpayer(code, {}, {}, {}, {})
                if name:
                    taxpayer.names.setdefault(name, []).append(number)
                    taxpayer.raw_names.setdefault(name, raw_name)
                if registered is not None:
                    taxpayer.dates.setdefault(registered, []).append(number)
                    taxpayer.raw_dates.setdefault(registered, raw_date)
            if self.errors:
                if self.rows:
                    self.rows.clear()
                continue
            assert code is not None and registered is not None and status is not None and period is not None
            self.rows.append(TaxRow(number, code, name, registered, status, period, staff, wages))
        if progress is not None and self.done % 5000:
            progress(self.done)

    def _tax_code(self, number: int, raw: str) -> str | None:
        text = normalise_text(raw)
        digits = text.replace("-", "")
        # A 12-digit personal identification number is a household business's tax code (LR-TAXCODE).
        kind = "ho_kinh_doanh" if len(digits) == 12 and digits.isdigit() else None
        result = check_tax_code(text, kind)
        if result.valid:
            return result.value
        reason = result.reason if result.reason.startswith("Mã số thuế") else f"Mã số thuế: {result.reason}"
        self._error(number, "ma_so_thue", raw, reason)
        return None

    def _period(self, number: int, raw: str) -> str | None:
        text = raw.strip()
        if self.format == "xlsx" and (match := _ISO_DATE.fullmatch(text)) and match.group(3) == "01":
            text = text[:7]  # a workbook date cell on the first of the month names that month
        try:
            return str(Period.parse(text))
        except ValueError as error:
            self._error(number, "ky", raw, str(error))
            return None

    def _headcount(self, number: int, raw: str) -> int:
        text = raw.strip()
        if text.isascii() and text.isdigit() and len(text) <= 7:
            value = int(text)
        else:
            try:
                value = parse_amount(text)
            except ValueError:
                if text[:1] in ("-", "−", "–"):
                    message = f"Số lao động âm không được chấp nhận: {text}"
                elif not text:
                    message = "Số lao động trống: phải nhập một số nguyên ≥ 0"
                else:
                    message = f"Số lao động phải là số nguyên ≥ 0 viết bằng chữ số, không phải “{text}”"
                self._error(number, "so_lao_dong", raw, message)
                return 0
        if value > MAX_EMPLOYEES:
            limit = f"{MAX_EMPLOYEES:,}".replace(",", ".")
            self._error(number, "so_lao_dong", raw, f"Số lao động quá lớn: {text} (tối đa {limit})")
            return 0
        return value

    def _amount(self, number: int, raw: str) -> int:
        if len(raw) <= MAX_AMOUNT_DIGITS and raw.isascii() and raw.isdigit():
            return int(raw)
        try:
            return parse_amount(raw)
        except ValueError as error:
            reason = str(error)
            label = "Tổng thu nhập chịu thuế"
            message = reason if reason.startswith(label) else f"{label}: {reason[:1].lower()}{reason[1:]}"
            self._error(number, "tong_thu_nhap", raw, message)
            return 0

    def finish(self) -> list[RowError]:
        errors = self.errors
        for (code, period), numbers in self.seen.items():
            if len(numbers) < 2:
                continue
            for number in numbers:
                errors.append(
                    RowError(
                        number, "ky", period,
                        f"Trùng mã số thuế {code} và kỳ {period}: đã có ở dòng {other_rows_text(numbers, number)} "
                        "(mỗi người nộp thuế chỉ được một dòng cho mỗi kỳ)",
                    )
                )
        for taxpayer in self.taxpayers.values():
            errors.extend(_deviations(taxpayer.tax_code, taxpayer.names, taxpayer.raw_names,
                                      "ten_nguoi_nop_thue", "tên", str))
            errors.extend(_deviations(taxpayer.tax_code, taxpayer.dates, taxpayer.raw_dates,
                                      "ngay_cap_mst", "ngày cấp MST", _show_date))
        position = self.index
        errors.sort(
            key=lambda e: (
                -1 if e.row_number is None else e.row_number,
                -1 if e.column is None else position.get(e.column, -1),
            )
        )
        return errors


def _show_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _deviations(code, groups, raws, column, what, show) -> list[RowError]:  # type: ignore[no-untyped-def]
    """Errors on the rows whose value differs from the taxpayer's most frequent one (first on a tie)."""
    if len(groups) < 2:
        return []
    reference = max(groups, key=lambda value: len(groups[value]))
    return [
        RowError(
            number, column, _clip(raws[value]),
            f"Mã số thuế {code} có hai {what} khác nhau trong tệp: dòng này ghi “{show(value)}”, "
            f"còn dòng {_rows_text(groups[reference])} ghi “{show(reference)}”",
        )
        for value, numbers in groups.items()
        if value != reference
        for number in numbers
    ]

