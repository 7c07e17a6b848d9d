"""Issue 15, workflow parts: transfer to the competent authority and the decision received (LR-COMPETENCE),
the remedies-only decision (LR-FINE, XLVPHC Art. 65), service and payment of the fine and the date checks of
the penalty decision (LR-DEADLINES), through ``services.cases.fire`` on real cases.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader, PdfWriter

from enforcement.domain.money import format_money
from enforcement.domain.periods import add_months
from enforcement.errors import GuardRejected, ValidationFailed
from enforcement.extensions import db
from enforcement.models import CaseEvent, Document, EvidenceCategory, NumberRegister
from enforcement.services import documents as docs
from enforcement.services import evidence as evidence_service
from enforcement.services import sanctions
from enforcement.services.cases import input_context, transitions_for, view_of
from enforcement.workflow import CaseState, DocKind
from tests.builders import evading_world, explain, issue_penalty, record_violation, to_concluded

AUTHORITY = "Tổng Giám đốc Bảo hiểm xã hội Việt Nam"


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def director_only(world) -> None:
    """The office's only signer is a provincial director (Decree 283/2026 Art. 57: 37 500 000 đ, an organisation
    × 2 by Art. 63(1)): the tops of the evading employer's bands (150 000 000 đ) are beyond it (LR-COMPETENCE)."""
    from enforcement.models import Signer

    for signer in db.session.scalars(sa.select(Signer).where(Signer.office_id == world.office.id)):
        signer.fine_cap_person = signer.fine_cap_organisation = None
        signer.competence_title = "bhxh_province_director"
    db.session.commit()


def _offered(world, on):
    return {a.step.trigger.value: a for a in transitions_for(world.case, world.legal, on)}


def _text(document: Document) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(docs.verified_bytes(document))).pages)
                    .split())


def _transfer(world, on):
    return world.fire("transfer_case", world.legal, {
        "letter_date": on, "authority": AUTHORITY, "reason": "Mức tối đa của khung vượt thẩm quyền của Giám đốc",
        "signer_id": world.signer.id}, on)


def _upload(world):
    return evidence_service.upload(world.case.id, _pdf(), "qd-125.pdf", EvidenceCategory.SIGNED_COPY.value,
                                   "Quyết định xử phạt của Tổng Giám đốc", world.legal, copy_form="original")


def _received(world, on, evidence_id, **changes):
    data = {
        "decision_number": "125/QĐ-XPHC", "decision_date": on, "signer_title": AUTHORITY,
        "offender": "organisation",
        "fines": "điểm b khoản 2 Điều 44 Nghị định số 283/2026/NĐ-CP: 150.000.000\n"
                 "khoản 2 Điều 46 Nghị định số 283/2026/NĐ-CP: 12.000.000",
        "compliance_days": 10, "evidence_id": evidence_id,
    }
    return world.fire("record_received_decision", world.legal, {**data, **changes}, on)


# --------------------------------------------------------------------------- LR-COMPETENCE: transfer


def test_lr_competence_beyond_the_cap_the_penalty_is_refused_and_the_transfer_offered(ctx):
    world = evading_world()
    director_only(world)
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=29))
    offered = _offered(world, t - timedelta(days=28))
    assert not offered["issue_penalty"].allowed
    assert any("Điều 52" in r for r in offered["issue_penalty"].reasons)
    assert offered["transfer_case"].allowed


def test_lr_competence_within_the_cap_there_is_no_transfer(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=29))
    offered = _offered(world, t - timedelta(days=28))
    assert not offered["transfer_case"].allowed
    assert "không chuyển hồ sơ" in offered["transfer_case"].reasons[0]
    with pytest.raises(GuardRejected):
        _transfer(world, t - timedelta(days=28))
    assert world.case.state == CaseState.VIOLATION_RECORDED


def test_lr_competence_transfer_received_decision_then_enforcement(ctx):
    world = evading_world()
    director_only(world)
    to_concluded(world)
    t = world.today  # Wed 25/11/2026
    record_violation(world, t - timedelta(days=29))  # Tue 27/10
    letters_before = db.session.scalar(sa.select(NumberRegister.last_number).where(
        NumberRegister.office_id == world.office.id, NumberRegister.register == "letter"))
    result = _transfer(world, t - timedelta(days=28))
    assert world.case.state == CaseState.DECISION_TRANSFERRED
    (letter,) = result.documents
    assert letter.kind == DocKind.TRANSFER_LETTER.value
    assert letter.number == (letters_before or 0) + 1  # the next number of the office's letter register
    assert letter.number_text.endswith("/BHXH-TTKT")
    text = _text(letter)
    assert f"Kính gửi: {AUTHORITY}" in text and "Điều 52 và Điều 58" in text
    view = view_of(world.case, t - timedelta(days=27))
    assert view.facts.deadlines["D-DECISION"].due == date(2026, 11, 10)  # 10 working days: file transferred
    offered = _offered(world, t - timedelta(days=27))
    assert set(offered) >= {"record_received_decision"}
    assert "issue_penalty" not in offered and "transfer_case" not in offered

    pdf = _upload(world)
    _received(world, t - timedelta(days=20), pdf.id)  # Thu 05/11
    assert world.case.state == CaseState.PENALIZED
    assert world.case.penalty_decided_on == t - timedelta(days=20)
    row = sanctions.decision_of_case(world.case.id)
    assert (row.number, row.fine_total, row.signer) == ("125/QĐ-XPHC", 162_000_000, AUTHORITY)
    assert [f["amount"] for f in row.fines] == [150_000_000, 12_000_000]
    assert row.document_sha256 == pdf.sha256  # the signed PDF the legal staff named
    view = view_of(world.case, t)
    assert view.facts.penalty_behaviour == "evasion"  # counts as the case's penalty decision (Art. 216, referral)
    assert view.facts.fine_unpaid == 162_000_000
    comply = view.facts.deadlines["D-COMPLY"]
    assert comply.assumed and comply.start == date(2026, 11, 10) and comply.due == date(2026, 11, 20)

    world.fire("record_fine_payment", world.legal,
               {"paid_on": t - timedelta(days=3), "amount": "62.000.000", "receipt_number": "BL-0012345"}, t)
    row = sanctions.decision_of_case(world.case.id)
    assert (row.fine_paid_amount, row.payment_receipt, row.fine_paid_on) == (
        62_000_000, "BL-0012345", t - timedelta(days=3))
    assert view_of(world.case, t).facts.fine_unpaid == 100_000_000

    result = world.fire("order_enforcement", world.legal,
                        {"decision_date": t, "measure": "account_deduction", "signer_id": world.signer.id}, t)
    assert world.case.state == CaseState.ENFORCING
    text = _text(result.documents[0])
    assert "Quyết định xử phạt vi phạm hành chính số 125/QĐ-XPHC ngày 05/11/2026" in text
    assert "tiền phạt 100.000.000 đ" in text and "đã nộp 62.000.000 đ" in text


def test_lr_competence_the_received_decision_is_checked_field_by_field(ctx):
    world = evading_world()
    director_only(world)
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=29))
    _transfer(world, t - timedelta(days=25))
    pdf = _upload(world)
    with pytest.raises(ValidationFailed) as invalid:
        _received(world, t - timedelta(days=26), pdf.id, compliance_days=9, fines="Điều 44 khoản 2 150.000.000",
                  served_on=t - timedelta(days=27))
    errors = invalid.value.details["errors"]
    assert "công văn chuyển hồ sơ" in errors["decision_date"][0]  # before the transfer letter
    assert "10 ngày" in errors["compliance_days"][0]  # XLVPHC Art. 73
    assert "Dòng 1" in errors["fines"][0]
    assert "trước ngày quyết định" in errors["served_on"][0]
    with pytest.raises(ValidationFailed) as invalid:
        _received(world, t - timedelta(days=20), pdf.id + 999)
    assert "evidence_id" in invalid.value.details["errors"]
    assert world.case.state == CaseState.DECISION_TRANSFERRED


# --------------------------------------------------------------------------- remedies only (XLVPHC Art. 65)


def test_lr_fine_remedies_only_after_the_decision_deadline_xlvphc_art_65(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=29))
    offered = _offered(world, t)
    assert not offered["issue_penalty"].allowed  # D-DECISION passed
    assert offered["issue_remedies"].allowed
    result = world.fire("issue_remedies", world.legal,
                        {"decision_date": t, "compliance_days": 10, "signer_id": world.signer.id}, t)
    assert world.case.state == CaseState.REMEDIES_ORDERED
    (decision,) = result.documents
    assert decision.kind == DocKind.REMEDIES_DECISION.value and decision.number_text.endswith("/QĐ-KPHQ")
    text = _text(decision)
    assert "Không ra quyết định xử phạt vi phạm hành chính" in text
    assert "đã hết thời hạn ra quyết định xử phạt ngày 05/11/2026" in text
    assert "khoản 2 Điều 65" in text
    assert sanctions.decision_of_case(world.case.id) is None  # no penalty: not a sanction of the history
    view = view_of(world.case, t)
    assert view.facts.penalty_behaviour is None and view.facts.fine_unpaid == 0
    assert view.facts.deadlines["D-COMPLY"].assumed
    offered = _offered(world, t)
    assert "record_fine_payment" not in offered  # no fine in a remedies-only decision
    assert not offered["order_enforcement"].allowed  # not before D-COMPLY
    later = t + timedelta(days=20)
    world.fire("order_enforcement", world.legal,
               {"decision_date": later, "measure": "account_deduction", "signer_id": world.signer.id}, later)
    assert world.case.state == CaseState.ENFORCING


def test_lr_fine_no_remedies_only_decision_while_a_penalty_is_still_possible(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=2))
    offered = _offered(world, t)
    assert not offered["issue_remedies"].allowed
    assert "Điều 65" in offered["issue_remedies"].reasons[0]


# --------------------------------------------------------------------------- LR-DEADLINES: date checks


def test_lr_deadlines_the_penalty_is_not_dated_before_the_record_nor_within_d_explain(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    recorded_on = t - timedelta(days=29)  # Tue 27/10/2026
    record_violation(world, recorded_on)
    explain_due = view_of(world.case, recorded_on).facts.deadlines["D-EXPLAIN"].due
    assert explain_due == date(2026, 11, 3)
    with pytest.raises(ValidationFailed) as invalid:
        issue_penalty(world, recorded_on - timedelta(days=1))
    assert "trước ngày lập biên bản" in invalid.value.details["errors"]["decision_date"][0]
    with pytest.raises(ValidationFailed) as invalid:
        issue_penalty(world, explain_due)  # the last day of D-EXPLAIN: too early
    assert "Điều 61" in invalid.value.details["errors"]["decision_date"][0]
    issue_penalty(world, explain_due + timedelta(days=1))  # the day after: allowed
    assert world.case.state == CaseState.PENALIZED


def test_lr_deadlines_with_the_explanation_on_file_the_decision_may_come_at_once(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=29))
    explain(world, t - timedelta(days=29))
    issue_penalty(world, t - timedelta(days=29))
    assert world.case.state == CaseState.PENALIZED


def _extend(world, on, **changes):
    data = {"reason": "Nhiều chi nhánh, phải xác minh bảng lương", "approval_number": "45/BHXH-TTKT",
            "approval_date": on, "approver": "Giám đốc", "extended_to": on + timedelta(days=20)}
    return world.fire("extend_decision", world.legal, {**data, **changes}, on)


def test_lr_deadlines_complex_case_extension_needs_approval_before_the_deadline_and_at_most_a_month(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    recorded_on = t - timedelta(days=29)
    record_violation(world, recorded_on)
    base = view_of(world.case, recorded_on).facts.deadlines["D-DECISION"].due  # Thu 05/11/2026
    longest = add_months(base, 1)
    ctx_ = input_context(view_of(world.case, recorded_on), "extend_decision")
    assert (ctx_.decision_base_due, ctx_.decision_max_extended) == (base, longest)
    on = recorded_on + timedelta(days=1)
    with pytest.raises(ValidationFailed) as invalid:
        _extend(world, on, extended_to=longest + timedelta(days=1))
    assert "01 tháng" in invalid.value.details["errors"]["extended_to"][0]
    with pytest.raises(ValidationFailed) as invalid:
        _extend(world, on, extended_to=base)
    assert "extended_to" in invalid.value.details["errors"]
    _extend(world, on, extended_to=longest)
    view = view_of(world.case, t)
    assert view.facts.deadlines["D-DECISION"].due == longest
    event = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == world.case.id,
                                                          CaseEvent.trigger == "extend_decision")).one()
    assert event.details["input"]["approval_number"] == "45/BHXH-TTKT"  # the approval is on the timeline
    assert not view.facts.deadlines["D-DECISION"].overdue  # 25/11 within the extension: a penalty is possible
    assert "issue_penalty" in _offered(world, t) and _offered(world, t)["issue_penalty"].allowed


def test_lr_deadlines_no_extension_once_the_decision_deadline_has_passed(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=29))
    refused = _offered(world, t)["extend_decision"]
    assert not refused.allowed and "Điều 66" in refused.reasons[0]


# --------------------------------------------------------------------------- service and payment


def test_lr_deadlines_service_sets_d_comply_and_the_sanction_history(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=29))
    explain(world, t - timedelta(days=28))
    issue_penalty(world, t - timedelta(days=27))  # Thu 29/10
    assumed = view_of(world.case, t).facts.deadlines["D-COMPLY"]
    assert assumed.assumed and assumed.start == date(2026, 11, 3)  # + 3 working days
    with pytest.raises(ValidationFailed) as invalid:
        world.fire("record_service", world.legal, {"received_on": t - timedelta(days=28)}, t)
    assert "trước ngày quyết định" in invalid.value.details["errors"]["received_on"][0]
    world.fire("record_service", world.legal, {"received_on": t - timedelta(days=26), "how": "Giao trực tiếp"}, t)
    comply = view_of(world.case, t).facts.deadlines["D-COMPLY"]
    assert not comply.assumed and comply.start == date(2026, 10, 30) and comply.due == date(2026, 11, 9)
    assert sanctions.decision_of_case(world.case.id).received_on == date(2026, 10, 30)


def test_lr_sanctions_fine_payment_is_checked_and_read_by_enforcement(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=29))
    explain(world, t - timedelta(days=28))
    issue_penalty(world, t - timedelta(days=27))
    fine = view_of(world.case, t).facts.fine_unpaid  # the total of the decision (LR-FINE)
    assert fine > 0
    with pytest.raises(ValidationFailed) as invalid:
        world.fire("record_fine_payment", world.legal,
                   {"paid_on": t - timedelta(days=28), "amount": fine + 1, "receipt_number": "BL-1"}, t)
    errors = invalid.value.details["errors"]
    assert "trước ngày quyết định" in errors["paid_on"][0]
    assert format_money(fine) in errors["amount"][0]
    with pytest.raises(ValidationFailed) as invalid:
        world.fire("record_fine_payment", world.legal, {"paid_on": t, "amount": 0, "receipt_number": "BL-1"}, t)
    assert "lớn hơn 0" in invalid.value.details["errors"]["amount"][0]
    world.fire("record_fine_payment", world.legal, {"paid_on": t - timedelta(days=5), "amount": fine,
                                                    "receipt_number": "BL-1"}, t)
    view = view_of(world.case, t)
    assert view.facts.fine_unpaid == 0
    assert view.facts.deadlines["D-COMPLY"].met  # the fine paid in full ends D-COMPLY
    assert "D-CLEAR" not in view.facts.deadlines  # cleared only once the amounts are paid too (LR-SANCTIONS)
    assert not view.facts.deadlines["D-ENFORCE"].met
    offered = _offered(world, t)
    assert not offered["record_fine_payment"].allowed
    # The amounts and interest are still unpaid: enforcement of the remedial measures stays possible.
    assert offered["order_enforcement"].allowed
    row = sanctions.decision_of_case(world.case.id)
    assert row.fine_paid_amount == fine and row.complied_on is None  # arrears still unpaid
