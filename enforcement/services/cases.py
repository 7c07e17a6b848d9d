"""Firing workflow triggers on a case: one atomic transaction per user action.

``fire`` locks the case (``SELECT … FOR UPDATE`` on PostgreSQL, the version
counter everywhere), checks role and guards through ``enforcement.workflow``,
validates the trigger's input, issues the step's documents (number, PDF,
hash), moves the state and appends the timeline event — all in one
transaction.  Any failure rolls everything back; a stale version is a conflict,
never a silent overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from enforcement import clock
from enforcement.domain.text import DOCUMENT_KIND, Text, say
from enforcement.domain.vocabulary import Behaviour
from enforcement.errors import Forbidden, GuardRejected, NotFound, StaleCase, ValidationFailed
from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, Document, EventAction, Role, Signer, User
from enforcement.permissions import Permission, has_permission
from enforcement.services import audit, issuing, unit_of_work
from enforcement.services import documents as docs
from enforcement.services.case_view import (
    CaseView,
    History,
    StepRecord,
    deadlines_of,
    input_context,
    months_to_classify,
    view_of,
)
from enforcement.services.legal_params import current_params
from enforcement.services.queries import load_case
from enforcement.steps import Computed, clean_text, parse_input, step_of
from enforcement.workflow import (
    FINAL_STATES,
    OPEN_STATES,
    SYSTEM,
    Actor,
    Availability,
    DocKind,
    Trigger,
    advance,
    availability,
    guard_reasons,
    role_refusal,
    step_for,
)

__all__ = [
    "CaseView",
    "FireResult",
    "assign",
    "comment",
    "correct_document",
    "fire",
    "input_context",
    "load_case",
    "months_to_classify",
    "transitions_for",
    "view_of",
]


def actor_of(user: User | None) -> Actor:
    return SYSTEM if user is None else Actor(user.id, str(user.role))


def transitions_for(case: Case, user: User, today: date | None = None) -> list[Availability]:
    """Every trigger of the case's state, allowed or not, with reasons (UI buttons, API)."""
    return availability(view_of(case, today).facts, actor_of(user))


def fold_form(trigger: str, form: dict[str, Any]) -> dict[str, Any]:
    """A form post as the trigger's raw input (see ``StepDef.fold_form``)."""
    return step_of(trigger).fold_form(form) if trigger in _TRIGGERS else dict(form)


_TRIGGERS = frozenset(t.value for t in Trigger)

# --------------------------------------------------------------------------- firing


@dataclass
class FireResult:
    case: Case
    event: CaseEvent
    documents: list[Document]


def fire(
    case_id: int,
    trigger: str,
    user: User,
    *,
    version: int | None,
    data: dict[str, Any],
    today: date | None = None,
) -> FireResult:
    """Fire ``trigger`` on a case as ``user``: all of it commits, or none of it.

    :raises NotFound: no such case in the user's office.
    :raises StaleCase: ``version`` is not the case's current version.
    :raises Forbidden: the user's role or assignment does not allow the trigger.
    :raises GuardRejected: not available in this state, or a guard failed.
    :raises ValidationFailed: the input is invalid (errors per field).
    """
    try:
        with unit_of_work():
            case = load_case(case_id, user, lock=True)
            if version is None or int(version) != case.version:
                raise StaleCase(
                    _(
                        "Hồ sơ vừa được người khác cập nhật (phiên bản %(v)s). Vui lòng tải lại và thử lại.",
                        v=case.version,
                    ),
                    current_version=case.version,
                )
            result = _fire_locked(case, trigger, user, fold_form(trigger, data), today or clock.today())
    except StaleDataError:
        raise StaleCase(_("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại và thử lại.")) from None
    return result


def preview(case_id: int, trigger: str, user: User, *, data: dict[str, Any], today: date | None = None) -> bytes:
    """The documents firing ``trigger`` would issue now, as one draft PDF (DỰ THẢO, no number): nothing is written.

    The same checks as ``fire`` (role, guards, input), so a preview is never shown for a step that would be
    refused; nothing is numbered, stored or recorded.

    :raises Forbidden, GuardRejected, ValidationFailed: as ``fire``.
    """
    case = load_case(case_id, user)
    today = today or clock.today()
    view = view_of(case, today)
    step = step_for(trigger, case.state)
    refusal = role_refusal(step, view.facts, actor_of(user))
    if refusal:
        raise Forbidden(refusal)
    if reasons := guard_reasons(step, view.facts):
        raise GuardRejected(_("Chưa đủ điều kiện: %(step)s.", step=str(step.label)), reasons=reasons)
    definition = step_of(trigger)
    value = parse_input(trigger, fold_form(trigger, data), input_context(view, trigger))
    record = StepRecord(step.trigger, value, _computed(view, definition.compute(view, value)), ())
    documents = issuing.preview_step_documents(case, record, view)
    return docs.merge_pdfs(pdf for _kind, pdf in documents)


def fire_as_system(case: Case, trigger: Trigger, details: dict[str, Any], today: date) -> FireResult:
    """Detection's triggers (``settle``), inside the caller's transaction."""
    return _fire_locked(case, trigger.value, None, {"note": details.get("note", "")}, today, extra_details=details)


def _fire_locked(
    case: Case,
    trigger: str,
    user: User | None,
    data: dict[str, Any],
    today: date,
    extra_details: dict[str, Any] | None = None,
) -> FireResult:
    view = view_of(case, today)
    actor = actor_of(user)
    step = step_for(trigger, case.state)
    refusal = role_refusal(step, view.facts, actor)
    if refusal:
        raise Forbidden(refusal)
    definition = step_of(trigger)
    value = parse_input(trigger, data, input_context(view, trigger))
    before = case.state
    computed = _computed(view, definition.compute(view, value))
    record = StepRecord(step.trigger, value, computed, (), dict(extra_details or {}))
    advance(case, trigger, view.facts, actor)
    definition.record(case, value, computed)
    case.updated_at = clock_now()
    if case.state in FINAL_STATES:
        case.closed_at = clock_now()
    # Every change to the case row is made before the first flush: one UPDATE, one version.
    _set_next_deadline(case, view.history.plus(record), today)
    documents = issuing.issue_step_documents(case, record, view, user)
    details = {**record.details(), "documents": [_doc_ref(d) for d in documents]}
    if step.trigger == Trigger.ISSUE_PENALTY:
        details["sanction_id"] = _record_sanction(case, view, value, documents, user).id
    elif step.trigger == Trigger.RECORD_RECEIVED_DECISION:
        details["sanction_id"] = _record_received_sanction(case, view, value, user).id
    elif step.trigger in (Trigger.RECORD_SERVICE, Trigger.RECORD_FINE_PAYMENT):
        row = _follow_sanction(case, view, step.trigger, value, record, user)
        if row is not None:
            details["sanction_id"] = row.id
    action = (
        EventAction.TRANSITION
        if case.state != before
        else EventAction.REMINDER
        if trigger == Trigger.SEND_DEMAND
        else EventAction.EDIT
    )
    try:
        event = audit.append(
            case,
            action,
            user,
            summary=step.label,
            trigger=trigger,
            from_state=before,
            to_state=case.state,
            details=details,
        )
    except StaleDataError:
        raise StaleCase(_("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại và thử lại.")) from None
    return FireResult(case, event, documents)


def _record_sanction(case: Case, view: CaseView, value: Any, documents: list[Document], user: User | None) -> Any:
    """LR-SANCTIONS: the penalty decision enters the employer's sanction history, from the case's facts."""
    from enforcement.services import sanctions

    return sanctions.record_decision(**_penalty_facts(case, view, value, documents), actor=user)


def _penalty_facts(case: Case, view: CaseView, value: Any, documents: list[Document]) -> dict[str, Any]:
    """The facts of the penalty decision the history keeps (issued, or as a correction changed them)."""
    kinds, conduct_months = _sanction_facts(view)
    decision = next((d for d in documents if d.kind == DocKind.PENALTY_DECISION), None)
    signer = db.session.get(Signer, value.signer_id) if value.signer_id else None
    recorded = view.history.input(Trigger.RECORD_VIOLATION)
    article = (recorded.clause if recorded else "") or ""
    days = value.compliance_days
    # LR-FINE: one entry per violation as decided (its behaviour code, citation and fine).
    decided = (value.fine_proposal or {}).get("violations") or []
    fines = [{"behaviour": v["behaviour"], "article": v.get("citation") or v.get("article", ""),
              "amount": int(v.get("fine", v.get("proposal")) or 0)} for v in decided]
    if not fines:
        fines = [{"behaviour": str(case.concluded_behaviour), "article": article, "amount": value.fine or 0}]
    codes = [f["behaviour"] for f in fines] if decided else kinds
    every_warning = bool(decided) and all(v.get("form") == "warning" for v in decided)
    return {
        "employer_id": case.employer_id,
        "office_id": case.office_id,
        "decision_date": value.decision_date,
        "behaviours": codes,
        "conduct_months": conduct_months,
        "number": decision.number_text if decision is not None and decision.number_text else f"hồ sơ {case.id}",
        "signer": f"{signer.full_name} – {signer.title}" if signer else "",
        "form": "warning" if every_warning else "fine",
        "fines": fines,
        "fine_total": value.fine or 0,
        "articles": [f["article"] for f in fines if f["article"]] if decided else ([article] if article else []),
        "received_on": value.served_on,
        "compliance_days": days if isinstance(days, int) and days >= 10 else None,
        "case_id": case.id,
        "document_id": decision.id if decision is not None else None,
    }


def _sanction_facts(view: CaseView) -> tuple[list[str], list[str]]:
    """The behaviours (codes) and the contribution months of the violations the case's conclusion found."""
    concluded = view.history.input(Trigger.CONCLUDE_INSPECTION)
    months = list(concluded.behaviours) if concluded else []
    violations = [m for m in months if m.behaviour in (Behaviour.EVASION, Behaviour.LATE_PAYMENT)]
    kinds = [k.value for k in (Behaviour.EVASION, Behaviour.LATE_PAYMENT) if any(m.behaviour == k for m in months)]
    return kinds or [str(view.case.concluded_behaviour or Behaviour.LATE_PAYMENT)], [m.period for m in violations]


def _record_received_sanction(case: Case, view: CaseView, value: Any, user: User | None) -> Any:
    """LR-COMPETENCE / LR-SANCTIONS: the competent authority's decision enters the employer's history, with the
    signed PDF the legal staff named."""
    from enforcement.models import Evidence
    from enforcement.services import evidence as evidence_service
    from enforcement.services import sanctions

    kinds, months = _sanction_facts(view)
    pdf = db.session.get(Evidence, value.evidence_id)
    if pdf is None or pdf.case_id != case.id:  # pragma: no cover - validated against the case's evidence
        raise ValidationFailed(_("Không tìm thấy tệp quyết định."), errors={"evidence_id": [_("Không hợp lệ.")]})
    behaviour = str(case.concluded_behaviour or Behaviour.LATE_PAYMENT)
    return sanctions.record_decision(
        employer_id=case.employer_id,
        office_id=case.office_id,
        decision_date=value.decision_date,
        behaviours=kinds,
        conduct_months=months,
        number=value.decision_number,
        signer=value.signer_title,
        form="fine" if (value.fine_total or 0) > 0 else "warning",
        fines=[{"behaviour": behaviour, "article": item["violation"], "amount": item["amount"]}
               for item in value.fine_items or []],
        fine_total=value.fine_total or 0,
        articles=[item["violation"] for item in value.fine_items or []],
        received_on=value.served_on,
        compliance_days=value.compliance_days,
        case_id=case.id,
        actor=user,
        document=(pdf.file_name, pdf.mime, evidence_service.verified_bytes(pdf)),
    )


def _follow_sanction(case: Case, view: CaseView, trigger: Trigger, value: Any, record: StepRecord,
                     user: User | None) -> Any:
    """The case's decision in the sanction history takes the date of receipt, or the payment of the fine (and
    the day it was complied with, once the fine and the amounts are all paid)."""
    from enforcement.services import sanctions

    row = sanctions.decision_of_case(case.id)
    if row is None:
        return None
    if trigger == Trigger.RECORD_SERVICE:
        return sanctions.update_decision(row, actor=user, received_on=value.received_on)
    after = view.history.plus(record)
    from enforcement.services.case_view import complied_on
    from enforcement.steps.data import case_decision

    decision = case_decision(after)
    changes: dict[str, Any] = {
        "fine_paid_on": value.paid_on,
        "fine_paid_amount": decision.fine_paid if decision else value.amount,
        "payment_receipt": value.receipt_number,
    }
    if (done := complied_on(after)) is not None:
        changes["complied_on"] = done
    return sanctions.update_decision(row, actor=user, **changes)


def clock_now():
    from enforcement.db import utc_now

    return utc_now()


def _doc_ref(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "kind": document.kind,
        "number_text": document.number_text,
        "issue_date": document.issue_date.isoformat(),
    }


def _computed(view: CaseView, extra: dict[str, Any]) -> Computed:
    """Figures fixed at the time of the step, kept on the timeline."""
    figures = view.figures
    return Computed(
        principal=figures.principal,
        interest=figures.interest,
        months_in_arrears=figures.months_in_arrears,
        as_of=view.today,
        **extra,
    )


def _set_next_deadline(case: Case, history: History, today: date) -> None:
    """Keep the nearest running deadline on the row, for sorting lists.

    Reading the legal parameters and the calendar must not flush the case's pending changes: the row is written once,
    with one new version (tests/concurrency/test_concurrent_fire.py).
    """
    with db.session.no_autoflush:
        running = [d for d in deadlines_of(history, today, current_params()) if d.running and not d.milestone]
    nearest = min(running, key=lambda d: d.due, default=None) if case.is_open else None
    case.next_deadline = nearest.due if nearest else None
    case.next_deadline_id = nearest.id if nearest else None


def refresh_next_deadlines(office_id: int | None = None, today: date | None = None) -> int:
    """Recompute the nearest running deadline kept on each open case (a sort key derived from the timeline,
    not a fact of the case: no event, no new version). For rows computed before deadlines closed when they
    no longer apply (issue 17); the number of cases whose key changed."""
    import sqlalchemy as sa

    today = today or clock.today()
    query = sa.select(Case).where(Case.state.in_([s.value for s in OPEN_STATES]))
    if office_id is not None:
        query = query.where(Case.office_id == office_id)
    changed = 0
    params = current_params()
    for case in db.session.scalars(query).all():
        running = [d for d in deadlines_of(History.of(case.id), today, params) if d.running and not d.milestone]
        nearest = min(running, key=lambda d: d.due, default=None)
        due, ident = (nearest.due, nearest.id) if nearest else (None, None)
        if (case.next_deadline, case.next_deadline_id) != (due, ident):
            db.session.execute(sa.update(Case).where(Case.id == case.id)
                               .values(next_deadline=due, next_deadline_id=ident)
                               .execution_options(synchronize_session=False))
            changed += 1
    db.session.commit()
    return changed


# --------------------------------------------------------------------------- assignment, comments


def assign(case_ids: list[int], assignee_id: int | None, actor: User) -> list[Case]:
    """Assign (or unassign) cases of the actor's office; one event per case that changes.

    :raises Forbidden: the actor is not a supervisor, or the assignee is not an active
        inspector of the same office.
    """
    if not has_permission(actor, Permission.CASE_ASSIGN):
        raise Forbidden(_("Chỉ lãnh đạo phòng được phân công hồ sơ."))
    assignee = db.session.get(User, assignee_id) if assignee_id else None
    if assignee_id and (
        assignee is None
        or assignee.office_id != actor.office_id
        or not assignee.active
        or assignee.role != Role.INSPECTOR
    ):
        raise ValidationFailed(
            _("Người được phân công phải là cán bộ kiểm tra đang hoạt động của cơ quan."),
            errors={"assignee_id": [_("Cán bộ không hợp lệ.")]},
        )
    changed = []
    with unit_of_work():
        for case_id in dict.fromkeys(case_ids):
            case = load_case(case_id, actor, lock=True)
            if not case.is_open:
                raise ValidationFailed(
                    _("Hồ sơ #%(id)d đã kết thúc: không phân công lại.", id=case.id),
                    errors={"case_ids": [_("Hồ sơ đã kết thúc.")]},
                )
            if case.assignee_id == assignee_id:
                continue
            previous = case.assignee_id
            before = case.assignee.full_name if case.assignee else None
            case.assignee_id = assignee_id
            case.updated_at = clock_now()
            audit.append(
                case,
                EventAction.ASSIGNMENT,
                actor,
                summary=say("Phân công: %(a)s → %(b)s", a=before or "—", b=assignee.full_name if assignee else "—"),
                details={"from_user_id": previous, "to_user_id": assignee_id},
            )
            changed.append(case)
    return changed


def comment(case_id: int, text: str, actor: User) -> CaseEvent:
    """A comment on the case timeline."""
    body = clean_text(text)
    if not body or len(body) > 5000:
        raise ValidationFailed(_("Nội dung ghi chú phải từ 1 đến 5000 ký tự."), errors={"text": [_("Không hợp lệ.")]})
    with unit_of_work():
        case = load_case(case_id, actor, lock=True)
        case.updated_at = clock_now()
        event = audit.append(case, EventAction.COMMENT, actor, summary=body[:200], details={"text": body})
    return event


MAX_CORRECTION_REASON = 1000


def check_may_correct_documents(user: User) -> None:
    """Only legal staff and supervisors correct issued documents.

    :raises Forbidden: for any other role.
    """
    if not has_permission(user, Permission.DOCUMENT_CORRECT):
        raise Forbidden(_("Chỉ cán bộ pháp chế hoặc lãnh đạo phòng được đính chính văn bản."))


def may_correct_documents(user: User | None) -> bool:
    """Whether ``user`` may correct documents (the case page shows the action only then)."""
    return user is not None and has_permission(user, Permission.DOCUMENT_CORRECT)


def correction_form(case_id: int, document_id: int, user: User) -> tuple[StepRecord, CaseView]:
    """The step that issued the document, as its corrections left it, and the case as it stood then:
    what the correction form is drawn from (its fields, filled with the original values).

    :raises NotFound, Forbidden: as ``correct_document``; ``ValidationFailed`` when it cannot be corrected.
    """
    case = load_case(case_id, user)
    old = db.session.get(Document, document_id)
    if old is None or old.case_id != case.id:
        raise NotFound(_("Không tìm thấy văn bản."))
    check_may_correct_documents(user)
    try:
        record = issuing.issuing_record(old)
    except issuing.CannotSupersede as exc:
        raise ValidationFailed(str(exc), errors={"document_id": [str(exc)]}) from exc
    return record, view_of(case, record.computed.as_of or old.issue_date)


def correction_context(view: CaseView, trigger: str) -> Any:
    """Validating a corrected input: the case as it stood at the step, dates up to today."""
    from dataclasses import replace

    return replace(input_context(view, trigger), today=clock.today())


def _correct_sanction(case: Case, old: Document, new: Document, record: Any, user: User) -> None:
    """LR-SANCTIONS: the employer's history follows a corrected penalty decision (its number and document,
    and the facts the corrected values changed); the change is kept on the history's row."""
    from enforcement.services import sanctions

    row = sanctions.decision_of_case(case.id)
    if row is None or row.document_id != old.id:
        return
    if record is None:  # issued again as it was: a new number and document
        facts = {"number": new.number_text or row.number, "document_id": new.id}
    else:
        view = view_of(case, record.computed.as_of or new.issue_date)
        facts = _penalty_facts(case, view, record.input, [new])
        for name in ("employer_id", "office_id", "case_id"):
            facts.pop(name)
        if facts["received_on"] is None:  # the date of receipt may have been recorded since (D-SERVE)
            facts.pop("received_on")
    sanctions.correct_decision(row, actor=user, corrected_document=old.number_text or f"#{old.id}", **facts)


def correct_document(case_id: int, document_id: int, reason: str, user: User,
                     data: dict[str, Any] | None = None) -> Document:
    """Correct an issued document: a new, newly numbered document supersedes it; both are kept.

    One transaction: the case is locked, the correction issued, the case's version bumped
    and the event recorded.  Legal staff and supervisors only.  Checked in this order, so
    that a user of another office learns nothing about the case: the case and the document
    (``NotFound``), the role (``Forbidden``), the reason (``ValidationFailed``).

    :raises NotFound: no such case in the user's office, or no such document of the case.
    :raises Forbidden: an inspector or an admin.
    :param data: the step's form with the corrected values (None: the document is issued again as it was,
        with the new number and the reason).
    :raises ValidationFailed: no reason, invalid corrected values, or a document that cannot be corrected.
    """
    with unit_of_work():
        case = load_case(case_id, user, lock=True)
        old = db.session.get(Document, document_id)
        if old is None or old.case_id != case.id:
            raise NotFound(_("Không tìm thấy văn bản."))
        check_may_correct_documents(user)
        why = clean_text(reason)
        if not why or len(why) > MAX_CORRECTION_REASON:
            problem = _("Tối đa %(n)d ký tự.", n=MAX_CORRECTION_REASON) if why else _("Không được để trống.")
            raise ValidationFailed(_("Phải ghi lý do đính chính (tối đa 1000 ký tự)."), errors={"reason": [problem]})
        record = None
        try:
            if data is not None:
                original = issuing.issuing_record(old)
                view = view_of(case, original.computed.as_of or old.issue_date)
                trigger = original.trigger.value
                value = parse_input(trigger, fold_form(trigger, data), correction_context(view, trigger))
                record = issuing.corrected_record(original, view, value)
                step_of(trigger).record(case, value, record.computed)
            new = issuing.supersede(old, why, user, record=record)
        except issuing.CannotSupersede as exc:
            raise ValidationFailed(str(exc), errors={"document_id": [str(exc)]}) from exc
        if old.kind == DocKind.PENALTY_DECISION.value:
            _correct_sanction(case, old, new, record, user)
        case.updated_at = clock_now()
        corrected = {}
        if record is not None:  # the corrected values, read back by History and by a later correction
            corrected = {"trigger_corrected": record.trigger.value, "input": record.step.payload(record.input),
                         "computed": record.computed.payload(), "issued": _doc_ref(new)}
        audit.append(
            case,
            EventAction.DOCUMENT,
            user,
            summary=say(
                "Đính chính %(title)s %(old)s bằng văn bản %(new)s",
                title=Text(old.title, context=DOCUMENT_KIND),
                old=old.number_text or f"#{old.id}",
                new=new.number_text or f"#{new.id}",
            ),
            details={"superseded": old.id, "document": new.id, "reason": why, "number_text": new.number_text,
                     **corrected},
        )
    return new
