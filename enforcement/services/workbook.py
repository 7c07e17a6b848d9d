"""Reading an uploaded XLSX workbook without letting it take the process down.

A workbook is a zip of XML parts, and what it declares is what a reader
allocates: one cell at ``XFD1048576`` (a 1.7 KB file) makes a reader allocate
the whole 16 384 × 1 048 576 grid, and a 10 MB zip may unpack to gigabytes.
So, before anything reads a workbook:

1. ``check_archive`` reads only the zip's directory and the first bytes of each
   worksheet: at most ``MAX_MEMBERS`` parts, no encrypted part, a total
   unpacked size within ``MAX_UNPACKED_BYTES``, no part whose compression
   ratio exceeds ``MAX_RATIO`` (XML of real ledgers packs 5–20 ×), and a
   declared ``<dimension>`` within ``MAX_ROWS`` × ``MAX_COLUMNS``;
2. ``read_sheet`` then decodes the first sheet in a **child process** (this
   file run by the same interpreter) whose address space and CPU time are capped
   with ``resource.setrlimit`` and whose wall time is bounded: whatever the
   reader does with a hostile file — abort, run out of memory, spin — only the
   child dies, and the caller gets ``FileRefused`` with a clear message. The
   rows come back as MessagePack (decoding it runs no code).

The web process, the API process and ``flask worker`` therefore never run the
workbook reader themselves.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

MAX_MEMBERS = 1_000
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024 * 1024  # parts smaller than this unpacked are never a bomb
MAX_ROWS = 1_048_576  # Excel's own limit; the file size bounds the real number
MAX_COLUMNS = 256  # LEDGER_FORMAT.md / TAX_FORMAT.md have 13 columns; extras are only reported
CHILD_MEMORY_BYTES = 3 * 1024 * 1024 * 1024
CHILD_CPU_SECONDS = 120
CHILD_WALL_SECONDS = 180

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')


class WorkbookRefused(Exception):
    """The workbook is refused before or while reading it (Vietnamese message)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def column_number(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27, ``XFD`` → 16 384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.0f}"


def zip_problem(archive: zipfile.ZipFile, *, noun: str, max_members: int = MAX_MEMBERS,
                max_unpacked: int = MAX_UNPACKED_BYTES) -> str | None:
    """Why a zip (a workbook, an Office file) could exhaust whoever unpacks it, from its directory alone
    (nothing is unpacked): too many parts, an encrypted part, a part with a bomb's ratio, too much in all.

    ``noun`` names the file in the message ("Bảng tính", "Tệp"); None when nothing is wrong.
    """
    members = archive.infolist()
    if len(members) > max_members:
        return f"{noun} có {len(members)} thành phần, vượt giới hạn {max_members}"
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            return f"{noun} được mã hóa (đặt mật khẩu): hãy lưu lại không đặt mật khẩu"
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            return (f"Thành phần {member.filename[:80]} giải nén gấp {ratio:.0f} lần (giới hạn {MAX_RATIO} lần): "
                    "tệp có dấu hiệu “bom nén”")
    if total > max_unpacked:
        return (f"{noun} giải nén ra {_megabytes(total)} MB, vượt giới hạn {_megabytes(max_unpacked)} MB: "
                "tệp có dấu hiệu “bom nén”")
    return None


def check_archive(data: bytes) -> None:
    """Refuse a workbook whose zip or declared sheet size could exhaust the reader.

    :raises WorkbookRefused: with the reason, in Vietnamese.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise WorkbookRefused(f"Không đọc được bảng tính XLSX: tệp nén bị hỏng ({error})") from error
    with archive:
        problem = zip_problem(archive, noun="Bảng tính")
        if problem:
            raise WorkbookRefused(problem)
        members = archive.infolist()
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                _check_dimension(archive, member)


def _check_dimension(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    try:
        with archive.open(member) as stream:
            head = stream.read(64 * 1024)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise WorkbookRefused(f"Không giải nén được trang tính {member.filename[:80]} ({error})") from error
    match = _DIMENSION.search(head)
    if match is None:
        return
    for letters, digits in ((match.group(1), match.group(2)), (match.group(3), match.group(4))):
        if letters and column_number(letters.decode()) > MAX_COLUMNS:
            raise WorkbookRefused(
                f"Trang tính khai báo vùng dữ liệu đến cột {letters.decode()} "
                f"({column_number(letters.decode())} cột), vượt giới hạn {MAX_COLUMNS} cột"
            )
        if digits and int(digits) > MAX_ROWS:
            raise WorkbookRefused(f"Trang tính khai báo {int(digits)} dòng, vượt giới hạn {MAX_ROWS} dòng")


# --- the child process ---------------------------------------------------------------------------


def read_sheet(data: bytes) -> list[list[Any]]:
    """The first sheet's rows (cells as Python values), read in a limited child process.

    Empty workbook → ``[]``.

    :raises WorkbookRefused: the archive checks fail, the reader fails, or the child is
        killed by its limits (memory, CPU, wall time).
    """
    import msgspec

    check_archive(data)
    # The file itself, not ``-m``: the child imports neither the application nor Flask.
    command = [sys.executable, "-I", __file__, str(CHILD_MEMORY_BYTES), str(CHILD_CPU_SECONDS), str(MAX_COLUMNS)]
    try:
        done = subprocess.run(  # noqa: S603 - our own module, no shell
            command, input=data, capture_output=True, timeout=CHILD_WALL_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise WorkbookRefused(
            f"Đọc bảng tính quá {CHILD_WALL_SECONDS} giây: tệp quá lớn hoặc có cấu trúc bất thường"
        ) from error
    if done.returncode == 2:
        raise WorkbookRefused(done.stderr.decode("utf-8", "replace").strip()[-500:])
    if done.returncode != 0:
        raise WorkbookRefused(
            "Không đọc được bảng tính: việc đọc tệp vượt giới hạn bộ nhớ hoặc thời gian xử lý "
            f"(mã kết thúc {done.returncode}); tệp quá lớn hoặc có cấu trúc bất thường"
        )
    try:
        rows = msgspec.msgpack.decode(done.stdout)
    except msgspec.DecodeError as error:  # pragma: no cover - the child writes what it encodes
        raise WorkbookRefused("Không đọc được kết quả đọc bảng tính") from error
    return [[_thaw(cell) for cell in row] for row in rows]


def _freeze(cell: Any) -> Any:
    """A cell as MessagePack can carry it: dates and times as tagged lists."""
    if isinstance(cell, datetime):
        return ["\x00dt", cell.isoformat()]
    if isinstance(cell, date):
        return ["\x00d", cell.isoformat()]
    if isinstance(cell, time):
        return ["\x00t", cell.isoformat()]
    if isinstance(cell, timedelta):
        return ["\x00td", cell.total_seconds()]
    return cell


def _thaw(cell: Any) -> Any:
    if isinstance(cell, list) and len(cell) == 2 and isinstance(cell[0], str) and cell[0].startswith("\x00"):
        tag, value = cell
        if tag == "\x00dt":
            return datetime.fromisoformat(value)
        if tag == "\x00d":
            return date.fromisoformat(value)
        if tag == "\x00t":
            return time.fromisoformat(value)
        return timedelta(seconds=value)
    return cell


def _child(argv: Iterable[str]) -> int:  # pragma: no cover - runs in the child process
    import resource

    memory, cpu, max_columns = (int(a) for a in argv)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    import msgspec
    from python_calamine import CalamineWorkbook

    data = sys.stdin.buffer.read()
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            rows: list[list[Any]] = []
        else:
            sheet = workbook.get_sheet_by_index(0)
            if sheet.width > max_columns:
                sys.stderr.write(f"Trang tính đầu tiên có {sheet.width} cột, vượt giới hạn {max_columns} cột")
                return 2
            rows = sheet.to_python(skip_empty_area=False)
    except MemoryError:
        return 3
    except Exception as error:
        sys.stderr.write(f"Không đọc được bảng tính XLSX (tệp hỏng hoặc không đúng định dạng): {error}"[:500])
        return 2
    sys.stdout.buffer.write(msgspec.msgpack.encode([[_freeze(c) for c in row] for row in rows]))
    return 0


if __name__ == "__main__":  # pragma: no cover - the child process
    sys.exit(_child(sys.argv[1:]))
