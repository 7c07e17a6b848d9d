"""Issuing a step's documents: the one path used by firing a step and by correcting a document.

``issue_step_documents`` takes a step as recorded (``StepRecord``: its typed
input, the figures fixed then, what else the event carries) and the case's read
model, and issues each document kind of the step's row in the transition
table: the signer the input names (else the office's default signer), the
issue date the step declares, the data the step says each document prints,
and, for the two dossier kinds, the assembled dossier.  ``supersede`` reads
back the step that issued a document and issues the same kind again, newly
numbered, pointing to the old one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, Document, Signer, User
from enforcement.services import documents as docs
from enforcement.services import dossier
from enforcement.services.case_view import CaseView, StepRecord, view_of
from enforcement.services.documents import DOSSIER_KINDS, CannotSupersede
from enforcement.steps import Computed
from enforcement.workflow import STEP_BY_TRIGGER, DocKind, Trigger


def default_signer(case: Case) -> Signer | None:
    """The office's head (deputies after), for steps whose input names no signer."""
    return db.session.scalar(
        db.select(Signer).where(Signer.office_id == case.office_id, Signer.active).order_by(Signer.is_deputy, Signer.id)
    )


def issue_step_documents(
    case: Case,
    record: StepRecord,
    view: CaseView,
    actor: User | None,
    *,
    kinds: Iterable[DocKind] | None = None,
    issue_date: date | None = None,
    supersedes: Document | None = None,
    correction_reason: str = "",
) -> list[Document]:
    """Issue the documents of ``record``'s step (or only ``kinds``) inside the caller's transaction.

    :param view: the case as it stood when the step fired (before its own record).
    :param issue_date: the date the documents carry (default: the step's own date, else today).
    :param supersedes: the document these correct (a correction issues one kind).
    """
    step = record.step
    signer_id = step.signer_id(record.input)
    signer = db.session.get(Signer, signer_id) if signer_id else default_signer(case)
    when = issue_date or step.issue_date(record.input, view.today)
    issued: list[Document] = []
    for kind in kinds if kinds is not None else STEP_BY_TRIGGER[record.trigger].documents:
        if kind in DOSSIER_KINDS:
            recommendation = step.document_data(DocKind.RECOMMENDATION, view, record.input, issue_date=when,
                                                extra=record.extra)
            issued.append(
                dossier.issue_dossier(
                    case, view, draft=kind == DocKind.REFERRAL_DRAFT, issue_date=when, signer=signer, actor=actor,
                    step_input=step.payload(record.input), recommendation=recommendation, pending=issued,
                    supersedes=supersedes,
                )
            )
            continue
        issued.append(
            docs.issue(
                case,
                kind,
                issue_date=when,
                signer=signer,
                figures=view.figures,
                step=record.template_data(),
                extra=step.document_data(kind, view, record.input, issue_date=when, extra=record.extra),
                actor=actor,
                supersedes=supersedes,
                correction_reason=correction_reason,
            )
        )
    return issued


def preview_step_documents(case: Case, record: StepRecord, view: CaseView) -> list[tuple[DocKind, bytes]]:
    """The documents ``record``'s step would issue, as drafts: DỰ THẢO across each page, no number taken.

    Nothing is written: no register is advanced, nothing is stored; the dossier kinds are assembled as
    a draft from the case's current papers.
    """
    step = record.step
    signer_id = step.signer_id(record.input)
    signer = db.session.get(Signer, signer_id) if signer_id else default_signer(case)
    when = step.issue_date(record.input, view.today)
    out: list[tuple[DocKind, bytes]] = []
    for kind in STEP_BY_TRIGGER[record.trigger].documents:
        if kind in DOSSIER_KINDS:
            recommendation = step.document_data(DocKind.RECOMMENDATION, view, record.input, issue_date=when,
                                                extra=record.extra)
            out.append((kind, dossier.build_dossier(
                case, view, draft=True, issue_date=when, signer=signer, step_input=step.payload(record.input),
                recommendation=recommendation, pending=[],
            )))
            continue
        out.append((kind, docs.render(
            case, kind, issue_date=when, signer=signer, figures=view.figures, step=record.template_data(),
            extra=step.document_data(kind, view, record.input, issue_date=when, extra=record.extra), draft=True,
        )))
    return out


def issuing_record(document: Document) -> StepRecord:
    """The step (as recorded on the timeline) that issued ``document``, with the values its corrections changed.

    A correction (``supersede``) of ``document`` or of the documents it replaced records the corrected
    input on its event: the step is read back as the last correction left it.

    :raises CannotSupersede: no workflow step on the timeline names the document.
    """
    chain = [document]
    while chain[-1].supersedes_id is not None and len(chain) < 1000:
        chain.append(db.session.get(Document, chain[-1].supersedes_id))
    root = chain[-1]
    events = list(db.session.scalars(
        db.select(CaseEvent).where(CaseEvent.case_id == document.case_id).order_by(CaseEvent.seq)
    ))
    record = None
    for event in events:
        if any(ref.get("id") == root.id for ref in (event.details or {}).get("documents", [])):
            if event.trigger in {t.value for t in Trigger}:
                record = StepRecord.load(Trigger(event.trigger), event.details)
            break
    if record is None:
        raise CannotSupersede(f"Không tìm thấy bước nghiệp vụ đã ban hành văn bản #{document.id}.")
    corrected = {d.id for d in chain[:-1]}
    for event in events:
        details = event.details or {}
        if details.get("document") in corrected and details.get("input") is not None:
            record = replace(record, input=record.step.load(details["input"]),
                             computed=Computed.load(details.get("computed")) if details.get("computed")
                             else record.computed)
    return record


def corrected_record(record: StepRecord, view: CaseView, value: Any) -> StepRecord:
    """``record`` with ``value`` as its input (the figures the step computes from its input recomputed)."""
    extra = record.step.compute(view, value)
    computed = replace(record.computed, **extra) if extra else record.computed
    return replace(record, input=value, computed=computed)


def supersede(
    document: Document, reason: str, actor: User | None, *, issue_date: date | None = None,
    record: StepRecord | None = None,
) -> Document:
    """Correct an issued document: issue the same kind for the same case again, with a NEW number.

    The new document is rendered from the step that issued the old one (its input as
    recorded on the timeline, the figures as of that step, today's data of the case),
    takes the next number of its register in the year of ``issue_date`` (default: today),
    prints "(Văn bản này đính chính và thay thế văn bản số <số> ngày <ngày>; lý do đính chính: <lý do>)"
    under its title, and points to the
    old one through ``supersedes_id``.  Both are kept: nothing is overwritten or deleted,
    and lists of the case's current documents (the dossier's, the handover's) skip the old.

    Runs inside the caller's transaction and flushes only; **the caller records the
    event** on the case's timeline (``services.cases.correct_document`` does).

    :param reason: why the document is corrected (printed on the new document).
    :param record: the step with its corrected input (``corrected_record``); default: as recorded.
    :raises CannotSupersede: the document was already superseded, or its issuing step is not on the timeline.
    """
    already = db.session.scalar(db.select(Document.id).where(Document.supersedes_id == document.id))
    if already is not None:
        raise CannotSupersede(f"Văn bản #{document.id} đã được thay thế bởi văn bản #{already}.")
    case = db.session.get(Case, document.case_id)
    record = record or issuing_record(document)
    view = view_of(case, record.computed.as_of or document.issue_date)
    (new,) = issue_step_documents(
        case, record, view, actor, kinds=(DocKind(document.kind),), issue_date=issue_date or clock.today(),
        supersedes=document, correction_reason=reason,
    )
    return new
