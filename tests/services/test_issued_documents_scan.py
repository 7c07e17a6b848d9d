"""Issue 17 / rule of the house 3: every document every step path issues is free of internal notes.

Cases walk the workflow through the real services (``services.cases.fire``): the evasion path from the
demand notice to the handover of the referral (a deputy signing some steps), the late-payment path to a
penalty and a settlement; then each current document of each kind is corrected through the correction
form's service.  Every stored PDF (each ``DocKind``, the draft and the approved referral dossier, the
corrections) is read back as text (pypdf) and scanned as ``tests/pdf/test_official_text.py`` scans the
samples: no rule id, no "LEGAL", no "do pháp chế xác định", no dotted blank, no ISO date or month, no
Python value, no "DEMO", no "Căn cứ" with nothing after it, no field left empty.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from enforcement.extensions import db
from enforcement.models import Document, LedgerRow
from enforcement.services.cases import correct_document
from enforcement.services.documents import employer_figures, verified_bytes
from enforcement.services.legal_params import current_params
from enforcement.workflow import CaseState, DocKind
from tests.builders import MONTHLY_DUE, evading_world, record_violation, to_concluded, to_penalized
from tests.factories import SignerFactory
from tests.pdf.helpers import text_of
from tests.pdf.test_official_text import FORBIDDEN

EMPTY_FIELD = re.compile(r"(?<![\d\w])[^\W\d][\w ]{1,40}:\s*(?:;|,|\.(?!\d)|\)|$)")


def problems(text: str) -> list[str]:
    found = [f"{what}: …{text[max(0, m.start() - 60): m.end() + 40]}…"
             for what, pattern in FORBIDDEN.items() for m in pattern.finditer(text)]
    found += [f"empty field: …{text[max(0, m.start() - 30): m.end() + 30]}…" for m in EMPTY_FIELD.finditer(text)]
    return found


def _documents(case_id: int) -> list[Document]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Document).where(Document.case_id == case_id).order_by(Document.id)))


def _upload_worker_lists(world) -> None:
    from tests.services.test_dossier import _complete

    _complete(world)


def _evasion_path(world) -> None:
    t = world.today
    deputy = SignerFactory(office=world.office, full_name="Trần Thị Minh Hằng", title="Phó Giám đốc", is_deputy=True)
    world.fire("issue_statement", world.inspector, {"issue_date": t - timedelta(days=45), "signer_id": deputy.id},
               t - timedelta(days=45))
    to_concluded(world)
    to_penalized(world)
    world.fire("order_enforcement", world.legal,
               {"decision_date": t - timedelta(days=5), "measure": "account_deduction", "signer_id": deputy.id},
               t - timedelta(days=5))
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, t)
    _upload_worker_lists(world)
    world.fire("approve_referral", world.supervisor,
               {"approval_date": t, "agency": "Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội",
                "signer_id": world.signer.id}, t)
    world.fire("send_referral", world.legal,
               {"agency": "Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội", "dispatch_number": "12/BHXH-TTKT",
                "dispatch_date": t, "receiver": "Nguyễn Văn Bình"}, t)
    assert world.case.state == CaseState.REFERRED


def _late_payment_path(world) -> None:
    to_concluded(world, behaviour="late_payment")
    to_penalized(world)
    payment = LedgerRow(employer_id=world.employer.id, period="2026-11", amount_due=0,
                        amount_paid=MONTHLY_DUE * 30, employees=1)
    db.session.add(payment)
    db.session.commit()
    payment.interest_paid = employer_figures(world.employer.id, world.today, current_params()).interest_accrued
    db.session.commit()
    world.fire("settle", world.supervisor, {"note": "Đơn vị đã nộp đủ"}, world.today)
    assert world.case.state == CaseState.SETTLED


def _repeat_path(world) -> None:
    """LR-SANCTIONS: a live evasion decision entered by hand; the new evasion goes from the conclusion
    to the referral after the violation record (Decree 283/2026 Art. 4(2)(l)): no second penalty."""
    from tests.services.test_sanction_history import _live_evasion_decision

    _live_evasion_decision(world)
    to_concluded(world)
    record_violation(world, world.today - timedelta(days=29))
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, world.today)
    assert world.case.state == CaseState.REFERRAL_DRAFTED and world.case.penalty_decided_on is None


def _transfer_path(world) -> None:
    """LR-COMPETENCE: beyond the director's competence, the file goes to the competent authority."""
    from tests.services.test_transfer_and_remedies import _transfer, director_only

    director_only(world)
    record_violation(world, world.today - timedelta(days=29))
    _transfer(world, world.today - timedelta(days=28))
    assert world.case.state == CaseState.DECISION_TRANSFERRED


def _remedies_path(world) -> None:
    """XLVPHC Art. 65: out of time for a penalty, a decision on the remedial measures alone."""
    record_violation(world, world.today - timedelta(days=29))
    world.fire("issue_remedies", world.legal,
               {"decision_date": world.today, "compliance_days": 10, "signer_id": world.signer.id}, world.today)
    assert world.case.state == CaseState.REMEDIES_ORDERED


@pytest.fixture
def walked(ctx):
    evasion, late, repeat, transfer, remedies = (evading_world() for _ in range(5))
    _evasion_path(evasion)
    _late_payment_path(late)
    _repeat_path(repeat)
    previews = _previews(repeat)
    for world in (transfer, remedies):
        to_concluded(world)
    _transfer_path(transfer)
    _remedies_path(remedies)
    # every current document corrected once, as the form corrects it
    for world in (evasion, late, repeat, transfer, remedies):
        for document in _documents(world.case.id):
            if document.kind in (DocKind.REFERRAL_DRAFT.value,) or any(
                    d.supersedes_id == document.id for d in _documents(world.case.id)):
                continue
            correct_document(world.case.id, document.id, "Sai sót khi đánh máy", world.legal)
    return (evasion, late, repeat, transfer, remedies), previews


def _previews(world) -> dict[str, bytes]:
    """What "Xem trước" shows for the approval of the repeat referral (recommendation and dossier): drafts."""
    from enforcement.services.cases import preview
    from tests.services.test_sanction_history import _upload_papers

    _upload_papers(world)
    before = len(_documents(world.case.id))
    shown = preview(world.case.id, "approve_referral", world.supervisor, today=world.today, data={
        "approval_date": world.today.isoformat(), "agency": "Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội",
        "signer_id": str(world.signer.id)})
    assert len(_documents(world.case.id)) == before  # nothing numbered or stored
    return {"approve_referral": shown}


def test_every_kind_of_every_path_and_its_correction_is_clean(walked):
    """One walk (it is slow): the documents issued, then the preview of a dossier step."""
    worlds, previews = walked
    issued = [d for world in worlds for d in _documents(world.case.id)]
    kinds = {d.kind for d in issued}
    assert kinds == {k.value for k in DocKind}, {k.value for k in DocKind} - kinds
    assert any(d.supersedes_id for d in issued if d.kind == DocKind.PENALTY_DECISION.value)
    found = {f"{d.kind} {d.number_text or d.id}": problems(text_of(verified_bytes(d))) for d in issued}
    assert {name: p for name, p in found.items() if p} == {}
    # "Xem trước" of the approval: the recommendation and the dossier as drafts, as clean
    text = text_of(previews["approve_referral"])
    assert "V/v kiến nghị khởi tố vụ án hình sự" in text and "MỤC LỤC" in text and "DỰ THẢO" in text
    assert problems(text) == []


def test_the_scan_catches_empty_fields_too():
    for sample in ("Địa chỉ: ; Người đại diện: Nguyễn Văn A", "Số tài khoản: .", "Căn cứ ;", "ngày 2026-11-02"):
        assert problems(sample), sample
    assert problems("Số: 01/QĐ-BHXH Hà Nội, ngày 02 tháng 11 năm 2026. Tổng cộng: 1.234.567 đ.") == []
