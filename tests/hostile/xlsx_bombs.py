"""Hostile workbooks, built in memory (nothing large is kept on disk)."""

from __future__ import annotations

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(sheet_xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A one-sheet XLSX whose sheet part is ``sheet_xml``."""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sheet(cells: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{cells}</sheetData></worksheet>'


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER = '<row r="1">' + "".join(
    inline(f"{col}1", name)
    for col, name in zip("ABCDEFG", ["ma_don_vi", "ma_so_thue", "ten_don_vi", "ky", "phai_dong", "da_dong",
                                     "so_lao_dong"], strict=True)
) + "</row>"


def dimension_bomb() -> bytes:
    """The issue's 1.7 KB file: one cell at XFD1048576, declared as the sheet's dimension."""
    return workbook(sheet(HEADER + f'<row r="1048576">{inline("XFD1048576", "x")}</row>', "A1:XFD1048576"))


def undeclared_far_cell() -> bytes:
    """The same far cell with no ``<dimension>``: only the reader can find it."""
    return workbook(sheet(HEADER + f'<row r="1048576">{inline("XFD1048576", "x")}</row>'))


def zip_bomb(unpacked_mb: int = 300) -> bytes:
    """A sheet padded with ``unpacked_mb`` MB of spaces inside an XML comment (packs ~1000 ×)."""
    buffer = io.BytesIO()
    base = workbook(sheet(HEADER))
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                with out.open(item.filename, "w", force_zip64=True) as stream:
                    stream.write(b"<!--")
                    chunk = b" " * (1024 * 1024)
                    for _ in range(unpacked_mb):
                        stream.write(chunk)
                    stream.write(b"-->" + data)
            else:
                out.writestr(item, data)
    return buffer.getvalue()


def many_members(count: int = 1_500) -> bytes:
    return workbook(sheet(HEADER), {f"xl/media/x{i}.bin": b"" for i in range(count)})


def encrypted_flag() -> bytes:
    """A workbook whose sheet part claims to be encrypted (general purpose bit 0)."""
    data = bytearray(workbook(sheet(HEADER)))
    name = b"xl/worksheets/sheet1.xml"
    central = data.rfind(b"PK\x01\x02" + bytes(0), 0)
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) != -1:
        length = int.from_bytes(data[position + 28: position + 30], "little")
        if data[position + 46: position + 46 + length] == name:
            data[position + 8] |= 0x1
        position += 4
    del central
    return bytes(data)
