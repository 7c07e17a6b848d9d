"""Issue 12 item 2: one bad evidence item never stops the referral dossier, and it can be withdrawn.

Before the fix a stored item that did not decode (the PNG-signature + SVG polyglot)
made ``draft_referral`` fail with ``OSError: Truncated File Read`` every time, and
evidence being append-only, only a DBA could unblock the case.  Items stored
before uploads were decoded (or altered in the database) can still be bad, so:

* the dossier builder leaves out an item that does not read and lists it as
  unreadable on its checklist page; the checklist (and so the approval guard)
  names it and says to withdraw it and upload a readable copy;
* the uploader or a supervisor withdraws it: a withdrawal row and an event,
  the item's row and bytes kept, the dossier and the checklist leave it out.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from enforcement.errors import GuardRejected
from enforcement.extensions import db
from enforcement.models import CaseEvent, CopyForm, Document, Evidence, EvidenceCategory, EvidenceWithdrawal
from enforcement.services import documents as docs
from enforcement.services import evidence, sanctions
from enforcement.services.audit import SUMMARY_TEXT
from enforcement.services.case_view import missing_items_of
from enforcement.services.checklist import UNREADABLE_KEY
from enforcement.workflow import CaseState, DocKind
from tests import evidence_files as files
from tests.builders import evading_world, to_concluded, to_penalized
from tests.pdf.helpers import flat, page_texts


def _stored(world, name: str, data: bytes, category: EvidenceCategory, *, sha256: str | None = None,
            mime: str = "image/png") -> Evidence:
    """A row as an upload before content checks stored it (straight into the table)."""
    item = Evidence(case_id=world.case.id, office_id=world.office.id, category=category, description="",
                    copy_form=CopyForm.ORIGINAL, file_name=name, mime=mime, size=len(data),
                    sha256=sha256 or hashlib.sha256(data).hexdigest(), data=data, uploaded_by_id=world.inspector.id)
    db.session.add(item)
    db.session.commit()
    return item


def _latest(world, kind: DocKind) -> Document:
    return db.session.scalars(db.select(Document).where(Document.case_id == world.case.id, Document.kind == kind.value)
                              .order_by(Document.id.desc())).first()


def _front(pdf: bytes) -> str:
    return flat(next(t for t in page_texts(pdf) if "DANH MỤC TÀI LIỆU CHỨNG MINH" in t))


@pytest.fixture
def penalized(ctx):
    world = evading_world()
    to_concluded(world)
    to_penalized(world)
    row = sanctions.decision_of_case(world.case.id)
    sanctions.update_decision(row, actor=world.legal, received_on=row.decision_date + timedelta(days=1))
    db.session.commit()
    return world


def _complete(world) -> None:
    """Every uploaded paper the checklist asks for, through the real upload (decoded)."""
    for category, name in ((EvidenceCategory.SERVICE_PROOF, "bao-phat.png"),
                           (EvidenceCategory.ENROLLED_WORKERS, "dang-tham-gia.pdf"),
                           (EvidenceCategory.REQUIRED_WORKERS, "thuoc-dien.xlsx")):
        data = {"png": files.png(), "pdf": files.pdf(), "xlsx": files.xlsx()}[name.rsplit(".", 1)[1]]
        evidence.upload(world.case.id, data, name, category.value, name, world.inspector, copy_form="original")


def test_the_polyglot_stored_before_the_fix_no_longer_blocks_the_draft_and_is_named(penalized):
    world, t = penalized, penalized.today
    _complete(world)
    bad = _stored(world, "polyglot.png", files.png_svg_polyglot(), EvidenceCategory.PAYMENT_PROOF)
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, t)  # was: OSError, a 500, for ever
    assert world.case.state == CaseState.REFERRAL_DRAFTED
    draft = docs.verified_bytes(_latest(world, DocKind.REFERRAL_DRAFT))
    front = _front(draft)
    assert "Tài liệu không đọc được, không đưa vào hồ sơ" in front and "polyglot.png" in front
    assert "polyglot.png" not in flat(" ".join(page_texts(draft)).split("MỤC LỤC", 1)[1].split("DANH MỤC", 1)[0])
    missing = missing_items_of(world.case)
    assert [m.key for m in missing] == [UNREADABLE_KEY]
    assert "polyglot.png" in missing[0].message and "rút tài liệu" in missing[0].message
    approve = {"approval_date": t, "agency": "Cơ quan CSĐT Công an TP Hà Nội", "signer_id": world.signer.id}
    with pytest.raises(GuardRejected) as blocked:
        world.fire("approve_referral", world.supervisor, approve, t)
    assert "polyglot.png" in " ".join(blocked.value.details["reasons"])

    evidence.withdraw(world.case.id, bad.id, "Tệp hỏng, không phải ảnh", world.supervisor)
    assert missing_items_of(world.case) == []
    world.fire("approve_referral", world.supervisor, approve, t)
    assert world.case.state == CaseState.REFERRAL_APPROVED
    final = page_texts(docs.verified_bytes(_latest(world, DocKind.REFERRAL_DOSSIER)))
    front = flat(" ".join(t for t in final if "MỤC LỤC" in t or "DANH MỤC TÀI LIỆU CHỨNG MINH" in t))
    assert "polyglot.png" not in front and "không đọc được" not in front
    start = next(i for i, t in enumerate(final) if "NHẬT KÝ HỒ SƠ" in t)
    timeline = flat(" ".join(final[start:]))
    assert "Rút tài liệu: polyglot.png (lý do: Tệp hỏng, không phải ảnh)" in timeline
    assert db.session.get(Evidence, bad.id).data == files.png_svg_polyglot()  # the row is kept


def test_bytes_altered_in_the_database_are_left_out_and_said_so(penalized):
    world = penalized
    _complete(world)
    _stored(world, "sua-trong-csdl.png", files.png(), EvidenceCategory.OTHER, sha256="0" * 64)
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, world.today)
    front = _front(docs.verified_bytes(_latest(world, DocKind.REFERRAL_DRAFT)))
    assert "sua-trong-csdl.png — tệp đã bị thay đổi sau khi tải lên" in front
    assert [m.key for m in missing_items_of(world.case)] == [UNREADABLE_KEY]


def test_a_withdrawn_paper_no_longer_counts_and_the_timeline_says_who_and_why(penalized):
    world = penalized
    _complete(world)
    assert missing_items_of(world.case) == []
    enrolled = db.session.scalar(db.select(Evidence).where(Evidence.case_id == world.case.id,
                                                           Evidence.category == EvidenceCategory.ENROLLED_WORKERS))
    row = evidence.withdraw(world.case.id, enrolled.id, "  Nhầm danh sách của tháng khác ", world.inspector)
    assert row.reason == "Nhầm danh sách của tháng khác" and row.withdrawn_by_id == world.inspector.id
    assert [m.key for m in missing_items_of(world.case)] == ["enrolled_workers"]
    event = db.session.scalars(db.select(CaseEvent).where(CaseEvent.case_id == world.case.id)
                               .order_by(CaseEvent.seq.desc())).first()
    assert event.action == "evidence" and event.actor_id == world.inspector.id
    assert event.details == {"evidence_id": enrolled.id, "withdrawn": True, "file_name": "dang-tham-gia.pdf",
                             "sha256": enrolled.sha256, "reason": "Nhầm danh sách của tháng khác",
                             # the summary's template, for pages in another language (services.audit.new_event)
                             SUMMARY_TEXT: {"msgid": "Rút tài liệu: %(name)s (lý do: %(reason)s)",
                                            "params": {"name": "dang-tham-gia.pdf",
                                                       "reason": "Nhầm danh sách của tháng khác"}}}
    assert "Rút tài liệu: dang-tham-gia.pdf" in event.summary
    assert db.session.get(Evidence, enrolled.id) is not None


def test_a_spreadsheet_goes_into_the_dossier_as_a_page_naming_the_file_and_its_hash(penalized):
    world = penalized
    _complete(world)
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, world.today)
    texts = page_texts(docs.verified_bytes(_latest(world, DocKind.REFERRAL_DRAFT)))
    sheet = db.session.scalar(db.select(Evidence).where(Evidence.file_name == "thuoc-dien.xlsx"))
    page = flat(next(t for t in texts if "TÀI LIỆU KÈM THEO DẠNG TỆP ĐIỆN TỬ" in t))
    assert "thuoc-dien.xlsx" in page and sheet.sha256 in page.replace(" ", "") and "bảng tính Excel (XLSX)" in page
    assert "Danh sách người lao động thuộc diện phải tham gia BHXH, BHYT, BHTN Có" in _front(
        docs.verified_bytes(_latest(world, DocKind.REFERRAL_DRAFT)))


def test_withdrawals_are_append_only(penalized):
    from enforcement.models import AppendOnlyError

    world = penalized
    _complete(world)
    item = db.session.scalars(db.select(Evidence).where(Evidence.case_id == world.case.id)).first()
    row = evidence.withdraw(world.case.id, item.id, "Trùng", world.supervisor)
    row = db.session.get(EvidenceWithdrawal, row.id)
    row.reason = "khác"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
