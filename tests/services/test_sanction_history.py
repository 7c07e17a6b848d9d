"""The employer's sanction history (LR-SANCTIONS): written by the penalty step, entered by hand, updated,
read with its status, and read by the Article 216 evaluation (LR-ART216 C5)."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader, PdfWriter

from enforcement.errors import Forbidden, NotFound, ValidationFailed
from enforcement.extensions import db
from enforcement.models import SanctionDecision, SanctionSource
from enforcement.services import sanctions
from enforcement.services.case_view import History
from enforcement.services.cases import view_of
from enforcement.workflow import Trigger
from tests.builders import evading_world, to_concluded, to_penalized
from tests.factories import EmployerFactory, OfficeFactory, UserFactory


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf()


def manual_facts(**overrides):
    facts = {
        "decision_date": date(2025, 3, 1),
        "behaviours": ["evasion"],
        "conduct_months": ["2024-10", "2024-11"],
        "number": "15/QĐ-XPHC",
        "signer": "Nguyễn Văn A – Giám đốc",
        "fine_total": 60_000_000,
        "articles": ["Nghị định 12/2022/NĐ-CP Điều 39 khoản 7 điểm a"],
        "received_on": date(2025, 3, 4),
    }
    facts.update(overrides)
    return facts


def test_lr_sanctions_issuing_a_penalty_writes_the_employers_history_from_the_case(ctx):
    world = evading_world()
    to_concluded(world)
    to_penalized(world)
    rows = sanctions.decisions_of(world.employer.id)
    assert len(rows) == 1
    row = rows[0]
    decided = History.of(world.case.id).input(Trigger.ISSUE_PENALTY)
    assert (row.source, row.case_id, row.fine_total) == (SanctionSource.CASE, world.case.id, decided.fine)
    assert row.fine_total == sum(f["amount"] for f in row.fines) > 0
    assert row.decision_date == world.today - timedelta(days=27)
    assert {"si_evasion", "ui_evasion"} <= set(row.behaviours)  # LR-FINE: one entry per violation
    assert row.conduct_months and all(len(p) == 7 for p in row.conduct_months)
    assert row.number and row.document_id is not None
    assert world.signer.full_name in row.signer
    assert "điểm b khoản 2 Điều 44 Nghị định số 283/2026/NĐ-CP" in row.articles
    entry = sanctions.history(world.employer.id, world.today)[0]
    assert entry.status.live is True
    assert entry.to_dict()["status"] == "live"


def test_lr_sanctions_a_manual_entry_keeps_its_pdf_and_counts_for_c5_of_another_case(ctx):
    world = evading_world()
    row = sanctions.enter_manual(world.employer.id, world.legal, document=("qd-15.pdf", PDF), **manual_facts(
        decision_date=world.today - timedelta(days=200), conduct_months=["2025-01"],
        received_on=world.today - timedelta(days=198)))
    assert row.source == SanctionSource.MANUAL
    assert sanctions.document_bytes(row) == PDF
    to_concluded(world)
    art = view_of(world.case, world.today).art216
    c5 = art.criterion("C5")
    assert c5.met is True
    assert "trước khi có hệ thống" in " ".join(c5.evidence_text)
    assert "15/QĐ-XPHC" in " ".join(c5.evidence_text)


def test_lr_sanctions_a_decision_of_another_case_of_the_employer_satisfies_c5(ctx):
    world = evading_world()
    other_case_decision = sanctions.record_decision(
        employer_id=world.employer.id, office_id=world.office.id, decision_date=world.today - timedelta(days=150),
        behaviours=["si_evasion"], conduct_months=["2025-02"], number="7/QĐ-XPHC", case_id=None,
        received_on=world.today - timedelta(days=148))
    db.session.commit()
    to_concluded(world)
    c5 = view_of(world.case, world.today).art216.criterion("C5")
    assert c5.met is True
    assert c5.evidence["decision"]["number"] == other_case_decision.number


def test_lr_sanctions_a_cleared_decision_does_not_satisfy_c5(ctx):
    world = evading_world()
    sanctions.enter_manual(world.employer.id, world.legal, document=("qd.pdf", PDF), **manual_facts(
        decision_date=date(2024, 3, 1), received_on=date(2024, 3, 2), conduct_months=["2023-12"],
        complied_on=date(2024, 4, 1)))
    to_concluded(world)
    c5 = view_of(world.case, world.today).art216.criterion("C5")
    assert c5.met is False
    assert "coi như chưa bị xử phạt" in c5.reason


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"conduct_months": []}, "conduct_months"),
        ({"conduct_months": ["2024-13"]}, "conduct_months"),
        ({"behaviours": []}, "behaviours"),
        ({"behaviours": ["fraud"]}, "behaviours"),
        ({"number": "  "}, "number"),
        ({"decision_date": date(2099, 1, 1)}, "decision_date"),
        ({"received_on": date(2025, 2, 1)}, "received_on"),
        ({"compliance_days": 5}, "compliance_days"),
        ({"fine_total": -1}, "fine_total"),
    ],
)
def test_lr_sanctions_a_manual_entry_names_each_bad_field_and_writes_nothing(ctx, change, field):
    world = evading_world()
    with pytest.raises(ValidationFailed) as caught:
        sanctions.enter_manual(world.employer.id, world.legal, document=("qd.pdf", PDF), **manual_facts(**change))
    assert field in caught.value.details["errors"]
    assert sanctions.decisions_of(world.employer.id) == []


def test_lr_sanctions_a_manual_entry_needs_a_pdf(ctx):
    world = evading_world()
    with pytest.raises(ValidationFailed) as caught:
        sanctions.enter_manual(world.employer.id, world.legal, document=("qd.pdf", b"not a pdf"), **manual_facts())
    assert "document" in caught.value.details["errors"]
    assert sanctions.decisions_of(world.employer.id) == []


def test_lr_sanctions_only_legal_staff_of_the_office_enter_decisions(ctx):
    world = evading_world()
    with pytest.raises(Forbidden):
        sanctions.enter_manual(world.employer.id, world.inspector, document=("qd.pdf", PDF), **manual_facts())
    stranger = UserFactory(office=OfficeFactory(), role="legal")
    with pytest.raises(NotFound):
        sanctions.enter_manual(world.employer.id, stranger, document=("qd.pdf", PDF), **manual_facts())


def test_lr_sanctions_updates_are_kept_with_who_and_what_and_change_the_status(ctx):
    world = evading_world()
    row = sanctions.enter_manual(world.employer.id, world.legal, document=("qd.pdf", PDF), **manual_facts())
    sanctions.update_from_form(row.id, world.legal, complied_on=date(2025, 3, 20), fine_paid_on=date(2025, 3, 12),
                               fine_paid_amount=60_000_000, payment_receipt="BL 0012")
    db.session.refresh(row)
    assert row.changes[-1]["by"] == world.legal.id
    assert row.changes[-1]["fields"]["complied_on"] == {"old": None, "new": "2025-03-20"}
    entry = sanctions.history(world.employer.id, date(2026, 3, 21))[0]
    assert (entry.status.live, entry.status.cleared_on) == (False, date(2026, 3, 21))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"complied_on": date(2025, 2, 1)}, "complied_on"),
        ({"complied_on": date(2099, 2, 1)}, "complied_on"),
        ({"number": "x"}, "number"),
        ({"fine_paid_amount": -5}, "fine_paid_amount"),
        ({"enforcement_evaded_until": date(2025, 6, 1)}, "enforcement_evaded_until"),
    ],
)
def test_lr_sanctions_bad_updates_are_refused_by_field(ctx, change, field):
    world = evading_world()
    row = sanctions.enter_manual(world.employer.id, world.legal, document=("qd.pdf", PDF), **manual_facts())
    with pytest.raises(ValidationFailed) as caught:
        sanctions.update_from_form(row.id, world.legal, **change)
    assert field in caught.value.details["errors"]
    db.session.refresh(row)
    assert row.changes == []


def test_lr_sanctions_rows_are_never_deleted(ctx):
    world = evading_world()
    row = sanctions.enter_manual(world.employer.id, world.legal, document=("qd.pdf", PDF), **manual_facts())
    db.session.delete(row)
    with pytest.raises(Exception, match="append-only"):
        db.session.flush()
    db.session.rollback()


def test_lr_sanctions_the_database_refuses_a_manual_row_without_its_document(ctx):
    employer = EmployerFactory()
    db.session.commit()
    db.session.add(SanctionDecision(
        employer_id=employer.id, office_id=employer.office_id, source=SanctionSource.MANUAL, number="1/QĐ",
        decision_date=date(2025, 1, 1), behaviours=["evasion"], conduct_months=["2024-10"], fine_total=0,
        articles=[], fines=[], enforcement=[], changes=[]))
    with pytest.raises(Exception, match=r"(?i)check|constraint"):
        db.session.flush()
    db.session.rollback()


# --------------------------------------------------------------------------- repeat offence route


def _live_evasion_decision(world):
    return sanctions.enter_manual(world.employer.id, world.legal, document=("qd-3.pdf", PDF), **manual_facts(
        number="3/QĐ-XPHC", decision_date=date(2026, 1, 10), received_on=date(2026, 1, 12),
        conduct_months=["2025-11"]))


def test_lr_sanctions_repeat_offence_goes_from_conclusion_to_referral_without_a_second_penalty(ctx):
    from enforcement.errors import GuardRejected
    from enforcement.services.cases import transitions_for
    from enforcement.workflow import CaseState
    from tests.builders import explain, issue_penalty, record_violation

    world = evading_world()
    _live_evasion_decision(world)
    to_concluded(world)
    view = view_of(world.case, world.today)
    assert view.facts.repeat_offence is True
    assert "3/QĐ-XPHC" in view.facts.repeat_reason
    assert view.art216.passed is True
    assert "3/QĐ-XPHC" in " ".join(view.art216.criterion("C5").evidence_text)
    offered = {a.step.trigger.value: a for a in transitions_for(world.case, world.legal, world.today)}
    assert offered["draft_referral"].allowed
    record_violation(world, world.today - timedelta(days=29))
    explain(world, world.today - timedelta(days=28))
    offered = {a.step.trigger.value: a for a in transitions_for(world.case, world.legal, world.today)}
    assert not offered["issue_penalty"].allowed
    assert "Điều 4 khoản 2 điểm l" in offered["issue_penalty"].reasons[0]
    with pytest.raises(GuardRejected):
        issue_penalty(world, world.today - timedelta(days=27))
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, world.today)
    assert world.case.state == CaseState.REFERRAL_DRAFTED
    assert world.case.penalty_decided_on is None
    assert [r.case_id for r in sanctions.decisions_of(world.employer.id)] == [None]  # no second penalty


def test_lr_sanctions_no_repeat_offence_when_the_earlier_decision_has_cleared(ctx):
    world = evading_world()
    sanctions.enter_manual(world.employer.id, world.legal, document=("qd.pdf", PDF), **manual_facts(
        decision_date=date(2024, 1, 10), received_on=date(2024, 1, 12), conduct_months=["2023-10"],
        complied_on=date(2024, 2, 1)))
    to_concluded(world)
    assert view_of(world.case, world.today).facts.repeat_offence is False


def _upload_papers(world) -> None:
    from enforcement.models import CopyForm, Evidence, EvidenceCategory

    for category in (EvidenceCategory.ENROLLED_WORKERS, EvidenceCategory.REQUIRED_WORKERS,
                     EvidenceCategory.SERVICE_PROOF):
        db.session.add(Evidence(case_id=world.case.id, office_id=world.office.id, category=category,
                                file_name=f"{category}.pdf", mime="application/pdf", size=len(PDF),
                                sha256=hashlib.sha256(PDF).hexdigest(), data=PDF, copy_form=CopyForm.ORIGINAL))
    db.session.commit()


def test_lr_sanctions_a_repeat_referral_rests_on_the_earlier_decision(ctx):
    from enforcement.services.case_view import missing_items_of

    world = evading_world()
    _live_evasion_decision(world)
    to_concluded(world)
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, world.today)
    keys = [m.key for m in missing_items_of(world.case)]
    assert "penalty_decision" not in keys  # the earlier decision's signed PDF is in the sanction history
    assert "violation_record" in keys  # this case has none yet, and the earlier decision came from outside
    _upload_papers(world)
    assert [m.key for m in missing_items_of(world.case)] == ["violation_record"]


def test_lr_sanctions_a_file_returned_by_the_police_goes_back_for_a_penalty_nd_283_art_4_3(ctx):
    from enforcement.services import documents as docs
    from enforcement.services.cases import transitions_for
    from enforcement.workflow import CaseState, DocKind
    from tests.builders import explain, issue_penalty, record_violation

    world = evading_world()
    _live_evasion_decision(world)
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=29))
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, t)
    _upload_papers(world)
    world.fire("approve_referral", world.supervisor,
               {"approval_date": t, "agency": "Cơ quan CSĐT Công an TP", "signer_id": world.signer.id}, t)
    dossier = next(d for d in docs.current_documents(world.case) if d.kind == DocKind.REFERRAL_DOSSIER.value)
    contents = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(docs.verified_bytes(dossier))).pages[:3])
    assert "Quyết định xử phạt số 3/QĐ-XPHC" in " ".join(contents.split())  # the earlier decision is a part
    world.fire("send_referral", world.legal,
               {"agency": "Cơ quan CSĐT Công an TP", "dispatch_number": "12/BHXH", "dispatch_date": t}, t)
    assert world.case.state == CaseState.REFERRED
    world.fire("return_for_penalty", world.legal,
               {"reference": "12/CSĐT-KT", "return_date": t, "note": "Không khởi tố vụ án"}, t)
    assert world.case.state == CaseState.INSPECTION_CONCLUDED
    view = view_of(world.case, t)
    assert view.facts.repeat_offence and view.facts.returned_for_penalty
    offered = {a.step.trigger.value: a for a in transitions_for(world.case, world.legal, t)}
    assert not offered["draft_referral"].allowed
    record_violation(world, t)
    explain(world, t)
    issue_penalty(world, t)
    assert world.case.state == CaseState.PENALIZED


# --------------------------------------------------------------------------- the conclusion's confirmed counts


def _conclude_with(world, extra_for_evasion):
    from enforcement.services.cases import months_to_classify

    t = world.today
    world.fire("decide_inspection", world.inspector, {
        "decision_date": t - timedelta(days=40), "team": ["Lê Văn An – Trưởng đoàn"], "period_from": "2025-01",
        "period_to": "2026-10", "planned_date": t - timedelta(days=36), "signer_id": world.signer.id},
        t - timedelta(days=40))
    world.fire("open_inspection", world.inspector, {"date": t - timedelta(days=36), "place": "Trụ sở",
                                                   "present": ["Nguyễn Văn Hùng – Giám đốc"]}, t - timedelta(days=36))
    on = t - timedelta(days=30)
    behaviours = {}
    for m in months_to_classify(view_of(world.case, on)):
        choice = m.suggestion if m.suggestion in ("evasion", "late_payment") else "late_payment"
        item = {"behaviour": choice, "reason": "" if choice == m.suggestion else "Căn cứ hồ sơ"}
        if choice == "evasion":
            item.update(extra_for_evasion(m))
        behaviours[m.period] = item
    return world.fire("conclude_inspection", world.inspector, {
        "conclusion_date": on, "behaviours": behaviours, "employees_affected": 86, "withheld_not_paid": 0,
        "findings": "Trốn đóng", "signer_id": world.signer.id, "payroll_used": True}, on)


def test_lr_art216_the_conclusion_records_confirmed_workers_and_withheld_shares_per_evasion_month(ctx):
    world = evading_world()
    _conclude_with(world, lambda m: {"employees": "9", "withheld": "60.000.000"})
    art = view_of(world.case, world.today).art216
    c4 = art.criterion("C4")
    assert (c4.value, c4.met, c4.state) == (9, False, "not_met")  # 9 confirmed, not the ledger's 86
    assert all(m.ledger_employees == 86 and m.withheld == 60_000_000 for m in art.inputs.evasion_months)
    from enforcement.services.case_view import missing_items_of

    assert "Bảng lương" in " ".join(m.message for m in missing_items_of(world.case))  # the inspection used it


def test_lr_art216_an_evasion_month_left_unconfirmed_keeps_c4_undetermined(ctx):
    world = evading_world()
    _conclude_with(world, lambda m: {"employees": ""})
    c4 = view_of(world.case, world.today).art216.criterion("C4")
    assert c4.state == "undetermined"
    assert "sổ theo dõi ghi 86 người, chỉ để tham khảo" in " ".join(c4.evidence_text)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"employees": "-3"}, "số lao động bị trốn đóng"),
        ({"employees": "mười"}, "số lao động bị trốn đóng"),
        ({"withheld": "999.999.999.999"}, "lớn hơn số tiền còn nợ"),
        ({"withheld": "abc"}, "không hợp lệ"),
    ],
)
def test_lr_art216_bad_confirmed_counts_are_refused_by_month_and_nothing_is_written(ctx, extra, message):
    from enforcement.workflow import CaseState

    world = evading_world()
    with pytest.raises(ValidationFailed) as caught:
        _conclude_with(world, lambda m: extra)
    errors = caught.value.details["errors"]
    assert any(name.startswith("behaviours.") and any(message in e for e in msgs) for name, msgs in errors.items())
    db.session.refresh(world.case)
    assert world.case.state == CaseState.INSPECTING


def _penalty_document(world):
    from enforcement.models import Document

    return db.session.scalars(
        db.select(Document).where(Document.case_id == world.case.id, Document.kind == "penalty_decision")
        .order_by(Document.id.desc())
    ).first()


def test_lr_sanctions_a_corrected_penalty_decision_is_what_the_history_keeps(ctx):
    """Đính chính of the penalty decision: the history's row takes the new number and document and the
    corrected compliance period, and keeps what they were (the row is the one decision, not a second)."""
    from enforcement.services import cases, issuing

    world = evading_world()
    to_concluded(world)
    to_penalized(world)
    old = _penalty_document(world)
    row = sanctions.decisions_of(world.employer.id)[0]
    assert (row.document_id, row.number) == (old.id, old.number_text)
    original = issuing.issuing_record(old)
    form = dict(original.step.payload(original.input))
    days = (original.input.compliance_days or 10) + 5
    form["compliance_days"] = days
    try:
        new = cases.correct_document(world.case.id, old.id, "Sửa thời hạn chấp hành", world.legal, data=form)
    except ValidationFailed as exc:
        raise AssertionError(exc.details) from exc
    db.session.expire_all()
    rows = sanctions.decisions_of(world.employer.id)
    assert len(rows) == 1
    row = rows[0]
    assert (row.document_id, row.number, row.compliance_days) == (new.id, new.number_text, days)
    assert row.number != old.number_text
    change = row.changes[-1]
    assert change["corrects"] == old.number_text
    assert change["fields"]["number"] == {"old": old.number_text, "new": new.number_text}
    assert change["fields"]["compliance_days"]["new"] == days


def test_lr_sanctions_a_penalty_decision_issued_again_as_it_was_moves_the_history_to_the_new_number(ctx):
    from enforcement.services import cases

    world = evading_world()
    to_concluded(world)
    to_penalized(world)
    old = _penalty_document(world)
    fine_total = sanctions.decisions_of(world.employer.id)[0].fine_total
    new = cases.correct_document(world.case.id, old.id, "Sai số văn bản", world.legal)
    db.session.expire_all()
    row = sanctions.decisions_of(world.employer.id)[0]
    assert (row.document_id, row.number, row.fine_total) == (new.id, new.number_text, fine_total)
    assert set(row.changes[-1]["fields"]) == {"number", "document_id"}
