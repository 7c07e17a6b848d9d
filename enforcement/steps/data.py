"""The typed data documents print beyond the case, its figures and the issuing step's input.

Each dataclass is what one family of templates reads as ``extra`` (flattened to
plain data by ``pdf.context.plain``).  The builders read the case through its
read model (``services.case_view.CaseView``): a real case, or the sample case
of ``pdf.samples``.  Every attribute is always present, so templates rendered
with ``StrictUndefined`` never meet a missing key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from enforcement.domain.article216 import Art216Result
from enforcement.domain.periods import format_date
from enforcement.domain.vocabulary import Behaviour
from enforcement.pdf.context import period_display
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView

ENCLOSURES = (
    "Quyết định kiểm tra",
    "Biên bản làm việc",
    "Kết luận kiểm tra",
    "Biên bản vi phạm hành chính",
    "Quyết định xử phạt vi phạm hành chính",
    "Bảng kê số tiền trốn đóng",
    "Danh sách người lao động",
)
"""What a recommendation to prosecute lists as enclosed."""


@dataclass(frozen=True)
class InspectionRefs:
    """The inspection decision and the working day, which later documents cite."""

    decision_number: str | None
    decision_date: date | None
    team: list[str]
    team_leader: str
    opened_date: date | None


@dataclass(frozen=True)
class ConclusionData(InspectionRefs):
    """The inspection conclusion: each month's behaviour and the totals per behaviour."""

    months: list[dict[str, Any]]
    evasion_months: int
    evasion_amount: int
    late_months: int
    late_amount: int
    violation: bool
    violation_label: str
    withheld_total: int = 0


@dataclass(frozen=True)
class Art216Summary:
    """The Article 216 figures a recommendation cites (months from 01/01/2018 only)."""

    months: int = 0
    first: str = ""
    last: str = ""
    amount: int = 0
    employees: int = 0  # the largest count of workers evaded, as confirmed by the inspector (C4)
    summary: str = ""
    employees_confirmed: bool = False  # C4 is not "chưa xác định"
    evidence: list[str] = field(default_factory=list)  # every criterion's evidence, as sentences
    decision_title: str = ""  # the penalty decision C5 rests on: "Quyết định số … ngày …"


@dataclass(frozen=True)
class PenaltyData(InspectionRefs):
    """The violation record, the penalty and what follows them (record, decision, enforcement, recommendation)."""

    conclusion_number: str | None
    employees: int | None
    record_number: str | None
    record_date: date | None
    record_time: str
    record_place: str
    explanation_date: date | None
    violation: str
    clause: str
    penalty_number: str | None
    penalty_date: date | None
    fine: int
    comply_due: date | None
    measure_label: str
    agency: str
    art216: Art216Summary
    decision_title: str = "Quyết định xử phạt vi phạm hành chính"
    fine_paid: int = 0  # the fine recorded as paid (LR-SANCTIONS); enforcement orders the rest
    repeat_offence: str = ""  # LR-SANCTIONS: why this is a repeat offence ("" when it is not)
    enclosures: list[str] = field(default_factory=lambda: list(ENCLOSURES))
    organisation_fine_article: str = ""
    # Each concluded behaviour with its own months and amount (the conclusion's classification), so
    # that a violation is described by what the inspection found, never by every unpaid month.
    behaviour_months: list[dict[str, Any]] = field(default_factory=list)
    competence_article: str = ""
    # LR-FINE: every violation (wording, citation, base or workers, months, band, factors, fine, remedy).
    fines: list[dict[str, Any]] = field(default_factory=list)
    fine_total: int = 0
    decree: str = ""
    offender: str = "organisation"
    aggravating: list[str] = field(default_factory=list)  # every factor, with its citation (all violations)
    mitigating: list[str] = field(default_factory=list)
    remedies: list[str] = field(default_factory=list)
    # LR-COMPETENCE: the article of each competence title in force (the signer's title picks one), and the
    # title competent for the tops of this case's bands (named on the violation record).
    competence_articles: dict[str, str] = field(default_factory=dict)
    competent_title: str = ""
    competent_title_id: str = ""


@dataclass(frozen=True)
class Payment:
    """One payment of the fine, as recorded (LR-SANCTIONS)."""

    paid_on: date
    amount: int
    receipt: str


@dataclass(frozen=True)
class CaseDecision:
    """The decision later steps rest on, wherever it came from (LR-COMPETENCE, LR-FINE, LR-DEADLINES).

    ``kind``: ``penalty`` (issued here, ``issue_penalty``), ``received`` (decided by the competent authority after a
    transfer and recorded by legal staff) or ``remedies`` (remedial measures only, XLVPHC Art. 65: no fine).
    """

    kind: str
    number: str | None
    decision_date: date
    signer: str
    offender: str | None
    fines: tuple[dict[str, Any], ...]
    fine_total: int
    compliance_days: int | None
    served_on: date | None  # the date of receipt entered (None: D-COMPLY assumes it)
    behaviour: str | None  # the behaviour penalised (None for remedies only)
    payments: tuple[Payment, ...] = ()

    @property
    def is_penalty(self) -> bool:
        return self.kind in ("penalty", "received")

    @property
    def title(self) -> str:
        if self.kind == "remedies":
            return "Quyết định áp dụng biện pháp khắc phục hậu quả"
        return "Quyết định xử phạt vi phạm hành chính"

    @property
    def fine_paid(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def fine_unpaid(self) -> int:
        return max(0, self.fine_total - self.fine_paid)

    @property
    def fine_paid_in_full_on(self) -> date | None:
        """The day the payments reached the fine (None: not yet, or no fine)."""
        if self.fine_total <= 0:
            return None
        total = 0
        for payment in sorted(self.payments, key=lambda p: p.paid_on):
            total += payment.amount
            if total >= self.fine_total:
                return payment.paid_on
        return None


def case_decision(h: Any) -> CaseDecision | None:
    """The case's decision from its timeline (``History``): issued, received after a transfer, or remedies only,
    with the date of receipt and the fine payments recorded since (None before any decision)."""
    penalised = h.last(Trigger.ISSUE_PENALTY)
    received = h.last(Trigger.RECORD_RECEIVED_DECISION)
    remedies = h.last(Trigger.ISSUE_REMEDIES)
    services = h.inputs(Trigger.RECORD_SERVICE)
    payments = tuple(Payment(p.paid_on, p.amount or 0, p.receipt_number or "")
                     for p in h.inputs(Trigger.RECORD_FINE_PAYMENT) if p.paid_on)
    served = services[-1].received_on if services else None
    if received is not None:
        value = received.input
        return CaseDecision(
            "received", value.decision_number, value.decision_date, value.signer_title, value.offender,
            tuple(value.fine_items or ()), value.fine_total or 0, value.compliance_days,
            served or value.served_on, received.computed.behaviour, payments,
        )
    if penalised is not None:
        value = penalised.input
        doc = penalised.document(DocKind.PENALTY_DECISION)
        fine = value.fine or 0
        return CaseDecision(
            "penalty", doc.number_text if doc else None, value.decision_date, "", value.offender,
            ({"violation": "", "amount": fine},), fine, value.compliance_days,
            served or value.served_on, penalised.computed.behaviour, payments,
        )
    if remedies is not None:
        value = remedies.input
        doc = remedies.document(DocKind.REMEDIES_DECISION)
        return CaseDecision(
            "remedies", doc.number_text if doc else None, value.decision_date, "", None, (), 0,
            value.compliance_days, served, None, (),
        )
    return None


@dataclass(frozen=True)
class TransferData(InspectionRefs):
    """The transfer letter (công văn chuyển hồ sơ vụ vi phạm): what goes to the competent authority, and why."""

    penalty: PenaltyData
    competence_article: str
    enclosures: list[str]


@dataclass(frozen=True)
class RemediesData(InspectionRefs):
    """The decision applying remedial measures only (XLVPHC Art. 65): why no fine, what must be paid."""

    penalty: PenaltyData
    time_barred: list[str]
    principal: int
    interest: int


@dataclass(frozen=True)
class HandoverData(InspectionRefs):
    """The papers a handover record lists."""

    handed_over: list[dict[str, Any]]


@dataclass(frozen=True)
class SettlementData(InspectionRefs):
    """The ledger batch that showed the arrears paid (detection's settle)."""

    batch: dict[str, Any] | None


def inspection_refs(view: CaseView) -> InspectionRefs:
    h = view.history
    decision = h.document(Trigger.DECIDE_INSPECTION, DocKind.INSPECTION_DECISION)
    decided = h.input(Trigger.DECIDE_INSPECTION)
    opened = h.input(Trigger.OPEN_INSPECTION)
    team = list(decided.team) if decided else []
    return InspectionRefs(
        decision_number=decision.number_text if decision else None,
        decision_date=decision.issue_date if decision else None,
        team=team,
        team_leader=team[0].split("–")[0].strip() if team else "",
        opened_date=opened.date if opened else None,
    )


def refs_fields(view: CaseView) -> dict[str, Any]:
    """The inspection references as keyword arguments of a subclass."""
    refs = inspection_refs(view)
    return {name: getattr(refs, name) for name in InspectionRefs.__dataclass_fields__}


def art216_summary(art: Art216Result | None) -> Art216Summary:
    """The recommendation letter's figures: the counted months (C1), their amount (C3), confirmed workers (C4),
    the decision relied on (C5) and every criterion's evidence as sentences (LR-ART216)."""
    if art is None:
        return Art216Summary()
    counted_ids = set(art.criterion("C1").value.get("counted", []))
    counted = sorted((m for m in art.inputs.evasion_months if str(m.period) in counted_ids), key=lambda m: m.period)
    c4 = art.criterion("C4")
    return Art216Summary(
        months=len(counted),
        first=period_display(counted[0].period) if counted else "",
        last=period_display(counted[-1].period) if counted else "",
        amount=sum(m.amount for m in counted),
        employees=c4.value,
        summary="; ".join(f"{c.id} {'đạt' if c.met else 'không đạt'}" for c in art.criteria)
        + (f"; thuộc khoản {art.band} Điều 216" if art.band else ""),
        employees_confirmed=c4.state != "undetermined",
        evidence=art.evidence_sentences(),
        decision_title=_c5_decision_title(art),
    )


def _c5_decision_title(art: Art216Result) -> str:
    """ "Quyết định số 15/QĐ-XPHC ngày 01/03/2025": the penalty decision C5 relies on ("" when none)."""
    c5 = art.criterion("C5")
    decision = c5.evidence.get("decision") if c5.met else None
    if not decision:
        return ""
    number = f"số {decision['number']} " if decision.get("number") else ""
    return f"Quyết định {number}ngày {format_date(date.fromisoformat(decision['decision_date']))}"


BEHAVIOUR_NAMES = {Behaviour.EVASION: "Trốn đóng", Behaviour.LATE_PAYMENT: "Chậm đóng"}


def behaviour_months(months: Any) -> list[dict[str, Any]]:
    """Per violating behaviour (evasion first): its months ``05/2026`` and their total amount."""
    out = []
    for behaviour in (Behaviour.EVASION, Behaviour.LATE_PAYMENT):
        chosen = sorted((m for m in months if m.behaviour == behaviour), key=lambda m: m.period)
        if chosen:
            out.append({
                "name": BEHAVIOUR_NAMES[behaviour],
                "count": len(chosen),
                "months": ", ".join(period_display(m.period) for m in chosen),
                "amount": sum(m.amount for m in chosen),
            })
    return out


def penalty_data(view: CaseView, *, measure_label: str = "", agency: str = "",
                 organisation_fine_article: str = "", competence_article: str = "",
                 issue_date: date | None = None, signer_id: int | None = None, recording: Any = None,
                 penalising: Any = None) -> PenaltyData:
    """What a violation record, a penalty decision, an enforcement decision or a recommendation cites.

    ``recording`` / ``penalising``: the input of the violation record / penalty decision being issued (the
    view is the case as it stood before the step's own record).
    """
    from enforcement.domain.competence import competence_table, lowest_competent
    from enforcement.legal_bases import competence_article as competence_article_of
    from enforcement.legal_bases import organisation_fine_article as organisation_article_of
    from enforcement.legal_bases import violation_default

    h = view.history
    conclusion = h.document(Trigger.CONCLUDE_INSPECTION, DocKind.INSPECTION_CONCLUSION)
    record = h.document(Trigger.RECORD_VIOLATION, DocKind.VIOLATION_RECORD)
    decision = case_decision(h)
    concluded = h.input(Trigger.CONCLUDE_INSPECTION)
    recorded = recording or h.input(Trigger.RECORD_VIOLATION)
    explained = h.input(Trigger.RECORD_EXPLANATION)
    penalised = penalising or h.input(Trigger.ISSUE_PENALTY)
    approved = h.input(Trigger.APPROVE_REFERRAL)
    day = issue_date or view.today
    wording, clause = violation_default(view.case.concluded_behaviour or Behaviour.LATE_PAYMENT, view.today)
    comply = view.facts.deadlines.get("D-COMPLY")
    fines = _fines_of(view, penalised, recorded)
    offender = (fines or {}).get("offender") or "organisation"
    rows = (fines or {}).get("violations", [])
    tops = [int(r.get("band_max") or 0) for r in rows]
    competent = lowest_competent(max(tops, default=0), offender, day, view.params) if rows else None
    return PenaltyData(
        **refs_fields(view),
        conclusion_number=conclusion.number_text if conclusion else None,
        employees=(concluded.employees_affected if concluded else None) or view.case.employees_affected,
        record_number=record.number_text if record else None,
        record_date=record.issue_date if record else None,
        record_time=(recorded.record_time if recorded else "") or "",
        record_place=(recorded.place if recorded else "") or "",
        explanation_date=explained.received_on if explained else None,
        violation=(recorded.violation if recorded else "") or wording,
        clause=(recorded.clause if recorded else "") or clause,
        penalty_number=decision.number if decision else None,
        penalty_date=decision.decision_date if decision else None,
        fine=((decision.fine_total if decision else 0) or (
            sum(int(r.get("fine", r.get("proposal")) or 0) for r in _rows_of(penalised, recorded, view))
            if penalised else 0)),
        decision_title=decision.title if decision else "Quyết định xử phạt vi phạm hành chính",
        fine_paid=decision.fine_paid if decision else 0,
        comply_due=comply.due if comply else None,
        measure_label=measure_label,
        agency=agency or (approved.agency if approved else "") or "",
        art216=art216_summary(view.art216),
        repeat_offence=view.facts.repeat_reason,
        organisation_fine_article=organisation_fine_article or (
            organisation_article_of(day) if offender == "organisation" and rows else ""),
        behaviour_months=behaviour_months(concluded.behaviours) if concluded else [],
        competence_article=competence_article or competence_article_of(day),
        fines=rows,
        fine_total=sum(int(r.get("fine", r.get("proposal")) or 0) for r in rows),
        decree=(fines or {}).get("decree", ""),
        offender=offender,
        aggravating=_factor_texts(rows, "aggravating"),
        mitigating=_factor_texts(rows, "mitigating"),
        remedies=list(dict.fromkeys(r["remedy"] for r in rows if r.get("remedy"))),
        competence_articles={t.id: t.article for t in competence_table(day, view.params)},
        competent_title=competent.title if competent else "",
        competent_title_id=competent.id if competent else "",
    )


def _rows_of(penalised: Any, recorded: Any, view: CaseView) -> list[dict[str, Any]]:
    data = _fines_of(view, penalised, recorded)
    return (data or {}).get("violations", [])


def _factor_texts(rows: list[dict[str, Any]], kind: str) -> list[str]:
    seen: dict[str, str] = {}
    for row in rows:
        for f in row.get(kind, []):
            seen.setdefault(f["id"], f"{f['name']} ({f['citation']})")
    return list(seen.values())


def _fines_of(view: CaseView, penalised: Any, recorded: Any) -> dict[str, Any] | None:
    """The violations as decided (the penalty step's result), else as the record's proposal (LR-FINE)."""
    from enforcement.domain.fines import FineInputError
    from enforcement.steps.case_fines import case_fines, record_offender

    if penalised is not None and penalised.fine_proposal and penalised.fine_proposal.get("violations"):
        return {**penalised.fine_proposal, "offender": penalised.offender}
    offender = (getattr(penalised, "offender", None) or getattr(recorded, "offender", None)
                or record_offender(view))
    try:
        source = penalised if penalised is not None else recorded
        aggravating = getattr(source, "aggravating", None)
        mitigating = getattr(source, "mitigating", None)
        result = case_fines(view, offender, aggravating if isinstance(aggravating, list) else (),
                            mitigating if isinstance(mitigating, list) else (), recorded=recorded)
    except (FineInputError, LookupError, ValueError):
        return None
    if result is None:
        return None
    data = result.to_dict()
    for row in data["violations"]:
        row["fine"] = row["proposal"]
    return {**data, "offender": offender}
