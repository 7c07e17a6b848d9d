"""The Article 216 referral dossier (issue 6; PRODUCT §6; LEGAL.md Part B §7, BCA letter 5659).

A case walks the workflow to ``referral_drafted`` (tests/builders.py); the draft and
the approved dossier are read back with pypdf: the table of contents against the pages,
the checklist, the stamps and the watermark, and the earlier documents' own content.
"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import timedelta

import pytest
from PIL import Image

from enforcement.errors import GuardRejected
from enforcement.extensions import db
from enforcement.models import CopyForm, Document, Evidence, EvidenceCategory
from enforcement.pdf.render import html_to_pdf
from enforcement.services import documents as docs
from enforcement.services import sanctions
from enforcement.services.case_view import missing_items_of
from enforcement.services.dossier import CHECKLIST
from enforcement.workflow import CaseState, DocKind
from tests.builders import evading_world, to_concluded, to_penalized
from tests.pdf.helpers import flat, page_texts, reader

ENROLLED_TEXT = "DANH SÁCH NGƯỜI LAO ĐỘNG ĐANG THAM GIA BHXH"


@pytest.fixture
def drafted(ctx):
    world = evading_world()
    to_concluded(world)
    to_penalized(world)
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, world.today)
    assert world.case.state == CaseState.REFERRAL_DRAFTED
    return world


def _document(world, kind: DocKind) -> Document:
    return db.session.scalars(
        db.select(Document).where(Document.case_id == world.case.id, Document.kind == kind.value)
        .order_by(Document.id.desc())
    ).first()


def _upload(world, category: EvidenceCategory, name: str, mime: str, data: bytes,
            copy_form: CopyForm | None = CopyForm.ORIGINAL) -> None:
    db.session.add(Evidence(case_id=world.case.id, office_id=world.office.id, category=category,
                            description=name, file_name=name, mime=mime, size=len(data),
                            sha256=hashlib.sha256(data).hexdigest(), data=data,
                            copy_form=copy_form))
    db.session.commit()


def _serve(world) -> None:
    """The decision's receipt date in the sanction history, and the signed delivery note uploaded."""
    row = sanctions.decision_of_case(world.case.id)
    sanctions.update_decision(row, actor=world.legal, received_on=row.decision_date + timedelta(days=1))
    db.session.commit()
    _upload(world, EvidenceCategory.SERVICE_PROOF, "giao-quyet-dinh.png", "image/png", _png())


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 1100), "white").save(out, format="PNG")
    return out.getvalue()


def toc_entries(texts: list[str]) -> list[tuple[str, int]]:
    """``(title, page)`` of each line of the table of contents, read from the extracted text."""
    toc_page = next(i for i, t in enumerate(texts) if "MỤC LỤC" in t)
    text = flat(re.split(r"DỰ THẢO|Hồ sơ ", texts[toc_page].split("MỤC LỤC", 1)[1], maxsplit=1)[0])
    entries, k = [], 1
    while (start := text.find(f"{k}. ")) != -1:
        end = text.find(f" {k + 1}. ", start)
        chunk = text[start + len(f"{k}. "): end if end != -1 else len(text)]
        title, page = chunk.rsplit(" ", 1)
        entries.append((title, int(page)))
        text, k = text[end:] if end != -1 else "", k + 1
    return entries


def _marker(title: str) -> str:
    """Text that the first page of the part named ``title`` carries."""
    if title.startswith("Văn bản kiến nghị"):
        return "V/v kiến nghị khởi tố vụ án hình sự"
    if title.startswith("Tóm tắt"):
        return "TÓM TẮT SỰ VIỆC"
    if title.startswith("Bảng kê"):
        return "BẢNG KÊ SỐ TIỀN CHẬM ĐÓNG"
    if title.startswith("Nhật ký"):
        return "NHẬT KÝ HỒ SƠ"
    if title.startswith("Tài liệu kèm theo: enrolled"):
        return ENROLLED_TEXT
    if title.startswith("Tài liệu kèm theo"):
        return ""  # a scanned image: no text, checked by page size
    number = re.search(r" số (\S+) ngày", title)
    assert number, title
    return f"Số: {number.group(1)}"


def _check_contents_against_pages(texts: list[str]) -> list[tuple[str, int]]:
    entries = toc_entries(texts)
    assert len(entries) >= 10
    pages = [page for _title, page in entries]
    assert pages == sorted(pages) and pages[-1] <= len(texts)
    for title, page in entries:
        on_page = flat(texts[page - 1])
        assert _marker(title) in on_page, (title, page)
        assert f"trang {page}/{len(texts)}" in on_page
        if page > 1:
            assert not _marker(title) or _marker(title) not in flat(texts[page - 2]) or title.startswith("Văn bản đôn")
    return entries


def test_the_draft_dossier_has_real_page_numbers_a_checklist_and_a_watermark_on_every_page(drafted):
    draft = _document(drafted, DocKind.REFERRAL_DRAFT)
    pdf = docs.verified_bytes(draft)
    texts = page_texts(pdf)
    entries = _check_contents_against_pages(texts)
    assert [title for title, _ in entries][:3] == [
        "Văn bản kiến nghị khởi tố",
        "Tóm tắt sự việc, đánh giá theo Điều 216 Bộ luật Hình sự và người lao động bị ảnh hưởng",
        "Bảng kê số tiền trốn đóng, chậm đóng theo từng tháng và tiền lãi",
    ]
    assert entries[-1][0] == "Nhật ký hồ sơ"
    cover = flat(texts[0])
    for part in (drafted.office.name.upper(), drafted.employer.name, f"Số hồ sơ: {drafted.office.code}-",
                 "ngày 25 tháng 11 năm 2026", "DỰ THẢO"):
        assert part in cover, part
    for n, text in enumerate(texts, start=1):
        assert "DỰ THẢO" in text and f"trang {n}/{len(texts)}" in text
    checklist_page = next(i for i, t in enumerate(texts, start=1) if "DANH MỤC TÀI LIỆU CHỨNG MINH" in t)
    assert checklist_page < entries[0][1]  # the checklist comes before the recommendation
    checklist = flat(texts[checklist_page - 1])
    assert "Danh sách người lao động đang tham gia BHXH, BHYT, BHTN THIẾU" in checklist
    assert "Quyết định kiểm tra Có" in checklist
    facts = flat(" ".join(texts[entries[1][1] - 1: entries[2][1] - 1]))
    for criterion in ("C1.", "C2. Thời gian trốn đóng", "C3. Số tiền trốn đóng", "C4. Số người lao động",
                      "C5.", "C6. Vẫn còn vi phạm", "Đạt", "Người lao động bị ảnh hưởng"):
        assert criterion in facts, criterion
    _check_earlier_documents_are_the_issued_pages(drafted, pdf, dict(entries))


def _check_earlier_documents_are_the_issued_pages(drafted, pdf: bytes, entries: dict[str, int]) -> None:
    """The pages of earlier documents keep their own content streams: copied, not re-rendered."""
    dossier = reader(pdf)
    for kind in (DocKind.INSPECTION_DECISION, DocKind.PENALTY_DECISION):
        document = _document(drafted, kind)
        first = next(page for title, page in entries.items() if f"số {document.number_text} " in f"{title} ")
        for i, page in enumerate(reader(docs.verified_bytes(document)).pages):
            original = page["/Contents"].get_object()
            original = list(original) if isinstance(original, list) else [page["/Contents"]]
            stamped = list(dossier.pages[first - 1 + i]["/Contents"].get_object())
            assert [c.get_object().get_data() for c in stamped[1:-1]] == [c.get_object().get_data() for c in original]


def test_the_worker_lists_unblock_approval_and_the_final_dossier_is_clean(drafted):
    world, t = drafted, drafted.today
    approve = {"approval_date": t, "agency": "Cơ quan Cảnh sát điều tra Công an TP Hà Nội",
               "signer_id": world.signer.id}
    labels = {item.key: item.label for item in CHECKLIST}
    assert [m.key for m in missing_items_of(world.case)] == ["service_proof", "enrolled_workers", "required_workers"]
    _serve(world)
    assert [m.message for m in missing_items_of(world.case)] == [labels["enrolled_workers"], labels["required_workers"]]
    with pytest.raises(GuardRejected) as blocked:
        world.fire("approve_referral", world.supervisor, approve, t)
    assert labels["enrolled_workers"] in " ".join(blocked.value.details["reasons"])
    enrolled = html_to_pdf(f'<!doctype html><meta charset="utf-8"><h1>{ENROLLED_TEXT}</h1>', variant=None)
    _upload(world, EvidenceCategory.ENROLLED_WORKERS, "enrolled.pdf", "application/pdf", enrolled)
    with pytest.raises(GuardRejected):
        world.fire("approve_referral", world.supervisor, approve, t)
    _upload(world, EvidenceCategory.REQUIRED_WORKERS, "required.png", "image/png", _png())
    assert [m.message for m in missing_items_of(world.case)] == []
    world.fire("approve_referral", world.supervisor, approve, t + timedelta(days=0))
    assert world.case.state == CaseState.REFERRAL_APPROVED
    final = docs.verified_bytes(_document(world, DocKind.REFERRAL_DOSSIER))
    texts = page_texts(final)
    assert not any("DỰ THẢO" in text for text in texts)
    entries = _check_contents_against_pages(texts)
    recommendation = _document(world, DocKind.RECOMMENDATION)
    assert f"Số: {recommendation.number_text}" in flat(texts[entries[0][1] - 1])
    image_page = next(page for title, page in entries if title == "Tài liệu kèm theo: required.png (bản chính)")
    box = reader(final).pages[image_page - 1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # the image on an A4 page
    checklist = flat(next(t for t in texts if "DANH MỤC TÀI LIỆU CHỨNG MINH" in t))
    assert "THIẾU" not in checklist
    pages = dict(entries)
    enrolled_page = pages["Tài liệu kèm theo: enrolled.pdf (bản chính)"]
    assert f"Danh sách người lao động đang tham gia BHXH, BHYT, BHTN Có {enrolled_page}" in checklist


def _complete(world) -> None:
    _serve(world)
    _upload(world, EvidenceCategory.ENROLLED_WORKERS, "enrolled.png", "image/png", _png())
    _upload(world, EvidenceCategory.REQUIRED_WORKERS, "required.png", "image/png", _png(), CopyForm.CERTIFIED_COPY)


def test_part_b_7_the_reminders_sent_are_a_checklist_item(drafted):
    labels = {item.key: item.label for item in CHECKLIST}
    assert "Luật Bảo hiểm xã hội 2024 Điều 39 khoản 1 điểm đ" in labels["reminders"]
    assert "reminders" not in [m.key for m in missing_items_of(drafted.case)]  # the builder sent demand notices


def test_part_b_7_proof_of_service_needs_the_receipt_date_and_the_uploaded_proof(drafted):
    world = drafted
    _upload(world, EvidenceCategory.SERVICE_PROOF, "bao-phat.png", "image/png", _png())
    found = next(m for m in missing_items_of(world.case) if m.key == "service_proof")
    assert "ghi ngày đơn vị nhận" in found.message and "phiếu báo phát (mục" not in found.message
    row = sanctions.decision_of_case(world.case.id)
    sanctions.update_decision(row, actor=world.legal, received_on=row.decision_date)
    db.session.commit()
    assert "service_proof" not in [m.key for m in missing_items_of(world.case)]


def test_part_b_7_a_file_without_its_copy_form_blocks_approval_and_is_named(drafted):
    world, t = drafted, drafted.today
    _complete(world)
    _upload(world, EvidenceCategory.OTHER, "cu.png", "image/png", _png(), None)
    missing = missing_items_of(world.case)
    assert [m.key for m in missing] == ["copy_forms"]
    assert "tải lại cu.png" in missing[0].message
    with pytest.raises(GuardRejected) as blocked:
        world.fire("approve_referral", world.supervisor,
                   {"approval_date": t, "agency": "Cơ quan CSĐT", "signer_id": world.signer.id}, t)
    assert "cu.png" in " ".join(blocked.value.details["reasons"])


def test_part_b_7_payroll_is_required_only_when_the_inspection_used_it(drafted):
    world = drafted
    _complete(world)
    assert missing_items_of(world.case) == []
    from enforcement.services.checklist import ChecklistFacts, missing_items

    used = ChecklistFacts(payroll_used=True, decision_received=True)
    assert [m.key for m in missing_items(world.case, used)] == ["payroll"]
    _upload(world, EvidenceCategory.PAYROLL, "luong.png", "image/png", _png(), CopyForm.ELECTRONIC_CONVERSION)
    assert missing_items(world.case, used) == []
