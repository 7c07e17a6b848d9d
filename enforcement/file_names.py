"""Download names of issued documents that say what they are and whose case they belong to.

``15/QĐ-XPHC`` of 2026 on the case of unit ``HN0001D`` downloads as
``QD-XPHC-15-2026-HN0001D.pdf``: ASCII only (every browser, e-mail client and file system
keeps it), the register's symbol first so that a folder sorts documents by kind.  A
document without a number (a draft, a statement) is named by its kind's title instead.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _

from enforcement.errors import DomainError


def ascii_slug(text: str) -> str:
    """``Quyết định xử phạt`` → ``Quyet-dinh-xu-phat``: Vietnamese letters without marks, words joined by ``-``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")


def document_file_name(number_text: str | None, title: str, year: int, unit_code: str, document_id: int) -> str:
    """The PDF's download name (see the module's docstring)."""
    unit = ascii_slug(unit_code) or "HS"
    if number_text and "/" in number_text:
        number, symbol = number_text.split("/", 1)
        return f"{ascii_slug(symbol)}-{ascii_slug(number)}-{year}-{unit}.pdf"
    return f"{ascii_slug(title)[:60].rstrip('-')}-{year}-{unit}-{document_id}.pdf"


class BadFileName(DomainError):
    """An uploaded file's name that cannot be kept: it holds control characters (NUL, line breaks…)."""

    status = 400


def _refused_characters() -> str:
    """The characters ``upload_name`` refuses, as the body of a regular expression's character class
    (control characters as escapes, the others literally: both Python and the API's validator read it)."""
    chars = [chr(c) for c in range(0x110000)
             if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp") and chr(c) != "\u200d"]
    out, start = [], None
    for index, char in enumerate(chars):
        if start is None:
            start = char
        last = index + 1 == len(chars) or ord(chars[index + 1]) != ord(char) + 1
        if last:
            def show(c: str) -> str:
                return f"\\x{ord(c):02x}" if ord(c) < 0xA0 else c
            out.append(show(start) if start == char else f"{show(start)}-{show(char)}")
            start = None
    return "".join(out)


UPLOAD_NAME_PATTERN = f"^[^{_refused_characters()}]*$"
"""A file name ``upload_name`` keeps (the API's schema of a ``file_name``)."""


def upload_name(raw: str | None, default: str) -> str:
    """An uploaded file's name as it may be stored and shown: NFC, no directory part, ≤ 255 characters.

    A name holding a control character (NUL, a line break, an escape…) is refused rather than
    repaired: it is never a name a person gave a file, and NUL breaks PostgreSQL, the session
    cookie and the logs.

    :raises BadFileName: with the message to show (400).
    """
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c != "\u200d" for c in name):
        raise BadFileName(
            _("Tên tệp chứa ký tự điều khiển (ví dụ NUL hoặc xuống dòng): hãy đổi tên tệp rồi tải lên lại."),
            field="file",
        )
    return name.lstrip(".")[:255] or default
