"""Firing triggers on real cases (issue 5): whole journeys, atomicity, conflicts, the audit chain.

LEGAL.md LR-EVASION, LR-ART216, LR-FINE, LR-DEADLINES through the service layer.
"""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfWriter

from enforcement.domain.periods import Period
from enforcement.errors import Forbidden, GuardRejected, NotFound, StaleCase, ValidationFailed
from enforcement.extensions import db
from enforcement.models import (
    AppendOnlyError,
    Case,
    CaseEvent,
    Document,
    Evidence,
    EvidenceCategory,
    LedgerRow,
    NumberRegister,
    Role,
)
from enforcement.services import audit
from enforcement.services import cases as case_service
from enforcement.services import documents as document_service
from enforcement.services.case_view import History
from enforcement.services.cases import assign, comment, fire, view_of
from enforcement.workflow import CaseState, DocKind, Trigger
from tests.builders import (
    MONTHLY_DUE,
    demand,
    evading_world,
    explain,
    issue_penalty,
    record_violation,
    to_concluded,
    to_penalized,
)
from tests.factories import UserFactory


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()


def _states(world) -> list[tuple[str | None, str | None]]:
    events = db.session.scalars(
        sa.select(CaseEvent)
        .where(CaseEvent.case_id == world.case.id, CaseEvent.to_state.is_not(None))
        .order_by(CaseEvent.seq)
    )
    return [(e.from_state, e.to_state) for e in events if e.from_state != e.to_state]


def _kinds(world) -> list[str]:
    return list(
        db.session.scalars(sa.select(Document.kind).where(Document.case_id == world.case.id).order_by(Document.id))
    )


def _upload_worker_lists(world) -> None:
    """The worker lists and the proof of service of the penalty decision (with its receipt date)."""
    from enforcement.services import sanctions

    row = sanctions.decision_of_case(world.case.id)
    sanctions.update_decision(row, actor=world.legal, received_on=row.decision_date)
    for category in (EvidenceCategory.ENROLLED_WORKERS, EvidenceCategory.REQUIRED_WORKERS,
                     EvidenceCategory.SERVICE_PROOF):
        db.session.add(
            Evidence(
                case_id=world.case.id,
                office_id=world.office.id,
                category=category,
                file_name=f"{category}.pdf",
                mime="application/pdf",
                size=len(PDF),
                sha256=hashlib.sha256(PDF).hexdigest(),
                data=PDF,
                copy_form="original",
            )
        )
    db.session.commit()


def test_an_evasion_case_walks_from_detected_to_closed(ctx):
    world = evading_world()
    assert world.case.state == CaseState.DEMAND_SENT
    to_concluded(world)
    assert world.case.concluded_behaviour == "evasion"
    to_penalized(world)
    assert world.case.state == CaseState.PENALIZED
    t = world.today
    world.fire(
        "order_enforcement",
        world.legal,
        {"decision_date": t - timedelta(days=5), "measure": "account_deduction", "signer_id": world.signer.id},
        t - timedelta(days=5),
    )
    assert world.case.state == CaseState.ENFORCING
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, t)
    assert world.case.state == CaseState.REFERRAL_DRAFTED
    with pytest.raises(GuardRejected) as missing:
        world.fire(
            "approve_referral",
            world.supervisor,
            {"approval_date": t, "agency": "Cơ quan CSĐT", "signer_id": world.signer.id},
            t,
        )
    assert any("Danh sách người lao động" in r for r in missing.value.details["reasons"])
    _upload_worker_lists(world)
    world.fire(
        "approve_referral",
        world.supervisor,
        {"approval_date": t, "agency": "Cơ quan CSĐT Công an TP", "signer_id": world.signer.id},
        t,
    )
    world.fire(
        "send_referral",
        world.legal,
        {"agency": "Cơ quan CSĐT Công an TP", "dispatch_number": "12/BHXH", "dispatch_date": t},
        t,
    )
    world.fire(
        "record_outcome", world.legal, {"outcome": "prosecuted", "reference": "45/QĐ-KTVA", "outcome_date": t}, t
    )
    assert world.case.state == CaseState.CLOSED and world.case.outcome == "prosecuted"
    assert _states(world) == [
        (None, "detected"),
        ("detected", "demand_sent"),
        ("demand_sent", "inspection_decided"),
        ("inspection_decided", "inspecting"),
        ("inspecting", "inspection_concluded"),
        ("inspection_concluded", "violation_recorded"),
        ("violation_recorded", "penalized"),
        ("penalized", "enforcing"),
        ("enforcing", "referral_drafted"),
        ("referral_drafted", "referral_approved"),
        ("referral_approved", "referred"),
        ("referred", "closed"),
    ]
    kinds = _kinds(world)
    assert kinds.count("demand_notice") >= 6
    for kind in (
        "inspection_decision",
        "working_minutes",
        "inspection_conclusion",
        "violation_record",
        "penalty_decision",
        "enforcement_decision",
        "referral_draft",
        "recommendation",
        "referral_dossier",
        "handover_record",
    ):
        assert kind in kinds, kind
    assert audit.verify(world.case.id) == []


def test_every_reminder_is_a_numbered_demand_notice_and_an_event(ctx):
    world = evading_world()
    notices = db.session.scalars(
        sa.select(Document).where(Document.case_id == world.case.id).order_by(Document.id)
    ).all()
    numbers = [d.number for d in notices]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 6
    reminders = db.session.scalars(
        sa.select(CaseEvent).where(CaseEvent.case_id == world.case.id, CaseEvent.trigger == "send_demand")
    ).all()
    assert len(reminders) == len(notices)
    assert reminders[1].from_state == reminders[1].to_state == "demand_sent"


def test_a_case_ends_settled_when_the_principal_and_the_interest_are_paid(ctx):
    """LR-ARREARS: principal paid but interest owed → settle refused ("chỉ còn nợ lãi chậm đóng"); then settled."""
    from enforcement.services.documents import employer_figures
    from enforcement.services.legal_params import current_params

    world = evading_world()
    to_concluded(world)
    payment = LedgerRow(
        employer_id=world.employer.id,
        period=str(Period.of(world.today)),
        amount_due=0,
        amount_paid=MONTHLY_DUE * 30,
        employees=1,
    )
    db.session.add(payment)
    db.session.commit()
    with pytest.raises(GuardRejected) as refused:
        world.fire("settle", world.supervisor, {"note": "Đã nộp gốc"}, world.today)
    assert "chỉ còn nợ lãi chậm đóng" in refused.value.details["reasons"][0]
    payment.interest_paid = employer_figures(world.employer.id, world.today, current_params()).interest_accrued
    db.session.commit()
    world.fire("settle", world.supervisor, {"note": "Đã nộp đủ"}, world.today)
    assert world.case.state == CaseState.SETTLED and "settlement_notice" in _kinds(world)


def test_settle_is_refused_while_something_is_owed(ctx):
    world = evading_world()
    with pytest.raises(GuardRejected) as refused:
        world.fire("settle", world.supervisor, {}, world.today)
    assert "còn nợ gốc" in refused.value.details["reasons"][0]


def test_dismissal_is_requested_by_an_inspector_and_decided_by_a_supervisor(ctx):
    world = evading_world()
    world.fire("request_dismissal", world.inspector, {"reason": "Đơn vị đã giải thể"}, world.today)
    assert world.case.dismissal_requested and world.case.state == CaseState.DEMAND_SENT
    with pytest.raises(Forbidden):
        world.fire("dismiss", world.inspector, {"reason": "x"}, world.today)
    world.fire("dismiss", world.supervisor, {"reason": "Đơn vị đã giải thể theo quyết định của Sở"}, world.today)
    assert world.case.state == CaseState.CLOSED and world.case.outcome == "dismissed"


def test_dismissal_needs_a_reason(ctx):
    world = evading_world()
    with pytest.raises(ValidationFailed) as invalid:
        world.fire("dismiss", world.supervisor, {"reason": "   "}, world.today)
    assert "reason" in invalid.value.details["errors"]


def test_a_late_payment_case_never_reaches_referral_drafted(ctx):
    world = evading_world()
    to_concluded(world, behaviour="late_payment")
    assert world.case.concluded_behaviour == "late_payment"
    to_penalized(world)
    with pytest.raises(GuardRejected) as refused:
        world.fire("draft_referral", world.legal, {"prior_offences": 0}, world.today)
    assert world.case.state == CaseState.PENALIZED
    assert any("chậm đóng" in r for r in refused.value.details["reasons"])


def test_conclusion_overriding_the_suggestion_needs_a_reason_lr_evasion(ctx):
    world = evading_world()
    t = world.today
    world.fire(
        "decide_inspection",
        world.inspector,
        {
            "decision_date": t - timedelta(days=40),
            "team": ["A – Trưởng đoàn"],
            "period_from": "2025-01",
            "period_to": "2026-10",
            "planned_date": t - timedelta(days=36),
            "signer_id": world.signer.id,
        },
        t - timedelta(days=40),
    )
    world.fire(
        "open_inspection",
        world.inspector,
        {"date": t - timedelta(days=36), "place": "Trụ sở", "present": ["B"]},
        t - timedelta(days=36),
    )
    months = case_service.months_to_classify(view_of(world.case, t - timedelta(days=30)))
    evasion = next(m for m in months if m.suggestion == "evasion")
    behaviours = {
        m.period: {
            "behaviour": m.suggestion if m.suggestion != "manual" else "late_payment",
            "reason": "căn cứ" if m.suggestion == "manual" else "",
        }
        for m in months
    }
    behaviours[evasion.period] = {"behaviour": "late_payment", "reason": ""}
    with pytest.raises(ValidationFailed) as invalid:
        world.fire(
            "conclude_inspection",
            world.inspector,
            {
                "conclusion_date": t - timedelta(days=30),
                "behaviours": behaviours,
                "employees_affected": 86,
                "withheld_not_paid": 0,
                "findings": "x",
                "signer_id": world.signer.id,
            },
            t - timedelta(days=30),
        )
    assert f"behaviours.{evasion.period}" in invalid.value.details["errors"]


def test_lr_competence_penalty_beyond_the_province_director_is_refused_and_flagged(ctx):
    """Decree 283/2026 Art. 57(1), 63(1): the director decides up to 75 000 000 đ for an organisation; the tops of
    this case's bands (40 % of the SI evaded, capped at 150 000 000 đ) are above it: refused, the case flagged."""
    world = evading_world()
    world.signer.fine_cap_person = world.signer.fine_cap_organisation = None
    world.signer.competence_title = "bhxh_province_director"
    db.session.commit()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=2))
    assert view_of(world.case, t).facts.penalty_beyond_competence is True
    with pytest.raises(ValidationFailed) as invalid:
        issue_penalty(world, t)
    message = invalid.value.details["errors"]["signer_id"][0]
    assert "Vượt thẩm quyền" in message and "75.000.000 đ" in message
    assert world.case.state == CaseState.VIOLATION_RECORDED


def test_lr_competence_a_signer_whose_cap_covers_every_top_issues_one_fine_per_violation(ctx):
    world = evading_world()  # the factory signer: 75 000 000 đ / 150 000 000 đ
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=2))
    explain(world, t - timedelta(days=1))
    assert view_of(world.case, t).facts.penalty_beyond_competence is False
    issue_penalty(world, t)
    decided = History.of(world.case.id).input(Trigger.ISSUE_PENALTY)
    rows = decided.fine_proposal["violations"]
    assert [r["behaviour"] for r in rows][:2] == ["si_evasion", "ui_evasion"]
    assert all(r["band_min"] <= r["fine"] <= r["band_max"] for r in rows)
    assert decided.fine == sum(r["fine"] for r in rows) == decided.fine_proposal["total"]


def test_lr_fine_chosen_figure_outside_its_band_or_without_a_reason_is_refused(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=2))
    with pytest.raises(ValidationFailed) as outside:
        issue_penalty(world, t, fine_choices=["ui_evasion = 1.000"], fine_reason="giảm")
    assert "nằm ngoài khung" in outside.value.details["errors"]["fine_choices"][0]
    with pytest.raises(ValidationFailed) as unexplained:
        issue_penalty(world, t, fine_choices=["ui_evasion = 999"])
    assert "fine_reason" in unexplained.value.details["errors"]
    with pytest.raises(ValidationFailed) as unknown:
        issue_penalty(world, t, aggravating=["khong_co"])
    assert "aggravating" in unknown.value.details["errors"]


def test_penalty_after_the_decision_deadline_is_blocked_xlvphc_art_66(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=29))
    with pytest.raises(GuardRejected) as refused:
        issue_penalty(world, t)
    assert "Điều 66" in refused.value.details["reasons"][0]


def test_explanation_extends_the_decision_deadline_to_one_month(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=20))
    world.fire(
        "record_explanation",
        world.legal,
        {"received_on": t - timedelta(days=17), "summary": "Khó khăn"},
        t - timedelta(days=17),
    )
    issue_penalty(world, t)
    assert world.case.state == CaseState.PENALIZED


def test_enforcement_waits_for_the_compliance_deadline_xlvphc_art_86(ctx):
    world = evading_world()
    to_concluded(world)
    t = world.today
    record_violation(world, t - timedelta(days=3))
    explain(world, t - timedelta(days=2))
    issue_penalty(world, t - timedelta(days=2))
    with pytest.raises(GuardRejected) as refused:
        world.fire(
            "order_enforcement",
            world.legal,
            {"decision_date": t, "measure": "account_deduction", "signer_id": world.signer.id},
            t,
        )
    assert "Chưa hết thời hạn chấp hành" in refused.value.details["reasons"][0]
    # D-SERVE: received the day after; D-COMPLY then ends 10 days after receipt (XLVPHC Art. 73).
    world.fire("record_service", world.legal, {"received_on": t - timedelta(days=1)}, t)
    later = t + timedelta(days=10)
    world.fire(
        "order_enforcement",
        world.legal,
        {"decision_date": later, "measure": "account_deduction", "signer_id": world.signer.id},
        later,
    )
    assert world.case.state == CaseState.ENFORCING


def test_a_stale_version_is_a_conflict_never_an_overwrite(ctx):
    world = evading_world()
    stale = world.case.version
    world.fire("send_demand", world.inspector, demand(world, world.today), world.today)
    events = db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent))
    with pytest.raises(StaleCase):
        fire(
            world.case.id,
            "send_demand",
            world.inspector,
            version=stale,
            data=demand(world, world.today),
            today=world.today,
        )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent)) == events


def test_a_user_of_another_office_is_told_the_case_does_not_exist(ctx):
    world = evading_world()
    stranger = UserFactory()
    with pytest.raises(NotFound):
        fire(world.case.id, "send_demand", stranger, version=world.case.version, data={}, today=world.today)


def _snapshot(world) -> tuple:
    db.session.refresh(world.case)
    return (
        world.case.state,
        world.case.version,
        db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent).where(CaseEvent.case_id == world.case.id)),
        db.session.scalar(sa.select(sa.func.count()).select_from(Document).where(Document.case_id == world.case.id)),
        tuple(
            db.session.execute(
                sa.select(NumberRegister.register, NumberRegister.year, NumberRegister.last_number).order_by(
                    NumberRegister.id
                )
            ).all()
        ),
    )


@pytest.mark.parametrize("where", ["after_render", "at_event"])
def test_a_failure_after_the_pdf_is_rendered_leaves_everything_unchanged(ctx, monkeypatch, where):
    world = evading_world()
    to_concluded(world)
    before = _snapshot(world)
    t = world.today

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    if where == "after_render":
        real_render = document_service.render_pdf

        def render_then_fail(*args, **kwargs):
            real_render(*args, **kwargs)
            raise RuntimeError("disk full")

        monkeypatch.setattr(document_service, "render_pdf", render_then_fail)
    else:
        monkeypatch.setattr(audit, "append", boom)
    with pytest.raises(RuntimeError):
        world.fire(
            "record_violation",
            world.legal,
            {
                "record_date": t,
                "place": "Trụ sở",
                "violation": "Trốn đóng",
                "clause": "Nghị định 283/2026",
                "recorder": "C",
            },
            t,
        )
    assert _snapshot(world) == before


def test_verify_audit_finds_an_event_altered_directly_in_the_database(ctx):
    world = evading_world()
    assert audit.verify(world.case.id) == []
    target = db.session.scalars(
        sa.select(CaseEvent).where(CaseEvent.case_id == world.case.id).order_by(CaseEvent.seq)
    ).all()[2]
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    db.session.execute(sa.text("UPDATE case_events SET summary = 'sửa lén' WHERE id = :id"), {"id": target.id})
    db.session.expire_all()
    broken = audit.verify(world.case.id)
    assert [(b.case_id, b.seq) for b in broken] == [(world.case.id, target.seq)]
    assert "altered" in broken[0].reason


def test_a_deleted_event_breaks_the_chain_too(ctx):
    world = evading_world()
    events = db.session.scalars(
        sa.select(CaseEvent).where(CaseEvent.case_id == world.case.id).order_by(CaseEvent.seq)
    ).all()
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    db.session.execute(sa.text("DELETE FROM case_events WHERE id = :id"), {"id": events[1].id})
    db.session.expire_all()
    assert audit.verify(world.case.id)[0].seq == events[2].seq


def test_events_and_documents_refuse_update_and_delete_in_the_model_layer(ctx):
    world = evading_world()
    event = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == world.case.id)).first()
    event.summary = "changed"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    document = db.session.scalars(sa.select(Document).where(Document.case_id == world.case.id)).first()
    db.session.delete(document)
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_postgresql_refuses_to_update_an_event(ctx):
    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    world = evading_world()
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        db.session.execute(sa.text("UPDATE case_events SET summary = 'x' WHERE case_id = :c"), {"c": world.case.id})
    db.session.rollback()


def test_assignment_in_bulk_writes_one_event_per_case(ctx):
    world = evading_world()
    other = UserFactory(office=world.office, role="inspector")
    changed = assign([world.case.id, world.case.id], other.id, world.supervisor)
    assert [c.id for c in changed] == [world.case.id]
    event = db.session.scalars(
        sa.select(CaseEvent).where(CaseEvent.case_id == world.case.id).order_by(CaseEvent.seq.desc())
    ).first()
    assert event.action == "assignment" and event.details == {
        "from_user_id": world.inspector.id,
        "to_user_id": other.id,
        # the summary's template and names, for pages in another language (services.audit.new_event)
        audit.SUMMARY_TEXT: {"msgid": "Phân công: %(a)s → %(b)s",
                       "params": {"a": world.inspector.full_name, "b": other.full_name}},
    }
    with pytest.raises(Forbidden):
        assign([world.case.id], world.inspector.id, world.inspector)


def test_assignment_refuses_someone_of_another_office(ctx):
    world = evading_world()
    stranger = UserFactory(role="inspector")
    with pytest.raises(ValidationFailed):
        assign([world.case.id], stranger.id, world.supervisor)


def test_comments_are_timeline_events(ctx):
    world = evading_world()
    event = comment(world.case.id, "  Đã gọi điện cho kế toán đơn vị  ", world.inspector)
    assert event.action == "comment" and event.details["text"] == "Đã gọi điện cho kế toán đơn vị"
    assert audit.verify(world.case.id) == []


def test_deadlines_run_from_the_cases_events_lr_deadlines(ctx):
    world = evading_world()
    to_concluded(world)
    view = view_of(world.case, world.today)
    by_id = {d.id: d for d in view.deadlines}
    assert by_id["D-RECORD"].overdue  # concluded 30 days ago, no violation record yet
    assert by_id["D-LIMIT"].due.year == world.today.year + 1 or by_id["D-LIMIT"].due > world.today
    db.session.refresh(world.case)
    assert world.case.next_deadline_id is not None


def test_documents_carry_the_cases_figures(ctx):
    world = evading_world()
    to_concluded(world)
    conclusion = db.session.scalar(
        sa.select(Document).where(Document.case_id == world.case.id, Document.kind == "inspection_conclusion")
    )
    assert conclusion.number_text == "01/KL-BHXH" and conclusion.pdf.startswith(b"%PDF")
    assert (
        History.of(world.case.id).document(Trigger.CONCLUDE_INSPECTION, DocKind.INSPECTION_CONCLUSION).id
        == conclusion.id
    )
    assert db.session.get(Case, world.case.id).concluded_behaviour == "evasion"


def test_a_correction_supersedes_the_document_with_a_new_number_and_keeps_both(ctx):
    world = evading_world()
    to_concluded(world)
    old = db.session.scalar(
        sa.select(Document).where(Document.case_id == world.case.id, Document.kind == "inspection_conclusion")
    )
    version = world.case.version
    new = case_service.correct_document(world.case.id, old.id, "Sai số lao động", world.legal)
    assert new.supersedes_id == old.id and new.kind == old.kind and new.number == old.number + 1
    assert db.session.get(Document, old.id).sha256 == old.sha256  # the old one is untouched
    event = db.session.scalars(
        sa.select(CaseEvent).where(CaseEvent.case_id == world.case.id).order_by(CaseEvent.seq.desc())
    ).first()
    assert event.action == "document" and event.details["superseded"] == old.id
    db.session.refresh(world.case)
    assert world.case.version == version + 1 and audit.verify(world.case.id) == []
    with pytest.raises(ValidationFailed):
        case_service.correct_document(world.case.id, old.id, "lần hai", world.legal)
    with pytest.raises(Forbidden):
        case_service.correct_document(world.case.id, new.id, "x", world.inspector)


def test_a_correction_tells_another_office_nothing_and_checks_role_before_reason(ctx):
    world = evading_world()
    document = db.session.scalars(sa.select(Document).where(Document.case_id == world.case.id)).first()
    for role in (Role.INSPECTOR, Role.LEGAL):  # not Forbidden, not "no reason": the case is not theirs
        with pytest.raises(NotFound):
            case_service.correct_document(world.case.id, document.id, "", UserFactory(role=role))
    with pytest.raises(Forbidden):
        case_service.correct_document(world.case.id, document.id, "", world.inspector)
    with pytest.raises(NotFound):
        case_service.correct_document(world.case.id, document.id + 10_000, "Sai", world.legal)
    assert case_service.may_correct_documents(world.legal) and case_service.may_correct_documents(world.supervisor)
    assert not case_service.may_correct_documents(world.inspector) and not case_service.may_correct_documents(None)
    assert not db.session.scalar(sa.select(Document.id).where(Document.supersedes_id.is_not(None)))


def test_the_timeline_is_recorded_in_vietnamese_whatever_the_actors_language(app, db_session):
    from flask import session

    with app.test_request_context():
        world = evading_world()
        other = UserFactory(office=world.office, role="inspector")
        session["lang"] = "en"
        from flask_babel import gettext

        assert gettext("Phân công: %(a)s → %(b)s", a="x", b="y") != "Phân công: x → y"  # English is active
        assign([world.case.id], other.id, world.supervisor)
        world.fire("send_demand", world.supervisor, demand(world, world.today), world.today)
    events = db.session.scalars(
        sa.select(CaseEvent).where(CaseEvent.case_id == world.case.id).order_by(CaseEvent.seq.desc())
    ).all()
    assert events[0].summary == "Gửi văn bản đôn đốc"
    assert events[1].summary.startswith("Phân công:")
