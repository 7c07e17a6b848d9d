"""Firing workflow triggers on a case: one atomic transaction per user action.

``fire`` locks the case (``SELECT … FOR UPDATE`` on PostgreSQL, the version
counter everywhere), checks role and guards through ``enforcement.workflow``,
validates the trigger's input, issues the step's documents (number, PDF,
hash), moves the state and appends the timeline event — all in one
transaction.  Any failure rolls everything back; a stale version is a conflict,
never a silent overwrite.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from enforcement import clock
from enforcement.domain.arrears import ArrearsFigures
from enforcement.domain.article216 import Art216Result, evaluate_article216
from enforcement.domain.deadlines import CaseDates, Deadline, case_deadlines
from enforcement.domain.evasion import classify_month
from enforcement.domain.fines import propose_fine
from enforcement.domain.legal_params import ParamSet
from enforcement.errors import Forbidden, NotFound, StaleCase, ValidationFailed
from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, Document, EventAction, Role, Signer, User
from enforcement.pdf.context import period_display
from enforcement.services import audit, unit_of_work
from enforcement.services import documents as docs
from enforcement.services.legal_params import current_params, work_calendar
from enforcement.steps import (
    BEHAVIOUR_LABELS,
    ENFORCEMENT_MEASURES,
    InputContext,
    MonthToClassify,
    SignerChoice,
    validate_input,
)
from enforcement.workflow import (
    SYSTEM,
    Actor,
    Availability,
    CaseFacts,
    CaseState,
    DocKind,
    Step,
    Trigger,
    advance,
    availability,
    role_refusal,
    step_for,
)


def actor_of(user: User | None) -> Actor:
    return SYSTEM if user is None else Actor(user.id, str(user.role))


# --------------------------------------------------------------------------- history


@dataclass
class History:
    """The workflow steps recorded on a case's timeline, by trigger, oldest first."""

    steps: dict[str, list[dict[str, Any]]]

    @classmethod
    def of(cls, case_id: int) -> History:
        events = db.session.scalars(
            db.select(CaseEvent)
            .where(CaseEvent.case_id == case_id, CaseEvent.trigger.is_not(None))
            .order_by(CaseEvent.seq)
        )
        steps: dict[str, list[dict[str, Any]]] = {}
        for event in events:
            steps.setdefault(event.trigger, []).append(event.details)
        return cls(steps)

    def plus(self, trigger: str, details: dict[str, Any]) -> History:
        """This history with one more step (not yet stored), JSON-normalised like a stored event."""
        stored = json.loads(audit.canonical_json(details))
        return History({**self.steps, trigger: [*self.steps.get(trigger, []), stored]})

    def last(self, trigger: Trigger) -> dict[str, Any]:
        found = self.steps.get(trigger.value)
        return found[-1] if found else {}

    def value(self, trigger: Trigger, name: str) -> Any:
        return self.last(trigger).get("input", {}).get(name)

    def date(self, trigger: Trigger, name: str) -> date | None:
        raw = self.value(trigger, name)
        return date.fromisoformat(raw) if raw else None

    def dates(self, trigger: Trigger, name: str) -> list[date]:
        return [date.fromisoformat(d["input"][name]) for d in self.steps.get(trigger.value, []) if d["input"].get(name)]

    def document(self, trigger: Trigger, kind: DocKind) -> dict[str, Any]:
        for item in self.last(trigger).get("documents", []):
            if item["kind"] == kind.value:
                return item
        return {}


# --------------------------------------------------------------------------- facts


def case_dates(history: History) -> CaseDates:
    """The dates the statutory deadlines run from (LR-DEADLINES), read from the timeline."""
    behaviour = history.last(Trigger.CONCLUDE_INSPECTION).get("computed", {}).get("behaviour")
    decided = history.date(Trigger.ISSUE_PENALTY, "decision_date")
    return CaseDates(
        inspection_concluded_on=history.date(Trigger.CONCLUDE_INSPECTION, "conclusion_date"),
        violation_found=behaviour in ("evasion", "late_payment"),
        violation_recorded_on=history.date(Trigger.RECORD_VIOLATION, "record_date"),
        explanation_received_on=history.date(Trigger.RECORD_EXPLANATION, "received_on"),
        complex_case_reason=history.value(Trigger.RECORD_EXPLANATION, "complex_reason") or None,
        penalty_decided_on=decided,
        # Without a recorded date of service, the decision is taken as handed over on the day it is signed.
        decision_received_on=history.date(Trigger.ISSUE_PENALTY, "served_on") or decided,
        referral_received_on=history.date(Trigger.SEND_REFERRAL, "dispatch_date"),
        prosecution_decided_on=history.date(Trigger.RECORD_OUTCOME, "outcome_date"),
    )


def deadlines_of(case: Case, history: History, today: date, params: ParamSet) -> list[Deadline]:
    return case_deadlines(case_dates(history), today, work_calendar(), params)


def concluded_behaviour(behaviours: list[dict[str, Any]]) -> str:
    """The case's behaviour from the per-month classification: evasion wins over late payment."""
    kinds = {m["behaviour"] for m in behaviours}
    return "evasion" if "evasion" in kinds else "late_payment" if "late_payment" in kinds else "none"


def _prior_penalties(case: Case, history: History, deadlines: dict[str, Deadline]) -> list[dict[str, Any]]:
    """The employer's sanction history (LR-SANCTIONS) for LR-ART216 C5/C6: every decision of every case and
    those entered from before the system; this case's decision from its timeline when it has no history row
    (cases penalised before the history existed)."""
    from enforcement.services import sanctions

    penalties = sanctions.decisions_for_art216(case.employer_id)
    decided = history.date(Trigger.ISSUE_PENALTY, "decision_date")
    if decided and not any(p["case_id"] == case.id and p["source"] == "case" for p in penalties):
        comply = deadlines.get("D-COMPLY")
        behaviours = history.value(Trigger.CONCLUDE_INSPECTION, "behaviours") or []
        kind = history.last(Trigger.ISSUE_PENALTY).get("computed", {}).get("behaviour", "late_payment")
        penalties.append(
            {
                "decision_date": decided.isoformat(),
                "behaviour": kind if kind in ("evasion", "late_payment") else "late_payment",
                "conduct_months": sorted(m["period"] for m in behaviours if m["behaviour"] == kind),
                "compliance_deadline": (comply.due if comply else decided + timedelta(days=10)).isoformat(),
                "source": "case",
                "case_id": case.id,
            }
        )
    return penalties


def _evasion_months(behaviours: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The concluded evasion months in the Article 216 contract: the inspector's confirmed count of workers
    evaded (None until confirmed; the ledger headcount only as a suggestion) and the withheld shares."""
    out = []
    for m in behaviours:
        if m["behaviour"] != "evasion":
            continue
        out.append(
            {
                "period": m["period"],
                "amount": m["amount"],
                # Conclusions recorded before issue 16 carry only the ledger headcount: not a confirmed count.
                "employees": m.get("confirmed_employees"),
                "ledger_employees": m.get("ledger_employees", m.get("employees")),
                "withheld": m.get("withheld", 0) or 0,
            }
        )
    return out


def art216_input_of(
    case: Case, history: History, figures: ArrearsFigures, deadlines: dict[str, Deadline], today: date
) -> dict[str, Any] | None:
    """The Article 216 input built from the concluded figures, the sanction history and what is unpaid now."""
    behaviours = history.value(Trigger.CONCLUDE_INSPECTION, "behaviours")
    if not behaviours:
        return None
    evasion = _evasion_months(behaviours)
    penalties = _prior_penalties(case, history, deadlines)
    ordered = {p for pen in penalties if pen["behaviour"] == "evasion" for p in pen["conduct_months"]}
    outstanding = {str(m.period): m.outstanding for m in figures.months}
    prior = history.value(Trigger.DRAFT_REFERRAL, "prior_offences") or 0
    obj: dict[str, Any] = {
        "evaluation_date": today.isoformat(),
        "offender": "legal_entity" if history.value(Trigger.ISSUE_PENALTY, "offender") != "person" else "person",
        "evasion_months": evasion,
        "prior_offences": prior,
        "prior_penalties": penalties,
        # What the evasion decisions ordered paid and the concluded evasion months, still unpaid today (C6).
        "still_unpaid": sum(outstanding.get(p, 0) for p in ordered | {m["period"] for m in evasion}),
    }
    if not any(m["withheld"] for m in evasion):
        obj["withheld_not_paid"] = history.value(Trigger.CONCLUDE_INSPECTION, "withheld_not_paid") or 0
    return obj


def evaluate_art216(
    case: Case,
    history: History,
    figures: ArrearsFigures,
    deadlines: dict[str, Deadline],
    today: date,
    params: ParamSet,
) -> Art216Result | None:
    from enforcement.domain.article216 import parse_article216_input

    raw = art216_input_of(case, history, figures, deadlines, today)
    return None if raw is None else evaluate_article216(parse_article216_input(raw), params)


def repeat_offence_of(case: Case, history: History) -> Any:
    """LR-SANCTIONS: whether the evasion the inspection concluded is a repeat offence (None: no evasion)."""
    from enforcement.services import sanctions

    behaviours = history.value(Trigger.CONCLUDE_INSPECTION, "behaviours") or []
    months = [m["period"] for m in behaviours if m["behaviour"] == "evasion"]
    concluded_on = history.date(Trigger.CONCLUDE_INSPECTION, "conclusion_date")
    return sanctions.repeat_offence_for_case(case.employer_id, case.id, concluded_on, months)


@dataclass
class CaseView:
    """Everything the workflow needs to know about a case today."""

    case: Case
    history: History
    figures: ArrearsFigures
    deadlines: list[Deadline]
    art216: Art216Result | None
    facts: CaseFacts
    params: ParamSet
    today: date


def view_of(case: Case, today: date | None = None) -> CaseView:
    """Build the facts of ``case`` (history, figures, deadlines, Article 216) as of ``today``."""
    from enforcement.services.dossier import missing_evidence
    from enforcement.services.leads import lead_origin

    today = today or clock.today()
    params = current_params()
    history = History.of(case.id)
    figures = docs.employer_figures(case.employer_id, today, params)
    deadlines = deadlines_of(case, history, today, params)
    by_id = {d.id: d for d in deadlines}
    art216 = evaluate_art216(case, history, figures, by_id, today, params)
    repeat = repeat_offence_of(case, history)
    facts = CaseFacts(
        state=case.state,
        assignee_id=case.assignee_id,
        principal=figures.principal,
        today=today,
        concluded_behaviour=case.concluded_behaviour,
        penalty_behaviour=history.last(Trigger.ISSUE_PENALTY).get("computed", {}).get("behaviour"),
        deadlines=by_id,
        art216_passed=None if art216 is None else art216.passed,
        art216_failures=() if art216 is None else tuple(c.reason for c in art216.criteria if not c.met),
        evidence_missing=tuple(missing_evidence(case)) if case.state == CaseState.REFERRAL_DRAFTED else (),
        dismissal_requested=case.dismissal_requested,
        repeat_offence=repeat is not None and repeat.repeat,
        repeat_reason=repeat.reason if repeat is not None and repeat.repeat else "",
        returned_for_penalty=bool(history.steps.get(Trigger.RETURN_FOR_PENALTY.value)),
        origin_lead_id=lead_origin(case.id),
    )
    return CaseView(case, history, figures, deadlines, art216, facts, params, today)


def transitions_for(case: Case, user: User, today: date | None = None) -> list[Availability]:
    """Every trigger of the case's state, allowed or not, with reasons (UI buttons, API)."""
    return availability(view_of(case, today).facts, actor_of(user))


# --------------------------------------------------------------------------- input context


def _signers(case: Case) -> tuple[SignerChoice, ...]:
    rows = db.session.scalars(
        db.select(Signer).where(Signer.office_id == case.office_id, Signer.active).order_by(Signer.id)
    )
    return tuple(
        SignerChoice(s.id, f"{s.full_name} – {s.title}", s.fine_cap_person, s.fine_cap_organisation) for s in rows
    )


def months_to_classify(view: CaseView) -> tuple[MonthToClassify, ...]:
    """Months in arrears with their LR-EVASION suggestion (reminders = demand notices sent)."""
    reminders = view.history.dates(Trigger.SEND_DEMAND, "issue_date")
    out = []
    for m in view.figures.months:
        if not m.in_arrears:
            continue
        c = classify_month(m.period, m.outstanding, view.today, reminders, (), view.params)
        out.append(MonthToClassify(str(m.period), m.outstanding, m.employees, c.suggestion, c.reason))
    return tuple(out)


def input_context(view: CaseView, trigger: str) -> InputContext:
    proposal = None
    if trigger == Trigger.ISSUE_PENALTY:
        recorded = view.history.last(Trigger.RECORD_VIOLATION)
        record_date = view.history.date(Trigger.RECORD_VIOLATION, "record_date") or view.today
        base = recorded.get("computed", {}).get("principal", view.figures.principal)
        behaviour = view.case.concluded_behaviour or "late_payment"

        def proposal(decision_date: date, offender: str, mitigating: bool, aggravating: bool):
            return propose_fine(record_date, behaviour, offender, base, mitigating, aggravating, view.params)

    months = months_to_classify(view) if trigger == Trigger.CONCLUDE_INSPECTION else ()
    return InputContext(today=view.today, signers=_signers(view.case), months=months, fine_proposal=proposal)


def fold_form(trigger: str, form: dict[str, Any]) -> dict[str, Any]:
    """Fold per-month form fields (``behaviour_<period>``, ``reason_<period>``) into ``behaviours``."""
    data = dict(form)
    if trigger == Trigger.CONCLUDE_INSPECTION and "behaviours" not in data:
        data["behaviours"] = {
            key.removeprefix("behaviour_"): {
                "behaviour": value,
                "reason": form.get("reason_" + key[10:], ""),
                "employees": form.get("employees_" + key[10:], ""),
                "withheld": form.get("withheld_" + key[10:], ""),
            }
            for key, value in form.items()
            if key.startswith("behaviour_")
        }
    return data


# --------------------------------------------------------------------------- firing


@dataclass
class FireResult:
    case: Case
    event: CaseEvent
    documents: list[Document]


def load_case(case_id: int, user: User | None, *, lock: bool = False) -> Case:
    """The case, locked for update when asked; NotFound when missing or of another office."""
    query = db.select(Case).where(Case.id == case_id)
    if lock and db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Case)
    case = db.session.scalar(query)
    if case is None or (user is not None and case.office_id != user.office_id):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return case


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
    clean = validate_input(trigger, data, input_context(view, trigger))
    before = case.state
    computed = _computed(step, view, clean)
    advance(case, trigger, view.facts, actor)
    _record_facts(case, step, clean, computed)
    case.updated_at = clock_now()
    if case.state in (CaseState.SETTLED, CaseState.CLOSED):
        case.closed_at = clock_now()
    # Every change to the case row is made before the first flush: one UPDATE, one version.
    _set_next_deadline(case, view.history.plus(trigger, {"input": clean, "computed": computed}), today)
    documents = _issue_documents(case, step, view, clean, computed, user, extra_details or {})
    if step.trigger == Trigger.ISSUE_PENALTY:
        sanction = _record_sanction(case, view, clean, documents, user)
        computed = {**computed, "sanction_id": sanction.id}
    details = {
        "input": clean,
        "computed": computed,
        "documents": [_doc_ref(d) for d in documents],
        **(extra_details or {}),
    }
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


def _record_sanction(
    case: Case, view: CaseView, clean: dict[str, Any], documents: list[Document], user: User | None
) -> Any:
    """LR-SANCTIONS: the penalty decision enters the employer's sanction history, from the case's facts."""
    from enforcement.services import sanctions

    concluded = view.history.value(Trigger.CONCLUDE_INSPECTION, "behaviours") or []
    months = [m["period"] for m in concluded if m["behaviour"] in ("evasion", "late_payment")]
    kinds = [k for k in ("evasion", "late_payment") if any(m["behaviour"] == k for m in concluded)]
    decision = next((d for d in documents if d.kind == DocKind.PENALTY_DECISION), None)
    signer = db.session.get(Signer, clean.get("signer_id")) if clean.get("signer_id") else None
    article = view.history.value(Trigger.RECORD_VIOLATION, "clause") or ""
    days = clean.get("compliance_days")
    return sanctions.record_decision(
        employer_id=case.employer_id,
        office_id=case.office_id,
        decision_date=clean["decision_date"],
        behaviours=kinds or [case.concluded_behaviour or "late_payment"],
        conduct_months=months,
        number=decision.number_text if decision is not None and decision.number_text else f"hồ sơ {case.id}",
        signer=f"{signer.full_name} – {signer.title}" if signer else "",
        fines=[{"behaviour": case.concluded_behaviour, "article": article, "amount": clean.get("fine", 0)}],
        fine_total=clean.get("fine", 0) or 0,
        articles=[article] if article else [],
        received_on=clean.get("served_on"),
        compliance_days=days if isinstance(days, int) and days >= 10 else None,
        case_id=case.id,
        document_id=decision.id if decision is not None else None,
        actor=user,
    )


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


def _computed(step: Step, view: CaseView, clean: dict[str, Any]) -> dict[str, Any]:
    """Figures fixed at the time of the step, kept on the timeline."""
    figures = view.figures
    out: dict[str, Any] = {
        "principal": figures.principal,
        "interest": figures.interest,
        "months_in_arrears": figures.months_in_arrears,
        "as_of": view.today.isoformat(),
    }
    if step.trigger == Trigger.SEND_DEMAND:
        out["reminder_no"] = len(view.history.steps.get(Trigger.SEND_DEMAND.value, [])) + 1
    if step.trigger == Trigger.CONCLUDE_INSPECTION:
        out["behaviour"] = concluded_behaviour(clean["behaviours"])
    if step.trigger == Trigger.ISSUE_PENALTY:
        out["behaviour"] = view.case.concluded_behaviour
    if step.trigger in (Trigger.DRAFT_REFERRAL, Trigger.APPROVE_REFERRAL) and view.art216 is not None:
        out["article216"] = view.art216.to_dict()
    return out


def _record_facts(case: Case, step: Step, clean: dict[str, Any], computed: dict[str, Any]) -> None:
    if step.trigger == Trigger.CONCLUDE_INSPECTION:
        case.concluded_behaviour = computed["behaviour"]
    elif step.trigger == Trigger.ISSUE_PENALTY:
        case.penalty_decided_on = clean["decision_date"]
    elif step.trigger == Trigger.REQUEST_DISMISSAL:
        case.dismissal_requested = True
    elif step.trigger == Trigger.RECORD_OUTCOME:
        case.outcome = clean["outcome"]
    elif step.trigger == Trigger.DISMISS:
        case.outcome = "dismissed"
        case.dismissal_requested = False
    elif step.trigger == Trigger.SETTLE:
        case.outcome = "settled"


def _set_next_deadline(case: Case, history: History, today: date) -> None:
    """Keep the nearest running deadline on the row, for sorting lists."""
    running = [d for d in deadlines_of(case, history, today, current_params()) if d.running]
    nearest = min(running, key=lambda d: d.due, default=None) if case.is_open else None
    case.next_deadline = nearest.due if nearest else None
    case.next_deadline_id = nearest.id if nearest else None


# --------------------------------------------------------------------------- documents of a step


def _issue_documents(
    case: Case,
    step: Step,
    view: CaseView,
    clean: dict[str, Any],
    computed: dict[str, Any],
    user: User | None,
    details: dict[str, Any],
) -> list[Document]:
    from enforcement.services import dossier

    signer = db.session.get(Signer, clean["signer_id"]) if clean.get("signer_id") else _default_signer(case)
    issue_date = _issue_date(step, clean, view.today)
    issued: list[Document] = []
    for kind in step.documents:
        if kind in (DocKind.REFERRAL_DRAFT, DocKind.REFERRAL_DOSSIER):
            issued.append(
                dossier.issue_dossier(
                    case,
                    view,
                    draft=kind == DocKind.REFERRAL_DRAFT,
                    issue_date=issue_date,
                    signer=signer,
                    actor=user,
                    step_input=clean,
                    pending=issued,
                )
            )
            continue
        step_data = {**clean, **computed}
        extra = extras_for(kind, case, view, clean, details)
        issued.append(
            docs.issue(
                case,
                kind,
                issue_date=issue_date,
                signer=signer,
                figures=view.figures,
                step=step_data,
                extra=extra,
                actor=user,
            )
        )
    return issued


def _default_signer(case: Case) -> Signer | None:
    return db.session.scalar(
        db.select(Signer).where(Signer.office_id == case.office_id, Signer.active).order_by(Signer.is_deputy, Signer.id)
    )


_DATE_FIELDS = (
    "issue_date",
    "decision_date",
    "date",
    "conclusion_date",
    "record_date",
    "approval_date",
    "dispatch_date",
)


def _issue_date(step: Step, clean: dict[str, Any], today: date) -> date:
    for name in _DATE_FIELDS:
        if isinstance(clean.get(name), date):
            return clean[name]
    return today


def extras_for(
    kind: DocKind, case: Case, view: CaseView, clean: dict[str, Any], details: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Kind-specific facts a document prints, taken from earlier steps of the case."""
    h = view.history
    decision = h.document(Trigger.DECIDE_INSPECTION, DocKind.INSPECTION_DECISION)
    team = h.value(Trigger.DECIDE_INSPECTION, "team") or []
    extra: dict[str, Any] = {
        "decision_number": decision.get("number_text"),
        "decision_date": _iso(decision.get("issue_date")),
        "team": team,
        "team_leader": team[0].split("–")[0].strip() if team else "",
        "opened_date": h.date(Trigger.OPEN_INSPECTION, "date"),
    }
    if kind == DocKind.INSPECTION_CONCLUSION:
        extra.update(_conclusion_extra(clean))
    if kind in (
        DocKind.VIOLATION_RECORD,
        DocKind.PENALTY_DECISION,
        DocKind.ENFORCEMENT_DECISION,
        DocKind.RECOMMENDATION,
    ):
        extra.update(_penalty_extra(case, view, clean))
    if kind == DocKind.SETTLEMENT_NOTICE:
        extra["batch"] = (details or {}).get("batch")
    return extra


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _conclusion_extra(clean: dict[str, Any]) -> dict[str, Any]:
    months = clean["behaviours"]
    evasion = [m for m in months if m["behaviour"] == "evasion"]
    late = [m for m in months if m["behaviour"] == "late_payment"]
    behaviour = concluded_behaviour(months)
    return {
        "months": [
            {
                **m,
                "period": period_display(m["period"]),
                "behaviour_label": str(BEHAVIOUR_LABELS[m["behaviour"]]),
            }
            for m in months
        ],
        "evasion_months": len(evasion),
        "evasion_amount": sum(m["amount"] for m in evasion),
        "late_months": len(late),
        "late_amount": sum(m["amount"] for m in late),
        # Per evasion month when the inspector entered it (issue 16), else the single total of older conclusions.
        "withheld_total": sum(m.get("withheld", 0) or 0 for m in evasion) or clean.get("withheld_not_paid") or 0,
        "violation": behaviour in ("evasion", "late_payment"),
        "violation_label": {"evasion": "trốn đóng", "late_payment": "chậm đóng"}.get(behaviour, ""),
    }


def _penalty_extra(case: Case, view: CaseView, clean: dict[str, Any]) -> dict[str, Any]:
    from enforcement.legal_bases import violation_default

    h = view.history
    conclusion = h.document(Trigger.CONCLUDE_INSPECTION, DocKind.INSPECTION_CONCLUSION)
    record = h.document(Trigger.RECORD_VIOLATION, DocKind.VIOLATION_RECORD)
    penalty = h.document(Trigger.ISSUE_PENALTY, DocKind.PENALTY_DECISION)
    wording, clause = violation_default(case.concluded_behaviour or "late_payment", view.today)
    comply = view.facts.deadlines.get("D-COMPLY")
    measures = dict(ENFORCEMENT_MEASURES)
    art = view.art216
    return {
        "conclusion_number": conclusion.get("number_text"),
        "employees": h.value(Trigger.CONCLUDE_INSPECTION, "employees_affected") or case.employees_affected,
        "record_number": record.get("number_text"),
        "record_date": _iso(record.get("issue_date")),
        "record_time": h.value(Trigger.RECORD_VIOLATION, "record_time") or "",
        "record_place": h.value(Trigger.RECORD_VIOLATION, "place") or "",
        "explanation_date": h.date(Trigger.RECORD_EXPLANATION, "received_on"),
        "violation": h.value(Trigger.RECORD_VIOLATION, "violation") or wording,
        "clause": h.value(Trigger.RECORD_VIOLATION, "clause") or clause,
        "penalty_number": penalty.get("number_text"),
        "penalty_date": _iso(penalty.get("issue_date")),
        "fine": h.value(Trigger.ISSUE_PENALTY, "fine") or 0,
        "comply_due": comply.due if comply else None,
        "measure_label": str(measures.get(clean.get("measure", ""), "")),
        "agency": clean.get("agency") or h.value(Trigger.APPROVE_REFERRAL, "agency") or "",
        "art216": _art216_summary(art),
        "repeat_offence": view.facts.repeat_reason,
        "enclosures": [
            "Quyết định kiểm tra",
            "Biên bản làm việc",
            "Kết luận kiểm tra",
            "Biên bản vi phạm hành chính",
            "Quyết định xử phạt vi phạm hành chính",
            "Bảng kê số tiền trốn đóng",
            "Danh sách người lao động",
        ],
    }


def _art216_summary(art: Art216Result | None) -> dict[str, Any]:
    """The recommendation letter's figures: the counted months (C1), their amount (C3), confirmed workers (C4),
    the decision relied on (C5) and every criterion's evidence as sentences (LR-ART216)."""
    if art is None:
        return {"months": 0, "first": "", "last": "", "amount": 0, "employees": 0, "summary": "",
                "evidence": [], "employees_confirmed": False}
    counted_ids = set(art.criterion("C1").value.get("counted", []))
    counted = sorted((m for m in art.inputs.evasion_months if str(m.period) in counted_ids), key=lambda m: m.period)
    c4 = art.criterion("C4")
    return {
        "months": len(counted),
        "first": period_display(counted[0].period) if counted else "",
        "last": period_display(counted[-1].period) if counted else "",
        "amount": sum(m.amount for m in counted),
        "employees": c4.value,
        "employees_confirmed": c4.state != "undetermined",
        "summary": "; ".join(f"{c.id} {'đạt' if c.met else 'không đạt'}" for c in art.criteria)
        + (f"; thuộc khoản {art.band} Điều 216" if art.band else ""),
        "evidence": art.evidence_sentences(),
        "decision_title": _c5_decision_title(art),
    }


def _c5_decision_title(art: Art216Result) -> str:
    """ "Quyết định số 15/QĐ-XPHC ngày 01/03/2025": the penalty decision C5 relies on ("" when none)."""
    from enforcement.domain.periods import format_date

    decision = art.criterion("C5").evidence.get("decision") if art.criterion("C5").met else None
    if not decision:
        return ""
    number = f"số {decision['number']} " if decision.get("number") else ""
    return f"Quyết định {number}ngày {format_date(date.fromisoformat(decision['decision_date']))}"


# --------------------------------------------------------------------------- assignment, comments


def assign(case_ids: list[int], assignee_id: int | None, actor: User) -> list[Case]:
    """Assign (or unassign) cases of the actor's office; one event per case that changes.

    :raises Forbidden: the actor is not a supervisor, or the assignee is not an active
        inspector of the same office.
    """
    if actor.role != Role.SUPERVISOR:
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
                summary=_l("Phân công: %(a)s → %(b)s", a=before or "—", b=assignee.full_name if assignee else "—"),
                details={"from_user_id": previous, "to_user_id": assignee_id},
            )
            changed.append(case)
    return changed


def comment(case_id: int, text: str, actor: User) -> CaseEvent:
    """A comment on the case timeline."""
    from enforcement.steps import clean_text

    body = clean_text(text)
    if not body or len(body) > 5000:
        raise ValidationFailed(_("Nội dung ghi chú phải từ 1 đến 5000 ký tự."), errors={"text": [_("Không hợp lệ.")]})
    with unit_of_work():
        case = load_case(case_id, actor, lock=True)
        case.updated_at = clock_now()
        event = audit.append(case, EventAction.COMMENT, actor, summary=body[:200], details={"text": body})
    return event


MAX_CORRECTION_REASON = 1000
CORRECTING_ROLES = frozenset({Role.LEGAL, Role.SUPERVISOR})


def check_may_correct_documents(user: User) -> None:
    """Only legal staff and supervisors correct issued documents.

    :raises Forbidden: for any other role.
    """
    if user.role not in CORRECTING_ROLES:
        raise Forbidden(_("Chỉ cán bộ pháp chế hoặc lãnh đạo phòng được đính chính văn bản."))


def may_correct_documents(user: User | None) -> bool:
    """Whether ``user`` may correct documents (the case page shows the action only then)."""
    return user is not None and getattr(user, "role", None) in CORRECTING_ROLES


def correct_document(case_id: int, document_id: int, reason: str, user: User) -> Document:
    """Correct an issued document: a new, newly numbered document supersedes it; both are kept.

    One transaction: the case is locked, the correction issued, the case's version bumped
    and the event recorded.  Legal staff and supervisors only.  Checked in this order, so
    that a user of another office learns nothing about the case: the case and the document
    (``NotFound``), the role (``Forbidden``), the reason (``ValidationFailed``).

    :raises NotFound: no such case in the user's office, or no such document of the case.
    :raises Forbidden: an inspector or an admin.
    :raises ValidationFailed: no reason, or a document that cannot be corrected.
    """
    from enforcement.steps import clean_text

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
        try:
            new = docs.supersede(old, why, user)
        except docs.CannotSupersede as exc:
            raise ValidationFailed(str(exc), errors={"document_id": [str(exc)]}) from exc
        case.updated_at = clock_now()
        audit.append(
            case,
            EventAction.DOCUMENT,
            user,
            summary=_l(
                "Đính chính %(title)s %(old)s bằng văn bản %(new)s",
                title=old.title,
                old=old.number_text or f"#{old.id}",
                new=new.number_text or f"#{new.id}",
            ),
            details={"superseded": old.id, "document": new.id, "reason": why, "number_text": new.number_text},
        )
    return new
