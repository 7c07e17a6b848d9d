"""The read model of a case: its facts parsed once from its timeline, typed by the steps' ``Input``.

``History`` holds every workflow step recorded on the case's timeline, oldest
first, each as a ``StepRecord``: the step's typed input (read back through the
step's ``Input``, so old payloads with fewer fields still load), the figures
fixed at the time (``Computed``) and the documents it issued (``DocRef``).
``CaseView`` adds what the case is today: its arrears figures, its statutory
deadlines, the Article 216 evaluation and the ``CaseFacts`` the workflow guards
read.  The guards, the documents, the dossier, the UI and the API all read a
case through ``view_of``.

Layering (no import cycle, see tests/services/test_layering.py):
``documents`` / ``checklist`` ← ``case_view`` ← ``dossier`` ← ``issuing`` ← ``cases``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from enforcement import clock
from enforcement.domain.arrears import ArrearsFigures
from enforcement.domain.article216 import Art216Result, evaluate_article216, parse_article216_input
from enforcement.domain.deadlines import CaseDates, Deadline, case_deadlines, decision_base_due
from enforcement.domain.legal_params import ParamSet
from enforcement.domain.periods import Period, add_months, format_date
from enforcement.domain.vocabulary import VIOLATIONS, Behaviour, Offender
from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, EventAction, SanctionDecision, Signer
from enforcement.services import documents as docs
from enforcement.services import sanctions
from enforcement.services.checklist import ChecklistFacts, Missing, missing_evidence, missing_items
from enforcement.services.leads import lead_origin
from enforcement.services.legal_params import current_params, work_calendar
from enforcement.steps import Computed, InputContext, SignerChoice, StepDef, step_of
from enforcement.steps.conclusion import months_to_classify
from enforcement.steps.data import case_decision
from enforcement.steps.fields import EvidenceChoice
from enforcement.workflow import CaseFacts, CaseState, DocKind, Trigger

__all__ = ["CaseView", "History", "StepRecord", "months_to_classify", "view_of"]

_TRIGGERS = frozenset(t.value for t in Trigger)

# --------------------------------------------------------------------------- the timeline, typed


@dataclass(frozen=True)
class DocRef:
    """A document a step issued, as the event names it."""

    id: int
    kind: str
    number_text: str | None
    issue_date: date

    @classmethod
    def load(cls, raw: dict[str, Any]) -> DocRef:
        return cls(raw["id"], raw["kind"], raw.get("number_text"), date.fromisoformat(raw["issue_date"]))

    def payload(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "number_text": self.number_text,
                "issue_date": self.issue_date.isoformat()}


@dataclass(frozen=True)
class StepRecord:
    """One workflow step on the timeline: typed input, figures fixed then, documents issued, anything else."""

    trigger: Trigger
    input: Any
    computed: Computed
    documents: tuple[DocRef, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. detection's ``batch``
    seq: int = 0  # the event's place on the timeline (0: not stored yet, the newest)
    actor_id: int | None = None  # who took the step (None: the system, or not stored yet)

    @property
    def order(self) -> float:
        return self.seq or float("inf")

    @property
    def step(self) -> StepDef:
        return step_of(self.trigger)

    @classmethod
    def load(cls, trigger: Trigger, details: dict[str, Any] | None, seq: int = 0,
             actor_id: int | None = None) -> StepRecord:
        details = details or {}
        step = step_of(trigger)
        return cls(
            trigger,
            step.load(details.get("input")),
            Computed.load(details.get("computed")),
            tuple(DocRef.load(d) for d in details.get("documents", [])),
            {k: v for k, v in details.items() if k not in ("input", "computed", "documents")},
            seq,
            actor_id,
        )

    def details(self) -> dict[str, Any]:
        """The event's ``details`` (what ``load`` reads back)."""
        return {
            "input": self.step.payload(self.input),
            "computed": self.computed.payload(),
            "documents": [d.payload() for d in self.documents],
            **self.extra,
        }

    def template_data(self) -> dict[str, Any]:
        """What a document template reads as ``step``: the input and the figures fixed at the step."""
        return {**self.step.payload(self.input), **self.computed.payload()}

    def document(self, kind: DocKind) -> DocRef | None:
        return next((d for d in self.documents if d.kind == kind.value), None)

    def corrected(self, details: dict[str, Any]) -> StepRecord:
        """This step as a correction of one of its documents left it (``services.cases.correct_document``)."""
        if not any(d.id == details.get("superseded") for d in self.documents):
            return self
        issued = DocRef.load(details["issued"])
        return StepRecord(
            self.trigger, self.step.load(details["input"]),
            Computed.load(details["computed"]) if details.get("computed") else self.computed,
            tuple(issued if d.id == details["superseded"] else d for d in self.documents), self.extra,
            self.seq, self.actor_id,
        )


@dataclass(frozen=True)
class History:
    """The workflow steps recorded on a case's timeline, by trigger, oldest first."""

    records: dict[Trigger, tuple[StepRecord, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, case_id: int) -> History:
        """The case's steps; a document's correction that changed its step's values replaces them."""
        events = db.session.scalars(
            db.select(CaseEvent)
            .where(CaseEvent.case_id == case_id,
                   sa.or_(CaseEvent.trigger.is_not(None), CaseEvent.action == EventAction.DOCUMENT))
            .order_by(CaseEvent.seq)
        )
        records: list[StepRecord] = []
        for e in events:
            if e.trigger in _TRIGGERS:
                records.append(StepRecord.load(Trigger(e.trigger), e.details, e.seq, e.actor_id))
            elif (e.details or {}).get("input") is not None and (e.details or {}).get("issued"):
                records = [r.corrected(e.details) for r in records]
        return cls.from_records(records)

    @classmethod
    def from_records(cls, records: Any) -> History:
        out: dict[Trigger, tuple[StepRecord, ...]] = {}
        for record in records:
            out[record.trigger] = (*out.get(record.trigger, ()), record)
        return cls(out)

    def plus(self, record: StepRecord) -> History:
        """This history with one more step (not yet stored)."""
        return History({**self.records, record.trigger: (*self.all(record.trigger), record)})

    def all(self, trigger: Trigger) -> tuple[StepRecord, ...]:
        return self.records.get(trigger, ())

    def last(self, trigger: Trigger) -> StepRecord | None:
        found = self.records.get(trigger)
        return found[-1] if found else None

    def input(self, trigger: Trigger) -> Any:
        """The typed input of the last ``trigger`` step (None when it never fired)."""
        last = self.last(trigger)
        return last.input if last else None

    def inputs(self, trigger: Trigger) -> list[Any]:
        return [r.input for r in self.all(trigger)]

    def document(self, trigger: Trigger, kind: DocKind) -> DocRef | None:
        last = self.last(trigger)
        return last.document(kind) if last else None

    def pending_return(self) -> StepRecord | None:
        """The supervisor's return of the drafted referral not yet answered by a new draft (None: none)."""
        returned, drafted = self.last(Trigger.RETURN_REFERRAL), self.last(Trigger.DRAFT_REFERRAL)
        if returned is None or (drafted is not None and drafted.order > returned.order):
            return None
        return returned


# --------------------------------------------------------------------------- facts


def _fired_on(record: StepRecord | None) -> date | None:
    """The day a step was taken (the figures' date kept on the timeline)."""
    return record.computed.as_of if record is not None else None


_CLOSING = {
    Trigger.SETTLE: "đơn vị đã nộp đủ",
    Trigger.DISMISS: "hồ sơ đã bị đình chỉ",
    Trigger.RECORD_OUTCOME: "đã ghi nhận kết quả giải quyết của cơ quan điều tra",
}


def _closed(history: History) -> tuple[date | None, str]:
    found = [(r.computed.as_of, how) for t, how in _CLOSING.items() for r in history.all(t) if r.computed.as_of]
    return max(found, key=lambda c: c[0]) if found else (None, "")


def _drafted_without_penalty(history: History) -> date | None:
    """The repeat-offence route: the referral drafted with no penalty in this case, not (yet) returned by
    the police for an administrative penalty."""
    if case_decision(history) is not None:
        return None
    drafted = _fired_on(history.last(Trigger.DRAFT_REFERRAL))
    returned = _fired_on(history.last(Trigger.RETURN_FOR_PENALTY))
    if drafted is None or (returned is not None and returned >= drafted):
        return None
    return drafted


def complied_on(history: History) -> date | None:
    """The day the decision was complied with: the fine paid in full, and the amounts and interest paid by then
    (the figures fixed at that payment's record) — LR-SANCTIONS, D-CLEAR."""
    decision = case_decision(history)
    paid = decision.fine_paid_in_full_on if decision is not None else None
    if paid is None:
        return None
    for record in history.all(Trigger.RECORD_FINE_PAYMENT):
        if record.computed.principal == 0 and record.computed.interest == 0:
            return paid
    return None


def case_dates(history: History, unpaid: tuple[Period, ...] = ()) -> CaseDates:
    """The dates the statutory deadlines run from (LR-DEADLINES), read from the timeline; ``unpaid``: the
    months still outstanding (LR-EVASION's 60-day threshold)."""
    concluded = history.last(Trigger.CONCLUDE_INSPECTION)
    recorded = history.input(Trigger.RECORD_VIOLATION)
    explained = history.input(Trigger.RECORD_EXPLANATION)
    extended = history.input(Trigger.EXTEND_DECISION)
    transferred = history.input(Trigger.TRANSFER_CASE)
    decision = case_decision(history)
    sent = history.input(Trigger.SEND_REFERRAL)
    outcome = history.input(Trigger.RECORD_OUTCOME)
    demand = history.input(Trigger.SEND_DEMAND)
    inspection = history.input(Trigger.DECIDE_INSPECTION)
    visit = history.input(Trigger.OPEN_INSPECTION)
    closed_on, closed_how = _closed(history)
    paid = decision.fine_paid_in_full_on if decision is not None else None
    return CaseDates(
        inspection_concluded_on=concluded.input.conclusion_date if concluded else None,
        violation_found=concluded is not None and concluded.computed.behaviour in VIOLATIONS,
        violation_recorded_on=recorded.record_date if recorded else None,
        explanation_received_on=explained.received_on if explained else None,
        decision_extended_to=extended.extended_to if extended else None,
        transferred_on=transferred.letter_date if transferred else None,
        penalty_decided_on=decision.decision_date if decision else None,
        # Without a recorded date of receipt, D-COMPLY assumes one (marked as such).
        decision_received_on=decision.served_on if decision else None,
        compliance_days=decision.compliance_days if decision else None,
        complied_on=complied_on(history),
        fine_paid_on=paid,
        referral_received_on=sent.dispatch_date if sent else None,
        prosecution_decided_on=outcome.outcome_date if outcome else None,
        demand_issued_on=demand.issue_date if demand else None,
        demand_pay_by=demand.pay_by if demand else None,
        inspection_decided_on=inspection.decision_date if inspection else None,
        inspection_planned_on=inspection.planned_date if inspection else None,
        inspection_opened_on=visit.date if visit else None,
        unpaid_periods=unpaid,
        referral_drafted_on=_drafted_without_penalty(history),
        closed_on=closed_on,
        closed_how=closed_how,
    )


def deadlines_of(history: History, today: date, params: ParamSet,
                 figures: ArrearsFigures | None = None) -> list[Deadline]:
    unpaid = tuple(m.period for m in figures.months if m.in_arrears) if figures is not None else ()
    return case_deadlines(case_dates(history, unpaid), today, work_calendar(), params)


def _prior_penalties(case: Case | None, history: History, deadlines: dict[str, Deadline]) -> list[dict[str, Any]]:
    """The employer's sanction history (LR-SANCTIONS) for LR-ART216 C5/C6: every decision of every case and
    those entered from before the system; this case's decision from its timeline when it has no history row
    (cases penalised before the history existed)."""
    stored = case is not None and case.id is not None and case.employer_id is not None
    penalties = sanctions.decisions_for_art216(case.employer_id) if stored else []  # type: ignore[union-attr]
    decision = case_decision(history)
    if decision is None or not decision.is_penalty:
        return penalties
    case_id = case.id if case is not None else None
    if case_id is not None and any(p["case_id"] == case_id and p["source"] == "case" for p in penalties):
        return penalties
    decided = decision.decision_date
    comply = deadlines.get("D-COMPLY")
    kind = decision.behaviour or Behaviour.LATE_PAYMENT
    concluded = history.input(Trigger.CONCLUDE_INSPECTION)
    months = [m.period for m in (concluded.behaviours if concluded else []) if m.behaviour == kind]
    penalties.append(
        {
            "decision_date": decided.isoformat(),
            "behaviour": str(kind) if kind in VIOLATIONS else "late_payment",
            "conduct_months": sorted(months),
            "compliance_deadline": (comply.due if comply else decided + timedelta(days=10)).isoformat(),
            "source": "case",
            "case_id": case_id,
        }
    )
    return penalties


def art216_input_of(
    history: History, figures: ArrearsFigures, deadlines: dict[str, Deadline], today: date, case: Case | None = None
) -> dict[str, Any] | None:
    """The Article 216 input: the concluded evasion months with the inspector's confirmed counts (None until
    confirmed; the ledger headcount only as a suggestion) and withheld shares, the sanction history, what is
    still unpaid now."""
    concluded = history.input(Trigger.CONCLUDE_INSPECTION)
    if concluded is None or not concluded.behaviours:
        return None
    evasion = [
        {
            "period": m.period,
            "amount": m.amount,
            "employees": m.confirmed_employees,
            "ledger_employees": m.employees,
            "withheld": m.withheld or 0,
        }
        for m in concluded.behaviours
        if m.behaviour == Behaviour.EVASION
    ]
    penalties = _prior_penalties(case, history, deadlines)
    ordered = {p for pen in penalties if pen["behaviour"] == "evasion" for p in pen["conduct_months"]}
    outstanding = {str(m.period): m.outstanding for m in figures.months}
    drafted = history.input(Trigger.DRAFT_REFERRAL)
    decision = case_decision(history)
    obj: dict[str, Any] = {
        "evaluation_date": today.isoformat(),
        "offender": "person" if decision is not None and decision.offender == Offender.PERSON else "legal_entity",
        "evasion_months": evasion,
        "prior_offences": (drafted.prior_offences if drafted else 0) or 0,
        "prior_penalties": penalties,
        # What the evasion decisions ordered paid and the concluded evasion months, still unpaid today (C6).
        "still_unpaid": sum(outstanding.get(p, 0) for p in ordered | {m["period"] for m in evasion}),
    }
    if not any(m["withheld"] for m in evasion):
        obj["withheld_not_paid"] = concluded.withheld_not_paid or 0
    return obj


def repeat_offence_of(case: Case, history: History) -> Any:
    """LR-SANCTIONS: whether the evasion the inspection concluded is a repeat offence (None: no evasion)."""
    concluded = history.input(Trigger.CONCLUDE_INSPECTION)
    if concluded is None:
        return None
    months = [m.period for m in concluded.behaviours if m.behaviour == Behaviour.EVASION]
    return sanctions.repeat_offence_for_case(case.employer_id, case.id, concluded.conclusion_date, months)


def evaluate_art216(
    case: Case, history: History, figures: ArrearsFigures, deadlines: dict[str, Deadline], today: date,
    params: ParamSet,
) -> Art216Result | None:
    raw = art216_input_of(history, figures, deadlines, today, case)
    return None if raw is None else evaluate_article216(parse_article216_input(raw), params)


@dataclass
class CaseView:
    """Everything the workflow, the documents and the pages need to know about a case today."""

    case: Case
    history: History
    figures: ArrearsFigures
    deadlines: list[Deadline]
    art216: Art216Result | None
    facts: CaseFacts
    params: ParamSet
    today: date

    def handed_over(self) -> list[dict[str, Any]]:
        """The papers a handover record lists (the sample case lists its own)."""
        return docs.handover_items(self.case)


def facts_of(case: Case, history: History, figures: ArrearsFigures, deadlines: dict[str, Deadline],
             art216: Art216Result | None, today: date, evidence_missing: tuple[str, ...] = (),
             repeat: Any = None, origin_lead_id: int | None = None) -> CaseFacts:
    """The guards' facts. ``origin_lead_id`` and ``repeat`` are read from the database by ``view_of`` (the
    sample case of ``pdf.samples`` has none and renders outside an application context)."""
    decision = case_decision(history)
    return CaseFacts(
        state=case.state,
        assignee_id=case.assignee_id,
        principal=figures.principal,
        interest=figures.interest,
        today=today,
        concluded_behaviour=case.concluded_behaviour,
        penalty_behaviour=decision.behaviour if decision is not None and decision.is_penalty else None,
        fine_unpaid=decision.fine_unpaid if decision is not None else 0,
        deadlines=deadlines,
        art216_passed=None if art216 is None else art216.passed,
        art216_failures=() if art216 is None else tuple(c.reason for c in art216.criteria if not c.met),
        evidence_missing=evidence_missing,
        dismissal_requested=case.dismissal_requested,
        origin_lead_id=origin_lead_id,
        repeat_offence=repeat is not None and repeat.repeat,
        repeat_reason=repeat.reason if repeat is not None and repeat.repeat else "",
        returned_for_penalty=bool(history.all(Trigger.RETURN_FOR_PENALTY)),
        employer_missing=employer_missing(case.employer),
        fine_account_missing=not ((case.office.settings or {}).get("fine_account") or "").strip(),
        inspection_basis_missing=not ((case.office.settings or {}).get("inspection_basis") or "").strip(),
        referral_returned=case.state == CaseState.REFERRAL_DRAFTED and history.pending_return() is not None,
    )


def employer_missing(employer: Any) -> tuple[str, ...]:
    """What the violation record and the penalty decision must name about the employer and the ledger lacks."""
    missing = []
    if not (employer.address or "").strip():
        missing.append(_("Chưa có địa chỉ trụ sở của đơn vị để ghi vào biên bản và quyết định: nhập lại sổ thu "
                         "có cột dia_chi (Địa chỉ) cho đơn vị này tại trang Nhập sổ thu"))
    if not (employer.legal_representative or "").strip():
        missing.append(_("Chưa có người đại diện theo pháp luật của đơn vị: nhập lại sổ thu có cột nguoi_dai_dien "
                         "(Người đại diện) cho đơn vị này tại trang Nhập sổ thu"))
    return tuple(missing)


def checklist_facts(case: Case, history: History, repeat: Any = None) -> ChecklistFacts:
    """What the dossier checklist needs beyond the case's papers: whether the inspection used the payroll,
    whether the penalty decision's receipt is recorded, and on the repeat-offence route the earlier decision."""
    concluded = history.input(Trigger.CONCLUDE_INSPECTION)
    prior = None
    if case.penalty_decided_on is None and repeat is not None and repeat.repeat and repeat.decision is not None:
        prior = db.session.get(SanctionDecision, int(repeat.decision.decision.key.split(":")[1]))
    if prior is not None:
        received = prior.received_on is not None
    else:
        row = sanctions.decision_of_case(case.id)
        decision = case_decision(history)
        received = (row is not None and row.received_on is not None) or bool(decision and decision.served_on)
    received_decision = history.input(Trigger.RECORD_RECEIVED_DECISION)
    return ChecklistFacts(
        payroll_used=bool(concluded and getattr(concluded, "payroll_used", False)),
        decision_received=received,
        prior=prior,
        received_evidence_id=received_decision.evidence_id if received_decision else None,
        received_title=(
            f"Quyết định xử phạt vi phạm hành chính số {received_decision.decision_number} ngày "
            f"{format_date(received_decision.decision_date)} của {received_decision.signer_title}"
            if received_decision else ""
        ),
    )


def missing_items_of(case: Case) -> list[Missing]:
    """The dossier checklist items ``case`` still lacks, with what to do for each (see ``checklist``)."""
    history = History.of(case.id)
    return missing_items(case, checklist_facts(case, history, repeat_offence_of(case, history)))


def view_of(case: Case, today: date | None = None) -> CaseView:
    """Build the facts of ``case`` (history, figures, deadlines, Article 216) as of ``today``."""
    today = today or clock.today()
    params = current_params()
    history = History.of(case.id)
    figures = docs.employer_figures(case.employer_id, today, params)
    deadlines = deadlines_of(history, today, params, figures)
    by_id = {d.id: d for d in deadlines}
    art216 = evaluate_art216(case, history, figures, by_id, today, params)
    repeat = repeat_offence_of(case, history)
    missing = (
        tuple(missing_evidence(case, checklist_facts(case, history, repeat)))
        if case.state == CaseState.REFERRAL_DRAFTED
        else ()
    )
    facts = facts_of(case, history, figures, by_id, art216, today, missing, repeat, lead_origin(case.id))
    view = CaseView(case, history, figures, deadlines, art216, facts, params, today)
    if case.state in PENALTY_STATES:
        from enforcement.steps.case_fines import penalty_beyond_competence

        signers = [s.authority() for s in signers_of(case)]
        beyond = penalty_beyond_competence(view, signers, _offender_of(history), today)
        view = dataclasses.replace(view, facts=dataclasses.replace(facts, penalty_beyond_competence=beyond))
    return view


PENALTY_STATES = (CaseState.VIOLATION_RECORDED,)
"""Where the penalty decision (or its transfer, LR-COMPETENCE) is the next step."""


def _offender_of(history: History) -> str:
    """Who is fined: as entered on the violation record (an organisation by default)."""
    recorded = history.input(Trigger.RECORD_VIOLATION)
    return (getattr(recorded, "offender", None) if recorded else None) or "organisation"


# --------------------------------------------------------------------------- input context


def signers_of(case: Case) -> tuple[SignerChoice, ...]:
    rows = db.session.scalars(
        db.select(Signer).where(Signer.office_id == case.office_id, Signer.active).order_by(Signer.id)
    )
    return tuple(
        SignerChoice(s.id, f"{s.full_name} – {s.title}", s.fine_cap_person, s.fine_cap_organisation,
                     (s.competence_basis or "").strip(), s.title, s.competence_title or "",
                     (s.delegation_number or "").strip(), s.delegation_date)
        for s in rows
    )


def evidence_pdfs(case: Case) -> tuple[EvidenceChoice, ...]:
    """The PDFs uploaded to the case's evidence, newest last (a step may name one: the decision received)."""
    from enforcement.services.evidence import of_case

    return tuple(
        EvidenceChoice(e.id, f"{e.file_name}" + (f" – {e.description}" if e.description else ""))
        for e in of_case(case.id) if e.mime == "application/pdf"
    )


def input_context(view: CaseView, trigger: str) -> InputContext:
    """What validating ``trigger``'s input needs to know about the case."""
    dates = case_dates(view.history)
    calendar = work_calendar()
    base_due = decision_base_due(dates, calendar, view.params)
    explain = view.facts.deadlines.get("D-EXPLAIN")
    longest = None
    if base_due is not None:
        longest = add_months(base_due, view.params.get("deadline_decision_extension_months", base_due))
    base = InputContext(
        today=view.today,
        signers=signers_of(view.case),
        evidence=evidence_pdfs(view.case),
        record_date=dates.violation_recorded_on,
        explain_due=explain.due if explain is not None else None,
        explained=dates.explanation_received_on is not None,
        decision_base_due=base_due,
        decision_max_extended=longest,
        transferred_on=dates.transferred_on,
        decision=case_decision(view.history),
    )
    return step_of(trigger).context(view, base)
