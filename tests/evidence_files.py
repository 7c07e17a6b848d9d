"""Small real files of every accepted evidence kind, and hostile ones, built in memory for the tests."""

from __future__ import annotations

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "</Types>"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
)


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


def png() -> bytes:
    return image("PNG")


def jpeg() -> bytes:
    return image("JPEG")


def xlsx(rows: list[list[object]] | None = None) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Bảng lương")
    for r, row in enumerate(rows or [["Họ tên", "Lương"], ["Nguyễn Văn A", 8_500_000]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return out.getvalue()


def docx(text: str = "Biên bản giao nhận quyết định", *, main: str = DOCX_MAIN,
         extra: dict[str, str | bytes] | None = None, document: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=main))
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", document if document is not None else DOCUMENT.format(text=text))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def png_svg_polyglot() -> bytes:
    """The 79-byte file of issue 12 item 2: the PNG signature followed by SVG."""
    return b"\x89PNG\r\n\x1a\n" + b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'[:71]


def zip_bomb_docx(unpacked: int = 300 * 1024 * 1024) -> bytes:
    """A DOCX whose document part unpacks to ``unpacked`` bytes of zeros (about 300 KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=DOCX_MAIN))
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                stream.write(chunk)
    return out.getvalue()


def huge_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A PNG declaring ``width`` × ``height`` pixels (400 Mpx) in a few hundred kilobytes."""
    out = io.BytesIO()
    Image.new("1", (width, height), 0).save(out, format="PNG")
    return out.getvalue()
