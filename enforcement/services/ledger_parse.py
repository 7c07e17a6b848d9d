"""Read and validate a contribution ledger file (CSV or XLSX) — the first stage of an import.

The format is ``LEDGER_FORMAT.md``: one row per employer and contribution month,
columns in any order under Vietnamese or English names, amounts in whole đồng.
``parse_ledger`` turns the bytes of an uploaded file into a ``ParseResult``: the
normalised rows when the whole file is valid, otherwise every error of the file
(row number with the header as row 1, canonical column, raw value, Vietnamese
message) and no rows at all — an import is all or nothing. ``FileRefused`` is
raised before any parsing when the file is too big or is neither CSV nor XLSX.

The identifier, amount and period rules are those of the domain helpers
(``check_tax_code``, ``check_unit_code``, ``parse_amount``, ``Period.parse``);
this module only adds the file layout, the per-row bookkeeping and the rules
that span rows (the same unit and month twice, one unit with two tax codes or
two names). It is pure: no Flask, no database. It is written for speed (plain
``csv`` module, per-value caches, ASCII fast paths) because it is the first
stage of imports of hundreds of thousands of rows.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from operator import itemgetter

from enforcement.domain.codes import EMPLOYER_KINDS, check_tax_code, check_unit_code
from enforcement.domain.money import MAX_AMOUNT_DIGITS, parse_amount
from enforcement.domain.periods import Period

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_UNIT_CODE_PATTERN = r"^[A-Z0-9]{2,20}$"
DEFAULT_KIND = "doanh_nghiep"
PROGRESS_EVERY = 5000
SNIFF_BYTES = 64 * 1024
MAX_VALUE_CHARS = 100
MAX_ROWS_LISTED = 5
MAX_ERRORS = 1_000
"""Errors listed (and stored) per file; beyond it one line says how many there are in all."""
MAX_IGNORED_LISTED = 50
MAX_DIGITS = MAX_AMOUNT_DIGITS
# What the database can hold (PostgreSQL enforces column sizes and 32-bit integers): refused here, by row
# and column, rather than failing the whole import at the INSERT.
MAX_EMPLOYEES = 1_000_000
HEADCOUNT_FAST_DIGITS = 6  # up to 999 999: below MAX_EMPLOYEES without a comparison
TEXT_LIMITS = (
    ("ten_don_vi", "Tên đơn vị", 300),
    ("quan_huyen", "Quận/Huyện", 200),
    ("nguoi_dai_dien", "Người đại diện", 200),
)

MSG_EMPTY_FILE = "Tệp trống: không có dòng tiêu đề và dòng dữ liệu nào"
MSG_EMPTY_NAME = "Tên đơn vị trống: phải có tên sau khi bỏ khoảng trắng đầu cuối"
MSG_NO_DATA_ROWS = "Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề)"


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One valid ledger row, normalised (codes upper-cased, text NFC, period ``YYYY-MM``)."""

    row_number: int
    unit_code: str
    tax_code: str
    name: str
    address: str
    district: str
    kind: str
    legal_representative: str
    period: str
    amount_due: int
    amount_paid: int
    employees: int
    employee_share_withheld: int
    interest_paid: int = 0


def _row_constructor() -> Callable[..., ParsedRow]:
    """A positional ``ParsedRow`` constructor about twice as fast as the frozen ``__init__``.

    The frozen dataclass ``__init__`` goes through ``object.__setattr__`` once per
    field; this sets the same slots through their descriptors. The object is an
    ordinary ``ParsedRow`` (equal, hashable, immutable); only the import loop uses it.
    """
    new = object.__new__
    (s01, s02, s03, s04, s05, s06, s07, s08, s09, s10, s11, s12, s13, s14) = (
        getattr(ParsedRow, item.name).__set__ for item in fields(ParsedRow)
    )

    def make(*values: object) -> ParsedRow:
        (v01, v02, v03, v04, v05, v06, v07, v08, v09, v10, v11, v12, v13, v14) = values
        row = new(ParsedRow)
        s01(row, v01), s02(row, v02), s03(row, v03), s04(row, v04), s05(row, v05), s06(row, v06)
        s07(row, v07), s08(row, v08), s09(row, v09), s10(row, v10), s11(row, v11), s12(row, v12)
        s13(row, v13), s14(row, v14)
        return row

    return make


_new_row = _row_constructor()


@dataclass(frozen=True, slots=True)
class RowError:
    """One rejected value: row (header = 1; None for the whole file), column, raw value, message."""

    row_number: int | None
    column: str | None
    value: str | None
    message: str


@dataclass(frozen=True)
class ParseResult:
    """The rows of a valid file, or every error of an invalid one (then ``rows`` is empty)."""

    rows: list[ParsedRow]
    errors: list[RowError]
    ignored_columns: list[str]
    format: str
    rows_read: int = 0  # the non-blank data rows read, valid or not (a rejected file's size in rows)
    errors_found: int = 0  # every error found, also those beyond the listed ``MAX_ERRORS``

    @property
    def error_count(self) -> int:
        """How many errors the file has (``errors`` lists at most ``MAX_ERRORS`` of them)."""
        return max(self.errors_found, len(self.errors))

    @property
    def ok(self) -> bool:
        """True when the file has no error (and so may be imported)."""
        return not self.errors


class FileRefused(Exception):
    """The file is refused before parsing: too big, or its content is neither CSV nor XLSX."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- columns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    name: str
    label: str
    required: bool
    aliases: tuple[str, ...]


_COLUMNS = (
    _Column("ma_don_vi", "Mã đơn vị", True, ("Mã đơn vị", "unit_code")),
    _Column("ma_so_thue", "Mã số thuế", True, ("Mã số thuế", "MST", "tax_code")),
    _Column("ten_don_vi", "Tên đơn vị", True, ("Tên đơn vị", "employer_name")),
    _Column("dia_chi", "Địa chỉ", False, ("Địa chỉ", "address")),
    _Column("quan_huyen", "Quận/Huyện", False, ("Quận/Huyện", "Xã/Phường", "district")),
    _Column("loai_hinh", "Loại hình", False, ("Loại hình", "kind")),
    _Column("nguoi_dai_dien", "Người đại diện", False, ("Người đại diện", "legal_representative")),
    _Column("ky", "Kỳ", True, ("Kỳ", "Tháng", "period")),
    _Column("phai_dong", "Phải đóng", True, ("Phải đóng", "amount_due")),
    _Column("da_dong", "Đã đóng", True, ("Đã đóng", "amount_paid")),
    _Column("so_lao_dong", "Số lao động", True, ("Số lao động", "employees")),
    _Column("trich_luong_nld", "Trích lương NLĐ", False, ("Trích lương NLĐ", "employee_share_withheld")),
    _Column("lai_da_dong", "Lãi đã đóng", False, ("Lãi đã đóng", "Tiền lãi đã đóng", "interest_paid")),
)
_BY_NAME = {column.name: column for column in _COLUMNS}


def fold_header(text: str) -> str:
    """A header name folded for matching: no diacritics, lower case, letters and digits only.

    ``"Quận/Huyện"`` → ``"quanhuyen"``, ``"MA_DON_VI"`` → ``"madonvi"``.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed.lower() if ch.isalnum() and not unicodedata.combining(ch))


_HEADER_LOOKUP = {
    fold_header(alias): column.name for column in _COLUMNS for alias in (column.name, *column.aliases)
}
_KIND_LOOKUP = {fold_header(kind): kind for kind in EMPLOYER_KINDS} | {
    fold_header(text): kind
    for text, kind in (
        ("Doanh nghiệp", "doanh_nghiep"),
        ("Cơ quan", "co_quan"),
        ("Hộ kinh doanh", "ho_kinh_doanh"),
        ("Khác", "khac"),
    )
}


@dataclass(frozen=True)
class _Header:
    """Where each canonical column sits, and what the header line says."""

    row_number: int
    index: dict[str, int]
    width: int
    names: list[str]
    ignored: list[str]
    errors: list[RowError]


def _read_header(row_number: int, cells: Sequence[str]) -> _Header:
    names = [_clean_header_cell(cell) for cell in cells]
    index: dict[str, int] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for position, name in enumerate(names):
        canonical = _HEADER_LOOKUP.get(fold_header(name))
        if canonical is None:
            if name:
                ignored.append(name)
        elif canonical in index:
            first = names[index[canonical]]
            errors.append(
                RowError(
                    None,
                    canonical,
                    _clip(name),
                    f"Cột {canonical} ({_BY_NAME[canonical].label}) xuất hiện hai lần trong dòng tiêu "
                    f"đề: “{first}” và “{name}”",
                )
            )
        else:
            index[canonical] = position
    for column in _COLUMNS:
        if column.required and column.name not in index:
            errors.append(
                RowError(
                    None,
                    column.name,
                    None,
                    f"Thiếu cột bắt buộc {column.name} ({column.label}) trong dòng tiêu đề "
                    f"(tên được chấp nhận: {', '.join((column.name, *column.aliases))})",
                )
            )
    return _Header(row_number, index, len(names), names, ignored, errors)


def _clean_header_cell(cell: object) -> str:
    text = cell if isinstance(cell, str) else _cell_text(cell)
    text = text.replace("\ufeff", "").strip()
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# --- small helpers -------------------------------------------------------------------------------


def _clip(text: str) -> str:
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS]


def _rows_text(rows: Sequence[int]) -> str:
    shown = ", ".join(str(row) for row in rows[:MAX_ROWS_LISTED])
    extra = len(rows) - MAX_ROWS_LISTED
    return f"{shown} và {extra} dòng khác" if extra > 0 else shown


def other_rows_text(rows: Sequence[int], row: int) -> str:
    """``_rows_text`` of ``rows`` without ``row``, in time that does not grow with ``len(rows)``.

    (Listing every other row for every duplicate row was quadratic: 40 000 identical rows took
    33 s.)
    """
    shown = [other for other in rows[: MAX_ROWS_LISTED + 1] if other != row][:MAX_ROWS_LISTED]
    extra = len(rows) - 1 - len(shown)
    text = ", ".join(str(other) for other in shown)
    return f"{text} và {extra} dòng khác" if extra > 0 else text


def cap_errors(errors: list[RowError]) -> list[RowError]:
    """The first ``MAX_ERRORS`` errors, after one line giving the total when there are more."""
    if len(errors) <= MAX_ERRORS:
        return errors
    total = f"{len(errors):,}".replace(",", ".")
    summary = RowError(
        None, None, None,
        f"Tệp có tổng cộng {total} lỗi; chỉ liệt kê {MAX_ERRORS} lỗi đầu tiên. "
        "Hãy sửa các lỗi này rồi tải tệp lên lại để xem các lỗi còn lại.",
    )
    return [summary, *errors[:MAX_ERRORS]]


def cap_ignored(names: list[str]) -> list[str]:
    """The first ``MAX_IGNORED_LISTED`` ignored column names, and how many more there are."""
    if len(names) <= MAX_IGNORED_LISTED:
        return names
    return [*names[:MAX_IGNORED_LISTED], f"… và {len(names) - MAX_IGNORED_LISTED} cột khác"]


def _with_label(label: str, reason: str) -> str:
    """``"Phải đóng: số tiền trống…"``; a reason that already names the column is kept as is."""
    if reason.startswith(label):
        return reason
    return f"{label}: {reason[:1].lower()}{reason[1:]}"


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _normalise_text(raw: str) -> str:
    """NFC, trimmed, runs of whitespace collapsed to one space; other characters kept verbatim."""
    text = raw if raw.isascii() else unicodedata.normalize("NFC", raw)
    return " ".join(text.split())


# --- format sniffing -----------------------------------------------------------------------------

_ZIP_MAGIC = b"PK\x03\x04"
_KNOWN_BINARY = (
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF8", "ảnh GIF"),
    (b"%PDF", "tài liệu PDF"),
    (b"\xd0\xcf\x11\xe0", "tệp Excel/Word cũ (.xls/.doc) hoặc tệp được đặt mật khẩu"),
    (b"\x1f\x8b", "tệp nén gzip"),
    (b"Rar!", "tệp nén RAR"),
    (b"7z\xbc\xaf", "tệp nén 7z"),
    (b"\xff\xfe", "văn bản UTF-16"),
    (b"\xfe\xff", "văn bản UTF-16"),
)
_ACCEPTED = "chỉ nhận tệp CSV (UTF-8) hoặc bảng tính Excel .xlsx"


def sniff_format(head: bytes) -> str:
    """``"csv"`` or ``"xlsx"``, decided from the content (the first bytes or the whole file).

    Raises ``FileRefused`` (Vietnamese message) for anything else: images, PDFs,
    archives, zip files that are not a workbook, old ``.xls``, text not in UTF-8.
    Empty input counts as CSV (the parser then reports the empty file).
    """
    if head.startswith(_ZIP_MAGIC):
        if _zip_is_workbook(head):
            return "xlsx"
        raise FileRefused(f"Tệp là tệp nén ZIP nhưng không phải bảng tính Excel .xlsx: {_ACCEPTED}")
    for magic, what in _KNOWN_BINARY:
        if head.startswith(magic):
            raise FileRefused(f"Tệp không phải CSV hay XLSX (nội dung là {what}): {_ACCEPTED}")
    sample = head[:SNIFF_BYTES]
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(sample)  # a cut last character is fine
    except UnicodeDecodeError as error:
        raise FileRefused(_not_utf8_message(sample, error)) from error
    if "\x00" in text:
        raise FileRefused(f"Tệp chứa dữ liệu nhị phân (ký tự NUL), không phải văn bản CSV: {_ACCEPTED}")
    return "csv"


def _zip_is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.startswith("xl/workbook") for name in archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return any(name.startswith("xl/") for name in _local_zip_names(data))


def _local_zip_names(data: bytes) -> Iterable[str]:
    """Names of the local file headers found in a (possibly truncated) zip head."""
    position = data.find(_ZIP_MAGIC)
    while position != -1 and position + 30 <= len(data):
        length = int.from_bytes(data[position + 26 : position + 28], "little")
        yield data[position + 30 : position + 30 + length].decode("utf-8", "replace")
        position = data.find(_ZIP_MAGIC, position + 4)


def _not_utf8_message(data: bytes, error: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, error.start) + 1
    return (
        f"Tệp không phải văn bản UTF-8 (byte không hợp lệ ở dòng {line}): {_ACCEPTED}; "
        "nếu xuất từ Excel, hãy chọn “CSV UTF-8”"
    )


# --- entry point ---------------------------------------------------------------------------------


def parse_ledger(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    unit_code_pattern: str = DEFAULT_UNIT_CODE_PATTERN,
    progress: Callable[[int], None] | None = None,
) -> ParseResult:
    """Parse and validate a whole ledger file (LEDGER_FORMAT.md).

    Raises ``FileRefused`` when ``len(data) > max_bytes`` or the content is
    neither CSV (UTF-8) nor XLSX. Otherwise returns every error of the file,
    ordered by row number (file-level errors first), and the rows only when
    there is none. ``progress(rows_done)`` is called every 5 000 data rows and
    once at the end.
    """
    if len(data) > max_bytes:
        raise FileRefused(
            f"Tệp quá lớn: {_megabytes(len(data))} MB, vượt giới hạn {_megabytes(max_bytes)} MB"
        )
    file_format = sniff_format(data)
    with _gc_paused():
        records = _xlsx_records(data) if file_format == "xlsx" else _csv_records(data)
        return _parse_records(records, file_format, unit_code_pattern, progress)


def _megabytes(size: int) -> str:
    """``52428800`` → ``"50"``, ``1572864`` → ``"1,5"`` (Vietnamese decimal comma)."""
    return f"{size / 1048576:.1f}".removesuffix(".0").replace(".", ",")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while parsing (restored afterwards).

    A parse allocates millions of small acyclic objects that are freed by
    reference counting; the collector would only rescan the growing row list
    again and again (about a third of the parse time on a 360 000-row file).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _csv_records(data: bytes) -> Iterable[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(_not_utf8_message(data, error)) from error
    if not text or text.isspace():
        return ()
    reader = csv.reader(_csv_lines(text), delimiter=_detect_delimiter(text), strict=True)
    return enumerate(reader, start=1)


def _csv_lines(text: str) -> Iterable[str]:
    """The lines of the text, ends kept, split only at ``\\n``, ``\\r\\n`` or ``\\r``.

    ``str.splitlines`` is the fast path; it also splits at rarer separators
    (``\\u2028``, form feed…) that may sit inside a field, so when it finds more
    lines than ``\\n`` makes, the slower ``io.StringIO`` (``\\n``/``\\r`` only) is used.
    """
    lines = text.splitlines(keepends=True)
    if len(lines) == text.count("\n") + (0 if text.endswith("\n") else 1):
        return lines
    return io.StringIO(text, newline="")


def _detect_delimiter(text: str) -> str:
    """``;`` when the header line (the first non-blank line) has more ``;`` than ``,``."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = text[start:end]
        if line.strip():
            return ";" if line.count(";") > line.count(",") else ","
        start = end + 1
    return ","


def _xlsx_records(
    data: bytes, cell_text: Callable[[object], str] | None = None
) -> Iterable[tuple[int, list[str]]]:
    """The first sheet's rows, read by ``services.workbook`` (archive checks, then a limited child process)."""
    from enforcement.services.workbook import WorkbookRefused, read_sheet

    try:
        cells = read_sheet(data)
    except WorkbookRefused as refused:
        raise FileRefused(refused.message) from refused
    text = cell_text or _cell_text
    return ((number, [text(cell) for cell in row]) for number, row in enumerate(cells, start=1))


def _cell_text(cell: object) -> str:
    """A workbook cell as the text a CSV would hold: integral floats as integers, dates ``YYYY-MM``.

    A date cell can only be meant as a contribution month; elsewhere the
    ``YYYY-MM`` text is refused by the column's own check.
    """
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, datetime | date):
        return f"{cell.year:04d}-{cell.month:02d}"
    return "" if cell is None else str(cell)


def _parse_records(
    records: Iterable[tuple[int, list[str]]],
    file_format: str,
    unit_code_pattern: str,
    progress: Callable[[int], None] | None,
) -> ParseResult:
    iterator = iter(records)
    try:
        header = _first_nonblank(iterator)
    except csv.Error as error:
        message = f"Không đọc được dòng tiêu đề của tệp CSV: {_csv_error_text(str(error))}"
        return ParseResult([], [RowError(None, None, None, message)], [], file_format)
    if header is None:
        return ParseResult([], [RowError(None, None, None, MSG_EMPTY_FILE)], [], file_format)
    columns = _read_header(*header)
    if columns.errors:
        return ParseResult([], cap_errors(columns.errors), cap_ignored(columns.ignored), file_format)
    checker = _RowChecker(columns, unit_code_pattern)
    try:
        checker.run(iterator, progress)
    except csv.Error as error:
        checker.unreadable(error)
    if checker.done == 0 and not checker.errors:
        checker.errors.append(RowError(None, None, None, MSG_NO_DATA_ROWS))
    found = checker.finish()
    errors = cap_errors(found)
    return ParseResult([] if errors else checker.rows, errors, cap_ignored(columns.ignored), file_format,
                       checker.done + checker.misfits, len(found))


def _first_nonblank(records: Iterable[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    for number, row in records:
        if any(cell.strip() for cell in row):
            return number, row
    return None


# --- row checks ----------------------------------------------------------------------------------

_EMPLOYER_COLUMNS = (
    "ma_don_vi",
    "ma_so_thue",
    "ten_don_vi",
    "dia_chi",
    "quan_huyen",
    "loai_hinh",
    "nguoi_dai_dien",
)


@dataclass(slots=True)
class _Employer:
    """The employer columns of a row, checked once per distinct combination of their raw texts."""

    unit_code: str | None
    tax_code: str | None
    name: str
    address: str
    district: str
    kind: str | None
    representative: str
    raw_tax: str
    raw_name: str
    problems: list[tuple[str, str, str]]  # (column, raw value, message)
    rows: list[int] = field(default_factory=list)


def _read_employer(raw: dict[str, str], pattern: str) -> _Employer:
    """Check the employer columns of a row (unit code, kind, tax code, texts)."""
    problems: list[tuple[str, str, str]] = []
    raw_unit, raw_tax, raw_name = raw["ma_don_vi"], raw["ma_so_thue"], raw["ten_don_vi"]
    unit = check_unit_code(_nfc(raw_unit), pattern)
    if not unit.valid:
        problems.append(("ma_don_vi", raw_unit, _with_label("Mã đơn vị", unit.reason)))
    raw_kind = raw.get("loai_hinh", "")
    kind = _read_kind(raw_kind)
    if kind is None:
        problems.append(("loai_hinh", raw_kind, _bad_kind(raw_kind)))
    tax = check_tax_code(_nfc(raw_tax), kind)
    if not tax.valid:
        problems.append(("ma_so_thue", raw_tax, _with_label("Mã số thuế", tax.reason)))
    name = _normalise_text(raw_name)
    if not name:
        problems.append(("ten_don_vi", raw_name, MSG_EMPTY_NAME))
    district = _normalise_text(raw.get("quan_huyen", ""))
    representative = _normalise_text(raw.get("nguoi_dai_dien", ""))
    for (column, label, limit), value in zip(TEXT_LIMITS, (name, district, representative), strict=True):
        if len(value) > limit:
            problems.append((column, raw.get(column, ""), f"{label} quá dài: {len(value)} ký tự (tối đa {limit})"))
    return _Employer(
        unit.value if unit.valid else None,
        tax.value if tax.valid else None,
        name,
        _normalise_text(raw.get("dia_chi", "")),
        district,
        kind,
        representative,
        raw_tax,
        raw_name,
        problems,
    )


class _RowChecker:
    """Checks the data rows (employer columns once per distinct employer), then cross-row rules."""

    def __init__(self, header: _Header, unit_code_pattern: str) -> None:
        self.rows: list[ParsedRow] = []
        self.errors: list[RowError] = []
        self.last_row = header.row_number
        self.done = 0
        self.misfits = 0  # non-blank rows of the wrong length, reported and not checked further
        self._header = header
        self._pattern = unit_code_pattern
        self._employer_names = [name for name in _EMPLOYER_COLUMNS if name in header.index]
        self._employers: dict[tuple[str, ...], _Employer] = {}
        self._duplicates: dict[tuple[str, str], list[int]] = {}

    def run(self, records: Iterable[tuple[int, list[str]]], progress: Callable[[int], None] | None) -> None:
        """Check every data row, counting the non-blank ones in ``done``.

        This is the hot loop of an import (hundreds of thousands of rows), so it
        is one flat function on purpose: columns and caches are bound to locals,
        the employer columns are checked once per distinct employer (they repeat
        for every month), periods once per distinct text, and amounts take an
        ASCII-digits fast path before ``parse_amount``.
        """
        index, width = self._header.index, self._header.width
        employer_key = itemgetter(*(index[name] for name in self._employer_names))
        i_period, i_due, i_paid = index["ky"], index["phai_dong"], index["da_dong"]
        i_staff, i_withheld = index["so_lao_dong"], index.get("trich_luong_nld", -1)
        i_interest = index.get("lai_da_dong", -1)
        employers = self._employers
        periods: dict[str, tuple[str | None, str]] = {}
        seen: dict[tuple[str, str], int] = {}
        errors, rows, new_row = self.errors, self.rows, _new_row
        done = 0
        next_report = PROGRESS_EVERY if progress is not None else -1
        for number, row in records:
            self.last_row = number
            if len(row) != width:
                if not any(cell.strip() for cell in row) or not self._fits(number, row):
                    continue
            elif not any(row):
                continue
            done = self.done = done + 1
            if done == next_report and progress is not None:
                progress(done)
                next_report += PROGRESS_EVERY

            key = employer_key(row)
            employer = employers.get(key)
            if employer is None:
                employer = employers[key] = self._employer(key)
            employer.rows.append(number)
            for column, raw, message in employer.problems:
                errors.append(RowError(number, column, _clip(raw), message))

            raw = row[i_period]
            period = periods.get(raw)
            if period is None:
                period = periods[raw] = _check_period(raw)
            month = period[0]
            if month is None:
                errors.append(RowError(number, "ky", _clip(raw), period[1]))
            elif employer.unit_code is not None:
                first = seen.setdefault((employer.unit_code, month), number)
                if first != number:
                    self._duplicates.setdefault((employer.unit_code, month), [first]).append(number)

            raw = row[i_due]
            if len(raw) <= MAX_DIGITS and raw.isascii() and raw.isdigit():
                due = int(raw)
            else:
                due = _amount(number, "phai_dong", raw, errors)
            raw = row[i_paid]
            if len(raw) <= MAX_DIGITS and raw.isascii() and raw.isdigit():
                paid = int(raw)
            else:
                paid = _amount(number, "da_dong", raw, errors)
            raw = row[i_staff]
            if len(raw) <= HEADCOUNT_FAST_DIGITS and raw.isascii() and raw.isdigit():
                staff = int(raw)
            else:
                staff = _headcount(number, raw, errors)
            withheld = 0
            if i_withheld >= 0:
                raw = row[i_withheld]
                if len(raw) <= MAX_DIGITS and raw.isascii() and raw.isdigit():
                    withheld = int(raw)
                else:
                    withheld = _amount(number, "trich_luong_nld", raw, errors, default=0)
            interest = 0
            if i_interest >= 0:
                raw = row[i_interest]
                if len(raw) <= MAX_DIGITS and raw.isascii() and raw.isdigit():
                    interest = int(raw)
                else:
                    interest = _amount(number, "lai_da_dong", raw, errors, default=0)

            if errors:
                if rows:
                    rows.clear()  # the file is refused whole: free the rows read so far
                continue
            rows.append(
                new_row(
                    number,
                    employer.unit_code,
                    employer.tax_code,
                    employer.name,
                    employer.address,
                    employer.district,
                    employer.kind,
                    employer.representative,
                    month,
                    due,
                    paid,
                    staff,
                    withheld,
                    interest,
                )
            )
        if progress is not None and done % PROGRESS_EVERY:
            progress(done)

    def _employer(self, key: tuple[str, ...]) -> _Employer:
        return _read_employer(dict(zip(self._employer_names, key, strict=True)), self._pattern)

    def unreadable(self, error: csv.Error) -> None:
        """Record a CSV syntax error met after the last row read; reading stops there."""
        number = self.last_row + 1
        detail = _csv_error_text(str(error))
        self.errors.append(
            RowError(number, None, None, f"Không đọc được tệp CSV từ dòng {number}, đã dừng đọc: {detail}")
        )

    def _fits(self, number: int, row: list[str]) -> bool:
        """Whether a non-blank row of the wrong length can be read (extra fields all empty)."""
        width = self._header.width
        if len(row) > width:
            if not any(cell.strip() for cell in row[width:]):
                return True
            message = (
                f"Dòng {number} có {len(row)} trường, nhiều hơn {width} cột của dòng tiêu đề "
                "(có thể một giá trị chứa dấu phân cách mà không được đặt trong ngoặc kép)"
            )
        else:
            missing = [name for name in self._header.names[len(row) :] if name]
            message = (
                f"Dòng {number} thiếu trường: có {len(row)} trường thay vì {width}; "
                f"thiếu các cột {', '.join(missing)}"
            )
            if any("\n" in cell for cell in row):
                message += " (có thể do một dấu ngoặc kép mở mà không đóng)"
        self.errors.append(RowError(number, None, None, message))
        self.misfits += 1
        return False

    def finish(self) -> list[RowError]:
        """Add the errors that span rows and return every error, by row then column position."""
        errors = self.errors
        for (unit, period), numbers in self._duplicates.items():
            for number in numbers:
                errors.append(
                    RowError(
                        number,
                        "ky",
                        period,
                        f"Trùng mã đơn vị {unit} và kỳ {period}: đã có ở dòng {other_rows_text(numbers, number)} "
                        "(mỗi đơn vị chỉ được một dòng cho mỗi kỳ)",
                    )
                )
        for unit, entries in _units_with_variants(self._employers.values()):
            errors.extend(_deviations(unit, entries, 1, "ma_so_thue", "mã số thuế"))
            errors.extend(_deviations(unit, entries, 2, "ten_don_vi", "tên"))
        position = self._header.index
        errors.sort(
            key=lambda error: (
                -1 if error.row_number is None else error.row_number,
                -1 if error.column is None else position.get(error.column, -1),
            )
        )
        return errors


def _csv_error_text(detail: str) -> str:
    """The ``csv`` module's (English) error, said in Vietnamese."""
    if "field limit" in detail:
        limit = f"{csv.field_size_limit():,}".replace(",", ".")
        return f"có một trường dài quá {limit} ký tự (thường do một dấu ngoặc kép mở mà không đóng)"
    if "unexpected end of data" in detail:
        return "tệp kết thúc khi một dấu ngoặc kép mở vẫn chưa được đóng"
    if "expected after" in detail:
        return (
            "sau dấu ngoặc kép đóng một giá trị phải là dấu phân cách (dấu ngoặc kép bên trong "
            'giá trị phải viết đôi "")'
        )
    if "NUL" in detail:
        return "dòng chứa ký tự NUL (dữ liệu nhị phân)"
    return f"lỗi cú pháp CSV ({detail})"


_Entry = tuple[int, str | None, str | None, str, str]  # row, tax code, name, raw tax code, raw name


def _units_with_variants(employers: Iterable[_Employer]) -> list[tuple[str, list[_Entry]]]:
    """The unit codes seen with more than one combination of employer columns, with their rows."""
    by_unit: dict[str, list[_Employer]] = {}
    for employer in employers:
        if employer.unit_code is not None:
            by_unit.setdefault(employer.unit_code, []).append(employer)
    result = []
    for unit, variants in by_unit.items():
        if len({(variant.tax_code, variant.name) for variant in variants}) > 1:
            entries = sorted(
                (number, variant.tax_code, variant.name or None, variant.raw_tax, variant.raw_name)
                for variant in variants
                for number in variant.rows
            )
            result.append((unit, entries))
    return result


def _deviations(
    unit: str,
    entries: list[_Entry],
    slot: int,
    column: str,
    what: str,
) -> list[RowError]:
    """Errors on the rows whose value differs from the unit's reference value.

    The reference is the value most rows of the unit carry; on a tie, the one seen first.
    """
    groups: dict[str, list[int]] = {}
    raws: dict[str, str] = {}
    for entry in entries:
        value = entry[slot]
        if value is not None:
            groups.setdefault(value, []).append(entry[0])
            raws.setdefault(value, entry[slot + 2])
    if len(groups) < 2:
        return []
    reference = max(groups, key=lambda value: len(groups[value]))  # max keeps the first on ties
    reference_rows = groups[reference]
    return [
        RowError(
            number,
            column,
            _clip(raws[value]),
            f"Mã đơn vị {unit} có hai {what} khác nhau trong tệp: dòng này ghi “{value}”, "
            f"còn dòng {_rows_text(reference_rows)} ghi “{reference}”",
        )
        for value, numbers in groups.items()
        if value != reference
        for number in numbers
    ]


def _read_kind(raw: str) -> str | None:
    """The canonical kind (``doanh_nghiep`` when empty), or None when it is not one of them."""
    return _KIND_LOOKUP.get(fold_header(raw)) if raw.strip() else DEFAULT_KIND


def _bad_kind(raw: str) -> str:
    return (
        f"Loại hình không hợp lệ: “{raw.strip()}” (chỉ chấp nhận {', '.join(EMPLOYER_KINDS)}; "
        f"để trống là {DEFAULT_KIND})"
    )


def _check_period(raw: str) -> tuple[str | None, str]:
    try:
        return str(Period.parse(_nfc(raw))), ""
    except ValueError as error:
        return None, _with_label("Kỳ", str(error))


def _amount(number: int, column: str, raw: str, errors: list[RowError], default: int | None = None) -> int:
    """A whole amount of đồng ≥ 0 (``parse_amount``); ``default`` when the optional cell is empty."""
    if len(raw) <= MAX_DIGITS and raw.isascii() and raw.isdigit():
        return int(raw)
    if default is not None and not raw.strip():
        return default
    try:
        return parse_amount(raw)
    except ValueError as error:
        errors.append(RowError(number, column, _clip(raw), _with_label(_BY_NAME[column].label, str(error))))
        return 0


def _headcount(number: int, raw: str, errors: list[RowError]) -> int:
    """A whole number of employees from 0 to ``MAX_EMPLOYEES`` (thousands separators allowed, as for amounts)."""
    if len(raw) <= MAX_DIGITS and raw.isascii() and raw.isdigit():
        return _at_most_max_employees(number, raw, int(raw), errors)
    text = raw.strip()
    if text[:1] in ("-", "−", "–"):
        message = f"Số lao động âm không được chấp nhận: {text}"
    elif not text:
        message = "Số lao động trống: phải nhập một số nguyên ≥ 0"
    else:
        try:
            return _at_most_max_employees(number, raw, parse_amount(text), errors)
        except ValueError:
            message = (
                "Số lao động phải là số nguyên ≥ 0 viết bằng chữ số (tối đa 15 chữ số, không có phần "
                f"thập phân), không phải “{text}”"
            )
    errors.append(RowError(number, "so_lao_dong", _clip(raw), message))
    return 0


def _at_most_max_employees(number: int, raw: str, value: int, errors: list[RowError]) -> int:
    if value <= MAX_EMPLOYEES:
        return value
    limit = f"{MAX_EMPLOYEES:,}".replace(",", ".")
    errors.append(RowError(number, "so_lao_dong", _clip(raw), f"Số lao động quá lớn: {raw.strip()} (tối đa {limit})"))
    return 0


def columns() -> tuple[_Column, ...]:
    """The ledger's columns in the order of the format (the header of the downloadable template)."""
    return _COLUMNS


# --- the reader machinery, public for the other file formats (tax data, TAX_FORMAT.md) -------------


def read_records(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cell_text: Callable[[object], str] | None = None,
) -> tuple[str, Iterable[tuple[int, list[str]]]]:
    """The size and type checks of ``parse_ledger``, then the file's rows as ``(row number, cells)``.

    The same reader as the ledger's (CSV with ``,``/``;`` detected from the header, UTF-8 with
    or without BOM, quoted fields; XLSX first sheet), for other formats that share its
    layout rules; ``cell_text`` replaces how a workbook cell becomes text (default: as the
    ledger reads it, date cells as ``YYYY-MM``). Raises ``FileRefused`` like ``parse_ledger``;
    a CSV syntax error surfaces as ``csv.Error`` while iterating (``csv_error_text`` says it
    in Vietnamese).
    """
    if len(data) > max_bytes:
        raise FileRefused(
            f"Tệp quá lớn: {_megabytes(len(data))} MB, vượt giới hạn {_megabytes(max_bytes)} MB"
        )
    file_format = sniff_format(data)
    return file_format, (_xlsx_records(data, cell_text) if file_format == "xlsx" else _csv_records(data))


def first_nonblank(records: Iterable[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    """The first row with a non-blank cell (the header line), or None for an empty file."""
    return _first_nonblank(records)


def clean_header_cell(cell: object) -> str:
    """A header cell as text: BOM removed, trimmed, NFC."""
    return _clean_header_cell(cell)


def normalise_text(raw: str) -> str:
    """NFC, trimmed, runs of whitespace collapsed to one space."""
    return _normalise_text(raw)


def csv_error_text(detail: str) -> str:
    """The ``csv`` module's (English) error, said in Vietnamese."""
    return _csv_error_text(detail)


def cell_text(cell: object) -> str:
    """A workbook cell as the ledger reads it (integral floats as integers, dates ``YYYY-MM``)."""
    return _cell_text(cell)


gc_paused = _gc_paused
