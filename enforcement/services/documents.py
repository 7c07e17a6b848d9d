"""Issuing documents: number from the register, render, sign, hash, store — immutably.

``issue`` runs inside the caller's transaction (a workflow transition), so the
number, the PDF, the state change and the timeline event commit together or
not at all.  Where the office has a signing certificate (``settings["signing"]``,
see ``enforcement.pdf.signing``) the rendered PDF is signed (PAdES) before it
is hashed and stored.  A stored document is never changed; ``verified_bytes``
re-hashes it on download, and a correction is a new document that supersedes
the old one (both are kept: ``services.issuing.supersede``).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from enforcement.domain.arrears import ArrearsFigures, LedgerMonth, arrears_figures
from enforcement.domain.legal_params import ParamSet
from enforcement.domain.periods import Period, format_date
from enforcement.errors import DomainError
from enforcement.extensions import db
from enforcement.legal_bases import KINDS
from enforcement.models import Case, Document, LedgerRow, Office, Signer, User
from enforcement.pdf.context import document_context
from enforcement.pdf.render import render_pdf
from enforcement.pdf.signing import sign_pdf, signing_settings
from enforcement.services.numbering import next_number
from enforcement.workflow import DocKind

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
    extra: Any = None,
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
    number = None
    if text.register and not draft:
        number = next_number(office.id, text.register, issue_date.year)
    shown = number_text(number, symbol_for(office, kind)) if number is not None else None
    pdf = render(case, kind, issue_date=issue_date, signer=signer, figures=figures, step=step, extra=extra,
                 shown_number=shown, draft=draft, supersedes=supersedes, correction_reason=correction_reason)
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


def render(
    case: Case,
    kind: DocKind,
    *,
    issue_date: date,
    signer: Signer | None,
    figures: ArrearsFigures,
    step: dict[str, Any],
    extra: Any = None,
    shown_number: str | None = None,
    draft: bool = False,
    supersedes: Document | None = None,
    correction_reason: str = "",
) -> bytes:
    """The PDF of one document of ``case``, numbered ``shown_number`` (None: no number); touches no register.

    ``draft`` prints "(dự thảo)" for the number and the signature and DỰ THẢO across each page: the
    preview shown before a step is confirmed is such a draft, and takes no number.
    """
    office = case.office
    shown = shown_number
    symbol = symbol_for(office, kind)
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
        extra=extra if extra is not None else {},
        draft=draft,
        supersedes=_superseded_context(supersedes, correction_reason),
    )
    return render_pdf(kind.value, context)


def _superseded_context(old: Document | None, reason: str) -> dict[str, Any] | None:
    if old is None:
        return None
    return {"number_text": old.number_text, "issue_date": old.issue_date, "reason": reason, "title": old.title}


def merge_pdfs(pdfs: Iterable[bytes]) -> bytes:
    """One PDF of several (a step's documents shown together in its preview)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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


# --------------------------------------------------------------------------- the case's documents


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
