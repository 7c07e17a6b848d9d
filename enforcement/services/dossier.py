"""The Article 216 referral dossier: one PDF that legal staff print (PRODUCT §6, LEGAL.md Part B §7).

Parts, in order: cover; table of contents (real page numbers); the evidence
checklist of BCA letter 5659 (each item present or missing, with its page);
the recommendation to prosecute; the statement of facts with the Article 216
evaluation criterion by criterion and the employees concerned; the
month-by-month arrears statement with interest; every earlier document of the
case (the issued PDFs themselves: their pages are copied, not re-rendered) and
the uploaded evidence (PDF pages as they are, images on A4 pages, a spreadsheet
or a letter as a page describing the electronic file: name, kind, size,
SHA-256); the timeline.

One evidence item never stops the dossier: a withdrawn item is left out, and an
item that cannot be read (bytes altered, or they do not decode) is left out
and named on the checklist page as unreadable, with what to do.

Every page gets the dossier's own page number ("Hồ sơ … – trang N/T", bottom
centre), which is what the table of contents and the checklist refer to; a
draft also gets a DỰ THẢO watermark on every page; the approved dossier does
not.  The stamp is laid over a page as a separate content stream drawing a
form XObject, so the page's own content streams stay byte for byte as issued.

``build_dossier`` gathers the case's data from the database; ``assemble``
works on plain data and PDF bytes only (render-samples and the benchmark use it).
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from PIL import Image
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from enforcement.domain.periods import format_date
from enforcement.domain.vocabulary import Behaviour
from enforcement.extensions import db
from enforcement.filters import datetime_vi
from enforcement.models import Case, CaseEvent, Document, Signer, User
from enforcement.pdf.context import art216_context, case_reference, document_context, period_display
from enforcement.pdf.render import count_pages, render_html, render_pdf
from enforcement.services import documents as docs
from enforcement.services.case_view import CaseView
from enforcement.services.checklist import (
    CHECKLIST,
    COPY_FORM_TEXT,
    ISSUED_FORM_TEXT,
    ChecklistItem,
    case_documents,
    case_evidence,
    missing_evidence,
    missing_items,
    prior_documents,
    unreadable_of,
)
from enforcement.services.evidence_check import DOCX, JPEG, KIND_NAMES, PDF, PNG, XLSX
from enforcement.workflow import DocKind, Trigger

__all__ = ["CHECKLIST", "ChecklistItem", "assemble", "build_dossier", "issue_dossier", "missing_evidence"]

log = logging.getLogger(__name__)

A4 = (595.276, 841.89)  # points
IMAGE_DPI = 150


PART_TITLES = {
    "recommendation": "Văn bản kiến nghị khởi tố",
    "facts": "Tóm tắt sự việc, đánh giá theo Điều 216 Bộ luật Hình sự và người lao động bị ảnh hưởng",
    "arrears": "Bảng kê số tiền trốn đóng, chậm đóng theo từng tháng và tiền lãi",
    "timeline": "Nhật ký hồ sơ",
}


# --------------------------------------------------------------------------- parts


@dataclass
class Part:
    """One part of the dossier: its title in the table of contents and its PDF pages."""

    title: str
    pdf: bytes
    checklist_key: str | None = None
    page: int = field(default=0, compare=False)  # first page in the dossier, set by ``assemble``

    @cached_property
    def pages(self) -> int:
        return len(PdfReader(io.BytesIO(self.pdf)).pages)


def image_to_pdf(data: bytes) -> bytes:
    """An uploaded image on an A4 page (150 dpi), scaled to fit inside 15 mm margins."""
    width, height = round(210 / 25.4 * IMAGE_DPI), round(297 / 25.4 * IMAGE_DPI)
    margin = round(15 / 25.4 * IMAGE_DPI)
    with Image.open(io.BytesIO(data)) as image:
        picture = image.convert("RGB")
    picture.thumbnail((width - 2 * margin, height - 2 * margin))
    page = Image.new("RGB", (width, height), "white")
    page.paste(picture, ((width - picture.width) // 2, margin))
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=float(IMAGE_DPI))
    return out.getvalue()


def evidence_pdf(mime: str, data: bytes) -> bytes:
    """An uploaded PDF or image as PDF pages (other kinds: ``attachment_page``)."""
    if mime == PDF:
        return data
    if mime in (PNG, JPEG):
        return image_to_pdf(data)
    raise ValueError(f"no PDF form for {mime}")


ATTACHMENT_KINDS = {XLSX: "bảng tính Excel (XLSX)", DOCX: "văn bản Word (DOCX)"}


def attachment_page(context: dict[str, Any], item: Any) -> bytes:
    """A page standing for an electronic attachment the dossier cannot print (a spreadsheet, a letter)."""
    return render_pdf("dossier_attachment", {**context, "item": {
        "file_name": item.file_name,
        "description": item.description,
        "kind": ATTACHMENT_KINDS.get(item.mime, KIND_NAMES.get(item.mime, item.mime)),
        "size": f"{item.size:,}".replace(",", "."),
        "sha256": item.sha256,
        "copy_form": COPY_FORM_TEXT[item.copy_form] if item.copy_form else "chưa ghi bản chính hay bản sao",
        "uploaded": datetime_vi(item.created_at),
    }}, variant=None)


class _Altered(Exception):
    """The stored bytes of an evidence item no longer match its SHA-256."""


def _evidence_part(context: dict[str, Any], item: Any, key: str | None, facts: Any = None) -> Part:
    """One item as a dossier part; raises when its bytes were altered or do not convert.

    The decision received after a transfer (``facts.received_evidence_id``) is the case's penalty decision.
    """
    data = item.data
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise _Altered(item.id)
    form = COPY_FORM_TEXT[item.copy_form] if item.copy_form else "chưa ghi bản chính hay bản sao"
    if item.mime in ATTACHMENT_KINDS:
        pdf = attachment_page(context, item)
        title = f"Tài liệu kèm theo (tệp điện tử): {item.description or item.file_name} ({form})"
    else:
        pdf = evidence_pdf(item.mime, data)
        title = f"{_evidence_title(item, facts)} ({form})"
    if facts is not None and item.id == facts.received_evidence_id:
        key = "penalty_decision"
    part = Part(title, pdf, key)
    part.pages  # noqa: B018 - opened now, so that a PDF that does not open fails here, not in ``assemble``
    PdfWriter().append(PdfReader(io.BytesIO(pdf)), import_outline=False, excluded_fields=["/Annots", "/B"])
    return part


def evidence_parts(context: dict[str, Any], items: list[Any], unreadable: dict[int, str],
                   facts: Any = None) -> list[Part]:
    """The readable items as parts; an item that fails now is added to ``unreadable`` (never raised)."""
    categories = {c.evidence: c.key for c in CHECKLIST if c.evidence}
    parts = []
    for item in items:
        if item.id in unreadable:
            continue
        try:
            parts.append(_evidence_part(context, item, categories.get(item.category), facts))
        except Exception as error:  # one item never stops the dossier: it is listed as unreadable
            log.warning("evidence %s of case %s left out of the dossier: %r", item.id, item.case_id, error)
            unreadable[item.id] = ("tệp đã bị thay đổi sau khi tải lên" if isinstance(error, _Altered)
                                   else "không chuyển được sang PDF")
    return parts


def case_timeline(case: Case) -> list[dict[str, Any]]:
    events = db.session.scalars(db.select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.seq))
    return [
        {
            "seq": e.seq,
            "when": datetime_vi(e.created_at),
            "actor": e.actor.full_name if e.actor else "Hệ thống",
            "summary": e.summary,
            "from": e.from_state or "",
            "to": e.to_state or "",
            "hash": e.hash[:16],
        }
        for e in events
    ]


def _concluded_months(view: CaseView) -> list[dict[str, Any]]:
    concluded = view.history.input(Trigger.CONCLUDE_INSPECTION)
    return [
        {
            "period": period_display(m.period),
            "amount": m.amount,
            # LR-ART216 C4: the inspector's confirmed count; the ledger headcount beside it, as found.
            "employees": m.confirmed_employees,
            "ledger_employees": m.employees,
            "withheld": m.withheld,
            "behaviour": m.behaviour,
        }
        for m in (concluded.behaviours if concluded else [])
    ]


def _employees(view: CaseView, months: list[dict[str, Any]]) -> dict[str, Any]:
    evasion = [m for m in months if m["behaviour"] == Behaviour.EVASION]
    concluded = view.history.input(Trigger.CONCLUDE_INSPECTION)
    return {
        "concluded": concluded.employees_affected if concluded else None,
        "largest_month": max((m["employees"] for m in evasion if m["employees"] is not None), default=0),
        "confirmed": all(m["employees"] is not None for m in evasion),
        "ledger": view.figures.employees_affected,
    }


def dossier_context(case: Case, view: CaseView, *, draft: bool, issue_date: date, signer: Signer | None,
                    step_input: dict[str, Any], timeline: list[dict[str, Any]],
                    missing: list[str], missing_keys: list[str] | None = None) -> dict[str, Any]:
    """Plain data of the dossier's own parts (cover, contents, checklist, facts, timeline).

    :param timeline: the case's events as the dossier lists them (``case_timeline``).
    :param missing: the checklist items the case lacks (``missing_evidence``).
    """
    base = document_context(
        kind=DocKind.REFERRAL_DOSSIER, office=case.office, case=case, issue_date=issue_date, number_text=None,
        symbol=None, signer=signer, figures=view.figures, step=step_input, extra={}, draft=draft, watermark=False,
    )
    months = _concluded_months(view)
    return {
        **base,
        "art216": art216_context(view.art216.to_dict() if view.art216 else None),
        "months": months,
        "employees": _employees(view, months),
        "timeline": timeline,
        "reference": case_reference(case),
        "missing": missing,
        "missing_keys": list(missing_keys or []),
    }


def _arrears_part(case: Case, view: CaseView, issue_date: date, signer: Signer | None) -> bytes:
    context = document_context(
        kind=DocKind.ARREARS_STATEMENT, office=case.office, case=case, issue_date=issue_date, number_text=None,
        symbol=None, signer=signer, figures=view.figures, step={}, extra={}, watermark=False,
    )
    return render_pdf(DocKind.ARREARS_STATEMENT.value, context, variant=None)


def _recommendation(case: Case, view: CaseView, draft: bool, issue_date: date, signer: Signer | None,
                    step_input: dict[str, Any], recommendation: Any, pending: list[Document]) -> bytes:
    issued = next((d for d in pending if d.kind == DocKind.RECOMMENDATION.value), None)
    if issued is not None:
        return docs.verified_bytes(issued)
    context = document_context(
        kind=DocKind.RECOMMENDATION, office=case.office, case=case, issue_date=issue_date, number_text=None,
        symbol=docs.symbol_for(case.office, DocKind.RECOMMENDATION), signer=signer, figures=view.figures,
        step=step_input, extra=recommendation, draft=draft, watermark=False,
    )
    return render_pdf(DocKind.RECOMMENDATION.value, context)


def document_title(document: Document) -> str:
    number = f" số {document.number_text}" if document.number_text else ""
    return f"{document.title}{number} ngày {format_date(document.issue_date)}"


def build_dossier(
    case: Case,
    view: CaseView,
    *,
    draft: bool,
    issue_date: date,
    signer: Signer | None,
    step_input: dict[str, Any],
    recommendation: Any = None,
    pending: list[Document] | None = None,
) -> bytes:
    """The dossier's bytes (see the module docstring for its parts).

    :param recommendation: the data the recommendation part prints (its step's ``document_data``), unless
        ``pending`` holds the recommendation issued with it.
    """
    from enforcement.services.case_view import checklist_facts, repeat_offence_of

    facts = checklist_facts(case, view.history, repeat_offence_of(case, view.history))
    attached = case_evidence(case)
    unreadable = unreadable_of(attached)
    context = dossier_context(case, view, draft=draft, issue_date=issue_date, signer=signer, step_input=step_input,
                              timeline=case_timeline(case), missing=[])
    evidence = evidence_parts(context, attached, unreadable, facts)
    items = missing_items(case, facts, unreadable=unreadable)
    context["missing"] = [m.message for m in items]
    context["missing_keys"] = [m.key for m in items]
    context["unreadable"] = [{"file_name": e.file_name, "why": unreadable[e.id]} for e in attached
                             if e.id in unreadable]
    recommendation = _recommendation(case, view, draft, issue_date, signer, step_input, recommendation, pending or [])
    keys = {item.document_kind.value: item.key for item in CHECKLIST if item.document_kind}
    earlier = [
        Part(f"{document_title(d)} ({ISSUED_FORM_TEXT})", docs.verified_bytes(d), keys.get(d.kind))
        for d in case_documents(case)
        if d.kind != DocKind.RECOMMENDATION.value
    ]
    earlier += _prior_parts(facts.prior, earlier)
    parts = [
        Part(PART_TITLES["facts"], render_pdf("dossier_facts", context, variant=None)),
        Part(PART_TITLES["arrears"], _arrears_part(case, view, issue_date, signer), "arrears_statement"),
        *earlier,
        *evidence,
        Part(PART_TITLES["timeline"], render_pdf("dossier_timeline", context, variant=None)),
    ]
    return assemble(context, Part(PART_TITLES["recommendation"], recommendation), parts, draft=draft)


def _evidence_title(evidence: Any, facts: Any) -> str:
    """An uploaded paper's part title; the decision received after a transfer is named as the penalty decision."""
    if facts is not None and evidence.id == facts.received_evidence_id and facts.received_title:
        return f"{facts.received_title} (hồ sơ đã chuyển người có thẩm quyền xử phạt)"
    return f"Tài liệu kèm theo: {evidence.description or evidence.file_name}"


def _prior_parts(prior: Any, own: list[Part]) -> list[Part]:
    """The repeat-offence route: the earlier live evasion decision the referral rests on (LR-SANCTIONS)."""
    if prior is None:
        return []
    parts = []
    for key, document in prior_documents(prior).items():
        mine = any(p.checklist_key == key for p in own)
        if document is not None and not (key == "violation_record" and mine):
            parts.append(Part(f"{document_title(document)} (hồ sơ #{prior.case_id}; {ISSUED_FORM_TEXT})",
                              docs.verified_bytes(document), key))
    if prior.document_sha256 is not None and prior.case_id is None:
        from enforcement.services import sanctions

        parts.append(Part(f"Quyết định xử phạt số {prior.number} ngày {format_date(prior.decision_date)} "
                          "(nhập từ trước khi có hệ thống; bản chụp đã ký)",
                          evidence_pdf(prior.document_mime or "application/pdf", sanctions.document_bytes(prior)),
                          "penalty_decision"))
    return parts


def issue_dossier(
    case: Case,
    view: CaseView,
    *,
    draft: bool,
    issue_date: date,
    signer: Signer | None,
    actor: User | None,
    step_input: dict[str, Any],
    recommendation: Any,
    pending: list[Document],
    supersedes: Document | None = None,
) -> Document:
    """Assemble, render and store the dossier (draft or final) inside the caller's transaction."""
    pdf = build_dossier(case, view, draft=draft, issue_date=issue_date, signer=signer,
                        step_input=step_input, recommendation=recommendation, pending=pending)
    kind = DocKind.REFERRAL_DRAFT if draft else DocKind.REFERRAL_DOSSIER
    return docs.store(case, kind, pdf, issue_date=issue_date, number=None, number_text=None, signer=signer,
                      actor=actor, supersedes=supersedes,
                      title="Hồ sơ kiến nghị khởi tố" + (" (dự thảo)" if draft else ""))


# --------------------------------------------------------------------------- assembly (plain data and bytes)


def assemble(context: dict[str, Any], recommendation: Part, parts: list[Part], *, draft: bool) -> bytes:
    """Cover, contents, checklist, the recommendation, the parts; then page stamps (and the draft watermark).

    ``context`` is plain data (``dossier_context``): office, employer, doc, reference, missing.
    """
    body = [recommendation, *parts]
    front_pages = count_pages(render_html("dossier_front", _front_context(context, body, toc=None)))
    page = front_pages + 1
    for part in body:
        part.page = page
        page += part.pages
    toc = [{"title": p.title, "page": p.page, "key": p.checklist_key} for p in body]
    front = render_pdf("dossier_front", _front_context(context, body, toc=toc), variant=None)
    if len(PdfReader(io.BytesIO(front)).pages) != front_pages:  # pragma: no cover - numbers never add a page
        raise RuntimeError("the table of contents changed length between passes")
    writer = PdfWriter()
    for blob in [front, *(p.pdf for p in body)]:
        writer.append(PdfReader(io.BytesIO(blob)), import_outline=False, excluded_fields=["/Annots", "/B"])
    _stamp(writer, context["reference"], draft)
    writer.add_metadata({"/Title": f"Hồ sơ kiến nghị khởi tố {context['reference']}",
                         "/Producer": "Enforcement Case Manager"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def checklist_rows(context: dict[str, Any], toc: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each checklist item: present or missing, and the dossier page where it is."""
    missing_keys = set(context.get("missing_keys", ()))
    where: dict[str, int] = {}
    for entry in toc:
        if entry["key"] and entry["key"] not in where:
            where[entry["key"]] = entry["page"]
    return [
        {"label": item.label, "page": where.get(item.key), "present": item.key not in missing_keys}
        for item in CHECKLIST
    ]


def _front_context(context: dict[str, Any], parts: list[Part], toc: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Cover, contents and checklist; without ``toc`` the pages are placeholders of the same width."""
    entries = toc or [{"title": p.title, "page": 999, "key": p.checklist_key} for p in parts]
    return {**context, "toc": entries, "checklist": checklist_rows(context, entries)}


def _stamp(writer: PdfWriter, reference: str, draft: bool) -> None:
    """Number every page of the dossier (bottom centre) and watermark a draft, over the page's own content."""
    total = len(writer.pages)
    stamps = PdfReader(io.BytesIO(render_pdf("dossier_stamps", {"total": total, "reference": reference,
                                                                 "draft": draft}, variant=None)))
    save = writer._add_object(_stream(b"q\n"))
    for n, (page, stamp) in enumerate(zip(writer.pages, stamps.pages, strict=True), start=1):
        _overlay(writer, page, stamp, save, n)


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _overlay(writer: PdfWriter, page: PageObject, stamp: PageObject, save: Any, n: int) -> None:
    """Draw ``stamp`` (an A4 page) over ``page``: ``q <page's streams> Q`` then the stamp as a form XObject.

    The page's content streams are kept as they are (same objects, same bytes); only its
    ``/Contents`` array and a copy of its ``/Resources`` dictionary change.
    """
    form = _stream(stamp.get_contents().get_data())
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(stamp.mediabox),
        NameObject("/Resources"): stamp["/Resources"].get_object().clone(writer),
    })
    form_ref = writer._add_object(form.flate_encode())
    name = NameObject(f"/DossierStamp{n}")
    resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    xobjects[name] = form_ref
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    scale = min(width / A4[0], height / A4[1])
    dx, dy = float(page.mediabox.left) + (width - A4[0] * scale) / 2, float(page.mediabox.bottom)
    draw = f"Q\nq {scale:.5f} 0 0 {scale:.5f} {dx:.3f} {dy:.3f} cm {name} Do Q\n".encode()
    contents = page.get("/Contents")
    if contents is None:
        original = []
    elif isinstance(contents.get_object(), ArrayObject):
        original = list(contents.get_object())
    else:
        original = [contents]
    page[NameObject("/Contents")] = ArrayObject([save, *original, writer._add_object(_stream(draw))])
