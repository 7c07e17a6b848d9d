"""Issuing documents: number from the register, render, sign, hash, store — immutably.

``issue`` runs inside the caller's transaction (a workflow transition), so the
number, the PDF, the state change and the timeline event commit together or
not at all.  Where the office has a signing certificate (``settings["signing"]``,
see ``enforcement.pdf.signing``) the rendered PDF is signed (PAdES) before it
is hashed and stored.  A stored document is never changed; ``verified_bytes``
re-hashes it on download, and a correction is a new document that
``supersede``\\ s the old one (both are kept).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from enforcement import clock
from enforcement.domain.arrears import ArrearsFigures, LedgerMonth, arrears_figures
from enforcement.domain.legal_params import ParamSet
from enforcement.domain.periods import Period, format_date
from enforcement.errors import DomainError
from enforcement.extensions import db
from enforcement.legal_bases import KINDS, organisation_fine_article
from enforcement.models import Case, CaseEvent, Document, LedgerRow, Office, Signer, User
from enforcement.pdf.context import document_context
from enforcement.pdf.render import render_pdf
from enforcement.pdf.signing import sign_pdf, signing_settings
from enforcement.services.numbering import next_number
from enforcement.workflow import DocKind

if TYPE_CHECKING:
    pass

DOSSIER_KINDS = (DocKind.REFERRAL_DRAFT, DocKind.REFERRAL_DOSSIER)


class DocumentTampered(RuntimeError):
    """A stored document's bytes no longer match its SHA-256."""


class CannotSupersede(DomainError):
    """The document cannot be corrected (already superseded, or its step is unknown)."""

    status = 409


def ledger_months(employer_id: int) -> list[LedgerMonth]:
    rows = db.session.execute(
        db.select(
            LedgerRow.period,
            LedgerRow.amount_due,
            LedgerRow.amount_paid,
            LedgerRow.employees,
            LedgerRow.employee_share_withheld,
            LedgerRow.interest_paid,
        ).where(LedgerRow.employer_id == employer_id)
    )
    return [LedgerMonth(Period.parse(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in rows]


def employer_figures(employer_id: int, as_of: date, params: ParamSet) -> ArrearsFigures:
    """LR-ARREARS figures of one employer, month by month, for a document or the case page."""
    return arrears_figures(ledger_months(employer_id), as_of, params)


def symbol_for(office: Office, kind: DocKind) -> str | None:
    """The number symbol of ``kind`` in this office (``settings["symbols"][kind]`` overrides the default)."""
    return (office.settings or {}).get("symbols", {}).get(kind.value) or KINDS[kind].symbol


def number_text(number: int, symbol: str | None) -> str:
    """``15/QĐ-BHXH``; numbers 1–9 get a leading zero (Decree 30)."""
    return f"{number:02d}/{symbol}" if symbol else f"{number:02d}"


def issue(
    case: Case,
    kind: DocKind,
    *,
    issue_date: date,
    signer: Signer | None,
    figures: ArrearsFigures,
    step: dict[str, Any],
    extra: dict[str, Any] | None = None,
    actor: User | None = None,
    draft: bool = False,
    supersedes: Document | None = None,
    correction_reason: str = "",
) -> Document:
    """Number (unless draft or unnumbered), render, sign (when configured) and store one document of ``case``.

    Flushes only: the caller's transaction commits.
    """
    office = case.office
    text = KINDS[kind]
    symbol = symbol_for(office, kind)
    number = None
    if text.register and not draft:
        number = next_number(office.id, text.register, issue_date.year)
    shown = number_text(number, symbol) if number is not None else None
    context = document_context(
        kind=kind,
        office=office,
        case=case,
        issue_date=issue_date,
        number_text=shown,
        symbol=symbol,
        signer=signer,
        figures=figures,
        step=step,
        extra={**(extra or {}), **kind_extra(case, kind, issue_date, extra or {})},
        draft=draft,
        supersedes=_superseded_context(supersedes, correction_reason),
    )
    pdf = render_pdf(kind.value, context)
    return store(
        case,
        kind,
        pdf,
        issue_date=issue_date,
        number=number,
        number_text=shown,
        signer=signer,
        actor=actor,
        supersedes=supersedes,
        title=text.title + (" (dự thảo)" if draft else ""),
    )


def _superseded_context(old: Document | None, reason: str) -> dict[str, Any] | None:
    if old is None:
        return None
    return {"number_text": old.number_text, "issue_date": old.issue_date, "reason": reason}


def store(
    case: Case,
    kind: DocKind,
    pdf: bytes,
    *,
    issue_date: date,
    number: int | None,
    number_text: str | None,
    signer: Signer | None,
    actor: User | None,
    supersedes: Document | None,
    title: str,
) -> Document:
    """Sign (when the office is configured to, drafts excepted), then keep the bytes with their SHA-256.

    The SHA-256 is that of the stored (signed) bytes.  Flushes; the caller's transaction commits.
    """
    signing = signing_settings(case.office.settings or {})
    if signing and kind != DocKind.REFERRAL_DRAFT:
        pdf = sign_pdf(pdf, signing)
    document = Document(
        case_id=case.id,
        office_id=case.office_id,
        kind=kind.value,
        title=title,
        register=KINDS[kind].register if number is not None else None,
        year=issue_date.year,
        number=number,
        number_text=number_text,
        issue_date=issue_date,
        signer_name=signer.full_name if signer else "",
        signer_title=signer.title if signer else "",
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        supersedes_id=supersedes.id if supersedes else None,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(document)
    db.session.flush()
    return document


def verified_bytes(document: Document) -> bytes:
    """The document's PDF, after checking it still matches its stored SHA-256.

    :raises DocumentTampered: when the bytes were altered.
    """
    data = document.pdf
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise DocumentTampered(f"document {document.id} does not match its SHA-256")
    return data


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


# --------------------------------------------------------------------------- data a template needs


def kind_extra(case: Case, kind: DocKind, issue_date: date, extra: dict[str, Any]) -> dict[str, Any]:
    """What a document of ``kind`` prints beyond the step's facts (``cases.extras_for``): the article setting
    organisation fines on the issue date, and the papers a handover record lists."""
    out: dict[str, Any] = {}
    if kind in (DocKind.VIOLATION_RECORD, DocKind.PENALTY_DECISION):
        out["organisation_fine_article"] = organisation_fine_article(issue_date)
    if kind == DocKind.HANDOVER_RECORD:
        out["handed_over"] = handover_items(case)
    return out


def current_documents(case: Case) -> list[Document]:
    """The case's documents in order of issue, without superseded versions."""
    rows = list(db.session.scalars(db.select(Document).where(Document.case_id == case.id).order_by(Document.id)))
    superseded = {d.supersedes_id for d in rows if d.supersedes_id}
    return [d for d in rows if d.id not in superseded]


def replacements(documents: Iterable[Document]) -> dict[int, Document]:
    """Each superseded document's id → the document that supersedes it, among ``documents``."""
    return {d.supersedes_id: d for d in documents if d.supersedes_id}


def handover_items(case: Case) -> list[dict[str, Any]]:
    """What the handover record lists: the recommendation, the dossier, and the documents inside it."""
    documents = [d for d in current_documents(case) if d.kind != DocKind.REFERRAL_DRAFT.value]
    order = {DocKind.RECOMMENDATION.value: 0, DocKind.REFERRAL_DOSSIER.value: 1}
    documents.sort(key=lambda d: (order.get(d.kind, 2), d.id))
    return [
        {
            "title": d.title,
            "number": d.number_text or "",
            "date": format_date(d.issue_date),
            "pages": page_count(verified_bytes(d)),
        }
        for d in documents
    ]


# --------------------------------------------------------------------------- corrections


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _dated(values: dict[str, Any]) -> dict[str, Any]:
    """Step input read back from the timeline (JSON): ISO date strings become dates again."""
    return {k: date.fromisoformat(v) if isinstance(v, str) and _ISO_DATE.match(v) else v for k, v in values.items()}


def _issuing_event(document: Document) -> CaseEvent:
    events = db.session.scalars(
        db.select(CaseEvent).where(CaseEvent.case_id == document.case_id).order_by(CaseEvent.seq)
    )
    for event in events:
        if any(ref.get("id") == document.id for ref in (event.details or {}).get("documents", [])):
            return event
    raise CannotSupersede(f"Không tìm thấy bước nghiệp vụ đã ban hành văn bản #{document.id}.")


def supersede(
    document: Document, reason: str, actor: User | None, *, issue_date: date | None = None
) -> Document:
    """Correct an issued document: issue the same kind for the same case again, with a NEW number.

    The new document is rendered from the step that issued the old one (its input as
    recorded on the timeline, the figures as of that step, today's data of the case),
    takes the next number of its register in the year of ``issue_date`` (default: today),
    prints "(Thay thế văn bản số … ngày …; lý do: …)" under its title, and points to the
    old one through ``supersedes_id``.  Both are kept: nothing is overwritten or deleted,
    and lists of the case's current documents (the dossier's, the handover's) skip the old.

    Runs inside the caller's transaction and flushes only; **the caller records the
    event** on the case's timeline (e.g. ``audit.append(case, EventAction.EDIT, actor,
    summary="Đính chính …", details={"superseded": old.id, "document": new.id, "reason": reason})``).

    :param reason: why the document is corrected (printed on the new document).
    :raises CannotSupersede: the document was already superseded, or its issuing step is not on the timeline.
    """
    from enforcement.services import dossier
    from enforcement.services.cases import _default_signer, extras_for, view_of

    already = db.session.scalar(db.select(Document.id).where(Document.supersedes_id == document.id))
    if already is not None:
        raise CannotSupersede(f"Văn bản #{document.id} đã được thay thế bởi văn bản #{already}.")
    case = db.session.get(Case, document.case_id)
    kind = DocKind(document.kind)
    event = _issuing_event(document)
    details = event.details or {}
    clean = _dated(details.get("input", {}))
    computed = _dated(details.get("computed", {}))
    as_of = computed.get("as_of") if isinstance(computed.get("as_of"), date) else document.issue_date
    view = view_of(case, as_of)
    signer = db.session.get(Signer, clean["signer_id"]) if clean.get("signer_id") else _default_signer(case)
    when = issue_date or clock.today()
    if kind in DOSSIER_KINDS:
        return dossier.issue_dossier(case, view, draft=kind == DocKind.REFERRAL_DRAFT, issue_date=when,
                                     signer=signer, actor=actor, step_input=clean, pending=[], supersedes=document)
    return issue(
        case,
        kind,
        issue_date=when,
        signer=signer,
        figures=view.figures,
        step={**clean, **computed},
        extra=extras_for(kind, case, view, clean, details),
        actor=actor,
        supersedes=document,
        correction_reason=reason,
    )
