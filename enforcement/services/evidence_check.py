"""Evidence files judged by their content, fully decoded in a limited child process (issue 12 item 2, issue 17).

An office receives PDFs, scans (PNG, JPEG), spreadsheets (XLSX) and letters
(DOCX).  A file is accepted only when it *decodes* as one of them, whatever its
name or the browser's content type say:

* PDF — pypdf opens it (an owner password alone is lifted; a user password is
  refused), every page's content streams are decoded, and the whole document
  is copied into a new PDF the way the referral dossier copies it;
* PNG, JPEG — Pillow identifies the same format as the first bytes say,
  ``verify()`` passes (PNG checksums) and ``load()`` decodes every pixel; an
  image over ``MAX_PIXELS`` is refused before its pixels are decoded
  (Pillow's decompression-bomb limit is set to the same number);
* XLSX — the zip passes ``workbook.check_archive`` (parts, encryption, total
  size, compression ratio, declared sheet dimension) and every sheet is read;
* DOCX — the zip passes the same directory checks, ``[Content_Types].xml``,
  ``_rels/.rels`` and ``word/document.xml`` are there and parse (no DTD, no
  entities, no network), no macros and no external relationship other than a
  hyperlink (a remote template or picture would be fetched by Word when the
  file is opened).

Zip archives are classified by ``[Content_Types].xml`` (the main part's
content type), never by their name: a macro-enabled workbook or an old binary
``.doc``/``.xls`` is refused with a message saying how to save it.

Decoding runs in a child process (this file, run by the same interpreter with
``-I``) whose address space and CPU time are capped with ``resource.setrlimit``
and whose wall time is bounded, as for ledger workbooks: a hostile file can
only kill the child, and the caller gets ``ContentRefused`` with a clear
message.  The child answers with a small JSON summary (kind, pages, size).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from typing import Any

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIMES = (PDF, PNG, JPEG, XLSX, DOCX)
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", XLSX: "xlsx", DOCX: "docx"}
KIND_NAMES = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", XLSX: "XLSX", DOCX: "DOCX"}

MAX_PIXELS = 80_000_000  # an A3 page scanned at 600 dpi is 70 Mpx; Pillow's own default is 89 Mpx
MAX_PAGES = 2_000
MAX_ZIP_MEMBERS = 1_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_XML_PART_BYTES = 64 * 1024 * 1024
CHILD_MEMORY_BYTES = 2 * 1024 * 1024 * 1024
CHILD_CPU_SECONDS = 60
CHILD_WALL_SECONDS = 90

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office (.doc, .xls) and encrypted OOXML
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
)
MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
}
MACRO_PARTS = {
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "XLSM",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "DOCM",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "XLTM",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "DOTM",
}
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


class ContentRefused(Exception):
    """The file does not decode as an accepted kind (Vietnamese message, for the ``file`` field)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Checked:
    """What decoding found: the kind, and pages (PDF), pixels (images) or sheets (XLSX)."""

    mime: str
    pages: int = 0
    width: int = 0
    height: int = 0
    sheets: int = 0


def sniff(data: bytes) -> str | None:
    """The kind ``data`` claims by its first bytes: PDF, PNG, JPEG, or ``zip``/``ole`` (to look into), else None."""
    for magic, mime in MAGIC:
        if data.startswith(magic):
            return mime
    if data.startswith(ZIP_MAGIC):
        return "zip"
    if data.startswith(OLE_MAGIC):
        return "ole"
    return None


def check(data: bytes) -> Checked:
    """Decode ``data`` fully (see the module docstring) and say what it is.

    :raises ContentRefused: empty, not one of the accepted kinds, or it does not decode.
    """
    if not data:
        raise ContentRefused("Tệp rỗng.")
    claimed = sniff(data)
    if claimed is None:
        raise ContentRefused("Chỉ nhận tệp PDF, ảnh PNG/JPEG, bảng tính XLSX hoặc văn bản DOCX (xét theo nội dung "
                             "tệp, không theo tên tệp).")
    if claimed == "ole":
        raise ContentRefused("Tệp Word/Excel dạng cũ (.doc, .xls) hoặc tệp Office đặt mật khẩu: hãy mở tệp và lưu "
                             "lại dạng .docx hoặc .xlsx, không đặt mật khẩu.")
    if claimed == "zip":
        claimed = office_kind(data)
        if claimed == XLSX:
            from enforcement.services.workbook import WorkbookRefused, check_archive

            try:
                check_archive(data)
            except WorkbookRefused as refused:
                raise ContentRefused(refused.message) from refused
    return _decode_in_child(claimed, data)


# --- zip archives (XLSX, DOCX) ---------------------------------------------------------------------


def _safe_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True)


def parse_xml(data: bytes, what: str) -> Any:
    """Parse one XML part without DTD, entities or network; a part declaring a DTD is refused."""
    from lxml import etree

    try:
        root = etree.fromstring(data, _safe_parser())
    except etree.XMLSyntaxError as error:
        raise ContentRefused(f"Thành phần {what} của tệp không phải XML hợp lệ ({str(error)[:120]}).") from error
    if root.getroottree().docinfo.doctype:
        raise ContentRefused(f"Thành phần {what} của tệp có khai báo DOCTYPE: không nhận.")
    return root


def zip_directory(data: bytes) -> zipfile.ZipFile:
    """Open the zip after checking its directory only (no part is unpacked): parts, encryption, size, ratio.

    :raises ContentRefused: a broken archive or one that could exhaust whoever unpacks it.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ContentRefused(f"Tệp nén (Office) bị hỏng, không đọc được ({error}).") from error
    from enforcement.services.workbook import zip_problem

    problem = zip_problem(archive, noun="Tệp", max_members=MAX_ZIP_MEMBERS, max_unpacked=MAX_UNPACKED_BYTES)
    if problem:
        archive.close()
        raise ContentRefused(problem + ".")
    return archive


def read_part(archive: zipfile.ZipFile, name: str, limit: int = MAX_XML_PART_BYTES) -> bytes:
    """One part's bytes (at most ``limit``), or ContentRefused naming the missing or broken part."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ContentRefused(f"Tệp thiếu thành phần bắt buộc {name}: không phải tệp XLSX/DOCX hợp lệ.") from None
    if info.file_size > limit:
        raise ContentRefused(f"Thành phần {name} quá lớn ({info.file_size // 1048576} MB).")
    # zipfile raises NotImplementedError for a compression method it does not know (a crafted or exotic file):
    # that is a refused file like any other broken part.
    unreadable = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError)
    try:
        with archive.open(info) as stream:
            return stream.read(limit + 1)[:limit]
    except unreadable as error:
        raise ContentRefused(f"Không giải nén được thành phần {name} ({error}).") from error


def office_kind(data: bytes) -> str:
    """XLSX or DOCX, by the main part's content type in ``[Content_Types].xml``.

    :raises ContentRefused: another zip, a macro-enabled document, or a broken package.
    """
    with zip_directory(data) as archive:
        types = parse_xml(read_part(archive, "[Content_Types].xml", 4 * 1024 * 1024), "[Content_Types].xml")
    if types.tag != f"{CONTENT_TYPES_NS}Types":
        raise ContentRefused("Tệp nén không phải tài liệu Office (XLSX/DOCX).")
    declared = [node.get("ContentType", "") for node in types.iter(f"{CONTENT_TYPES_NS}Override")]
    for content_type in declared:
        if content_type in MACRO_PARTS:
            raise ContentRefused(f"Tệp {MACRO_PARTS[content_type]} có macro: hãy lưu lại dạng .xlsx/.docx "
                                 "không có macro.")
    kinds = {MAIN_PARTS[c] for c in declared if c in MAIN_PARTS}
    if len(kinds) != 1:
        raise ContentRefused("Tệp nén không phải bảng tính XLSX hay văn bản DOCX (xét theo nội dung tệp).")
    return kinds.pop()


# --- the child process -----------------------------------------------------------------------------


def _decode_in_child(mime: str, data: bytes) -> Checked:
    command = [sys.executable, "-I", __file__, mime, str(CHILD_MEMORY_BYTES), str(CHILD_CPU_SECONDS)]
    try:
        done = subprocess.run(  # noqa: S603 - our own module, no shell
            command, input=data, capture_output=True, timeout=CHILD_WALL_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise ContentRefused(f"Đọc tệp quá {CHILD_WALL_SECONDS} giây: tệp quá lớn hoặc có cấu trúc bất thường."
                             ) from error
    if done.returncode == 2:
        raise ContentRefused(done.stderr.decode("utf-8", "replace").strip()[-500:])
    if done.returncode != 0:
        raise ContentRefused(
            f"Không đọc được tệp {KIND_NAMES[mime]}: việc giải mã vượt giới hạn bộ nhớ hoặc thời gian xử lý "
            f"(mã kết thúc {done.returncode}); tệp quá lớn hoặc có cấu trúc bất thường."
        )
    summary = json.loads(done.stdout)
    return Checked(mime=mime, pages=summary.get("pages", 0), width=summary.get("width", 0),
                   height=summary.get("height", 0), sheets=summary.get("sheets", 0))


def _pdf(data: bytes) -> dict[str, int]:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ContentRefused("PDF đặt mật khẩu mở tệp: hãy gửi bản không đặt mật khẩu.")
    try:
        count = len(reader.pages)
    except FileNotDecryptedError as error:
        raise ContentRefused("PDF đặt mật khẩu mở tệp: hãy gửi bản không đặt mật khẩu.") from error
    if count == 0:
        raise ContentRefused("PDF không có trang nào (tệp hỏng hoặc bị cắt cụt).")
    if count > MAX_PAGES:
        raise ContentRefused(f"PDF có {count} trang, vượt giới hạn {MAX_PAGES} trang.")
    for page in reader.pages:
        box = page.mediabox
        if float(box.width) <= 0 or float(box.height) <= 0:
            raise ContentRefused("PDF có trang không có kích thước (tệp hỏng).")
        contents = page.get_contents()
        if contents is not None:
            contents.get_data()
    writer = PdfWriter()  # exactly what the referral dossier does with it
    writer.append(reader, import_outline=False, excluded_fields=["/Annots", "/B"])
    writer.write(io.BytesIO())
    return {"pages": count}


def _image(mime: str, data: bytes) -> dict[str, int]:
    import warnings

    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    expected = {PNG: "PNG", JPEG: "JPEG"}[mime]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size
                image.verify()
        except UnidentifiedImageError:
            raise ContentRefused(f"Tệp bắt đầu như ảnh {expected} nhưng nội dung không phải ảnh {expected} đọc được "
                                 "(tệp hỏng hoặc giả dạng).") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ContentRefused(f"Ảnh quá lớn (vượt {MAX_PIXELS // 1_000_000} triệu điểm ảnh): hãy quét lại "
                                 "ở độ phân giải thấp hơn.") from None
        if width * height > MAX_PIXELS:
            raise ContentRefused(f"Ảnh {width} × {height} điểm ảnh, vượt giới hạn {MAX_PIXELS // 1_000_000} triệu "
                                 "điểm ảnh: hãy quét lại ở độ phân giải thấp hơn.")
        with Image.open(io.BytesIO(data), formats=[expected]) as image:
            image.load()
    return {"width": width, "height": height}


def _xlsx(data: bytes) -> dict[str, int]:
    from python_calamine import CalamineWorkbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parse_xml(read_part(archive, "xl/workbook.xml"), "xl/workbook.xml")
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    if not workbook.sheet_names:
        raise ContentRefused("Bảng tính không có trang tính nào.")
    for name in workbook.sheet_names:
        for _row in workbook.get_sheet_by_name(name).iter_rows():
            pass
    return {"sheets": len(workbook.sheet_names)}


def _docx(data: bytes) -> dict[str, int]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = parse_xml(read_part(archive, "_rels/.rels"), "_rels/.rels")
        targets = [r.get("Target", "").lstrip("/") for r in rels.iter(f"{RELATIONSHIPS_NS}Relationship")
                   if r.get("Type", "").endswith("/officeDocument")]
        if targets != ["word/document.xml"]:
            raise ContentRefused("Văn bản DOCX không trỏ tới phần nội dung word/document.xml.")
        document = parse_xml(read_part(archive, "word/document.xml"), "word/document.xml")
        if document.tag != f"{WORD_NS}document":
            raise ContentRefused("Phần word/document.xml không phải nội dung văn bản Word.")
        for name in archive.namelist():
            lowered = name.lower()
            if lowered.endswith("vbaproject.bin"):
                raise ContentRefused("Văn bản có macro (vbaProject.bin): hãy lưu lại dạng .docx không có macro.")
            if lowered.endswith((".xml", ".rels")):
                root = parse_xml(read_part(archive, name), name[:80])
                if lowered.endswith(".rels"):
                    _no_external_targets(root, name)
    return {"pages": 0}


def _no_external_targets(rels: Any, name: str) -> None:
    for relation in rels.iter(f"{RELATIONSHIPS_NS}Relationship"):
        if relation.get("TargetMode") == "External" and relation.get("Type") != HYPERLINK:
            kind = relation.get("Type", "").rsplit("/", 1)[-1]
            raise ContentRefused(f"Văn bản tham chiếu tài nguyên bên ngoài ({kind} → "
                                 f"{relation.get('Target', '')[:80]}, trong {name[:60]}): Word sẽ tải nó khi mở "
                                 "tệp. Hãy lưu lại văn bản không có liên kết ngoài.")


def _decode(mime: str, data: bytes) -> dict[str, int]:
    if mime == PDF:
        return _pdf(data)
    if mime in (PNG, JPEG):
        return _image(mime, data)
    if mime == XLSX:
        return _xlsx(data)
    return _docx(data)


def _child(argv: list[str]) -> int:  # pragma: no cover - runs in the child process
    import resource

    mime, memory, cpu = argv[0], int(argv[1]), int(argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    import logging

    logging.disable(logging.CRITICAL)  # pypdf's warnings about odd but readable files are not refusals
    data = sys.stdin.buffer.read()
    try:
        summary = _decode(mime, data)
    except ContentRefused as refused:
        sys.stderr.write(refused.message)
        return 2
    except MemoryError:
        return 3
    except RecursionError:
        sys.stderr.write(f"Không đọc được tệp {KIND_NAMES[mime]}: cấu trúc lồng nhau quá sâu (tệp hỏng).")
        return 2
    except Exception as error:
        sys.stderr.write(f"Không đọc được tệp {KIND_NAMES[mime]}: tệp hỏng, bị cắt cụt hoặc không đúng định dạng "
                         f"({type(error).__name__}: {str(error)[:200]})."[:500])
        return 2
    sys.stdout.write(json.dumps(summary))
    return 0


if __name__ == "__main__":  # pragma: no cover - the child process
    sys.exit(_child(sys.argv[1:]))
