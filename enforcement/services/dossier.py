"""The Article 216 referral dossier: one PDF that legal staff print (PRODUCT §6, LEGAL.md Part B §7).

Parts, in order: cover; table of contents (real page numbers); the evidence
checklist of BCA letter 5659 (each item present or missing, with its page);
the recommendation to prosecute; the statement of facts with the Article 216
evaluation criterion by criterion; the month-by-month arrears statement with
interest and the employees concerned; every earlier document of the case (the
issued PDFs themselves, not re-rendered) and the uploaded evidence; the
timeline.  Every page is stamped with the dossier's own page number, which is
what the table of contents and the checklist refer to.  A draft carries a
DỰ THẢO watermark on every page; the approved dossier does not.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PIL import Image
from pypdf import PdfReader, PdfWriter

from enforcement.domain.periods import format_date
from enforcement.extensions import db
from enforcement.filters import datetime_vi
from enforcement.models import Case, CaseEvent, Document, Evidence, EvidenceCategory, Signer, User
from enforcement.pdf.context import case_reference, document_context, period_display
from enforcement.pdf.render import html_to_pdf, render_html
from enforcement.services import documents as docs
from enforcement.workflow import DocKind

if TYPE_CHECKING:
    from enforcement.services.cases import CaseView


@dataclass(frozen=True)
class ChecklistItem:
    """One paper the police need in an Article 216 dossier (BCA letter 5659, LEGAL.md Part B §7)."""

    key: str
    label: str
    document_kind: DocKind | None = None
    evidence: EvidenceCategory | None = None


CHECKLIST = (
    ChecklistItem("inspection_decision", "Quyết định kiểm tra", document_kind=DocKind.INSPECTION_DECISION),
    ChecklistItem("working_minutes", "Biên bản làm việc, tài liệu xác minh", document_kind=DocKind.WORKING_MINUTES),
    ChecklistItem("violation_record", "Biên bản vi phạm hành chính", document_kind=DocKind.VIOLATION_RECORD),
    ChecklistItem("conclusion", "Kết luận kiểm tra", document_kind=DocKind.INSPECTION_CONCLUSION),
    ChecklistItem(
        "penalty_decision", "Quyết định xử phạt vi phạm hành chính về hành vi trốn đóng",
        document_kind=DocKind.PENALTY_DECISION,
    ),
    ChecklistItem(
        "enrolled_workers", "Danh sách người lao động đang tham gia BHXH, BHYT, BHTN",
        evidence=EvidenceCategory.ENROLLED_WORKERS,
    ),
    ChecklistItem(
        "required_workers", "Danh sách người lao động thuộc diện phải tham gia BHXH, BHYT, BHTN",
        evidence=EvidenceCategory.REQUIRED_WORKERS,
    ),
    ChecklistItem("arrears_statement", "Bảng kê số tiền trốn đóng theo từng tháng"),
)


def _case_documents(case: Case) -> list[Document]:
    """The case's issued documents in order, without drafts, dossiers and superseded versions."""
    rows = list(db.session.scalars(db.select(Document).where(Document.case_id == case.id).order_by(Document.id)))
    superseded = {d.supersedes_id for d in rows if d.supersedes_id}
    skip = {DocKind.REFERRAL_DRAFT.value, DocKind.REFERRAL_DOSSIER.value}
    return [d for d in rows if d.kind not in skip and d.id not in superseded]


def _evidence(case: Case) -> list[Evidence]:
    return list(db.session.scalars(db.select(Evidence).where(Evidence.case_id == case.id).order_by(Evidence.id)))


def _penalty_is_for_evasion(case: Case) -> bool:
    return case.concluded_behaviour == "evasion" and case.penalty_decided_on is not None


def missing_evidence(case: Case) -> list[str]:
    """Labels of the checklist items not yet on the case (``approve_referral`` is blocked while any)."""
    kinds = {d.kind for d in _case_documents(case)}
    categories = {e.category for e in _evidence(case)}
    missing = []
    for item in CHECKLIST:
        if item.document_kind is not None:
            present = item.document_kind.value in kinds
            if item.key == "penalty_decision":
                present = present and _penalty_is_for_evasion(case)
        elif item.evidence is not None:
            present = item.evidence in categories
        else:
            present = True  # the dossier's own arrears statement part
        if not present:
            missing.append(item.label)
    return missing


@dataclass
class Part:
    title: str
    pdf: bytes
    checklist_key: str | None = None

    @property
    def pages(self) -> int:
        return len(PdfReader(io.BytesIO(self.pdf)).pages)


def _image_to_pdf(data: bytes) -> bytes:
    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.convert("RGB").save(out, format="PDF", resolution=150.0)
    return out.getvalue()


def _evidence_pdf(evidence: Evidence) -> bytes:
    return evidence.data if evidence.mime == "application/pdf" else _image_to_pdf(evidence.data)


def _render_part(template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_html(template, context), variant=None)


def _timeline(case: Case) -> list[dict[str, Any]]:
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


def _art216_rows(view: CaseView) -> dict[str, Any]:
    if view.art216 is None:
        return {"criteria": [], "passed": False, "band": None, "penalties": {}}
    data = view.art216.to_dict()
    return {"criteria": data["criteria"], "passed": data["passed"], "band": data["band"],
            "penalties": data["penalties"], "reasons": data["reasons"]}


def _evasion_months(view: CaseView) -> list[dict[str, Any]]:
    from enforcement.workflow import Trigger

    behaviours = view.history.value(Trigger.CONCLUDE_INSPECTION, "behaviours") or []
    return [
        {"period": period_display(m["period"]), "amount": m["amount"], "employees": m["employees"],
         "behaviour": m["behaviour"]}
        for m in behaviours
    ]


def issue_dossier(
    case: Case,
    view: CaseView,
    *,
    draft: bool,
    issue_date: date,
    signer: Signer | None,
    actor: User | None,
    step_input: dict[str, Any],
    pending: list[Document],
) -> Document:
    """Assemble, render and store the dossier (draft or final) inside the caller's transaction."""
    pdf = build_dossier(case, view, draft=draft, issue_date=issue_date, signer=signer,
                        step_input=step_input, pending=pending)
    kind = DocKind.REFERRAL_DRAFT if draft else DocKind.REFERRAL_DOSSIER
    return docs.store(case, kind, pdf, issue_date=issue_date, number=None, number_text=None, signer=signer,
                      actor=actor, supersedes=None,
                      title="Hồ sơ kiến nghị khởi tố" + (" (dự thảo)" if draft else ""))


def build_dossier(
    case: Case,
    view: CaseView,
    *,
    draft: bool,
    issue_date: date,
    signer: Signer | None,
    step_input: dict[str, Any],
    pending: list[Document] | None = None,
) -> bytes:
    """The dossier's bytes (see the module docstring for its parts)."""
    base = document_context(
        kind=DocKind.REFERRAL_DOSSIER, office=case.office, case=case, issue_date=issue_date, number_text=None,
        symbol=None, signer=signer, figures=view.figures, step=step_input, extra={}, draft=draft,
    )
    recommendation = _recommendation(case, view, draft, issue_date, signer, step_input, pending or [])
    earlier = [d for d in _case_documents(case) if d.kind != DocKind.RECOMMENDATION.value]
    evidence = _evidence(case)
    context = {
        **base,
        "art216": _art216_rows(view),
        "months": _evasion_months(view),
        "timeline": _timeline(case),
        "reference": case_reference(case),
        "missing": missing_evidence(case),
    }
    parts = [
        Part("Tóm tắt sự việc và đánh giá theo Điều 216 Bộ luật Hình sự", _render_part("dossier_facts", context)),
        Part("Bảng kê số tiền trốn đóng, chậm đóng theo từng tháng và tiền lãi",
             docs.render_pdf(DocKind.ARREARS_STATEMENT.value, base), "arrears_statement"),
    ]
    keys = {item.document_kind.value: item.key for item in CHECKLIST if item.document_kind}
    for document in earlier:
        parts.append(Part(f"{document.title} {('số ' + document.number_text) if document.number_text else ''}"
                          f" ngày {format_date(document.issue_date)}", docs.verified_bytes(document),
                          keys.get(document.kind)))
    for item in evidence:
        parts.append(Part(f"Tài liệu: {item.description or item.file_name}", _evidence_pdf(item),
                          next((c.key for c in CHECKLIST if c.evidence == item.category), None)))
    parts.append(Part("Nhật ký hồ sơ (timeline)", _render_part("dossier_timeline", context)))
    return _assemble(context, recommendation, parts, draft)


def _recommendation(case: Case, view: CaseView, draft: bool, issue_date: date, signer: Signer | None,
                    step_input: dict[str, Any], pending: list[Document]) -> bytes:
    issued = next((d for d in pending if d.kind == DocKind.RECOMMENDATION.value), None)
    if issued is not None:
        return docs.verified_bytes(issued)
    from enforcement.services.cases import extras_for

    context = document_context(
        kind=DocKind.RECOMMENDATION, office=case.office, case=case, issue_date=issue_date, number_text=None,
        symbol=docs.symbol_for(case.office, DocKind.RECOMMENDATION), signer=signer, figures=view.figures,
        step=step_input, extra=extras_for(DocKind.RECOMMENDATION, case, view, step_input), draft=draft,
    )
    return docs.render_pdf(DocKind.RECOMMENDATION.value, context)


def _assemble(context: dict[str, Any], recommendation: bytes, parts: list[Part], draft: bool) -> bytes:
    """Cover, contents, checklist, recommendation, the parts; then page stamps and the watermark."""
    rec = Part("Văn bản kiến nghị khởi tố", recommendation)
    front = _front(context, [rec, *parts], first_page=1, toc=None)
    front_pages = len(PdfReader(io.BytesIO(front)).pages)
    toc, page = [], front_pages + 1
    for part in [rec, *parts]:
        toc.append({"title": part.title, "page": page, "key": part.checklist_key})
        page += part.pages
    front = _front(context, [rec, *parts], first_page=1, toc=toc)
    if len(PdfReader(io.BytesIO(front)).pages) != front_pages:  # pragma: no cover - numbers never add a page
        raise RuntimeError("the table of contents changed length between passes")
    writer = PdfWriter()
    for blob in [front, rec.pdf, *(p.pdf for p in parts)]:
        writer.append(PdfReader(io.BytesIO(blob)))
    _stamp(writer, context["reference"], draft)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _front(context: dict[str, Any], parts: list[Part], first_page: int, toc: list[dict[str, Any]] | None) -> bytes:
    placeholder = [{"title": p.title, "page": 999, "key": p.checklist_key} for p in parts]
    entries = toc or placeholder
    where = {e["key"]: e["page"] for e in entries if e["key"]}
    checklist = [
        {"label": item.label, "page": where.get(item.key), "present": item.label not in context["missing"]}
        for item in CHECKLIST
    ]
    return _render_part("dossier_front", {**context, "toc": entries, "checklist": checklist})


def _stamp(writer: PdfWriter, reference: str, draft: bool) -> None:
    """Number every page of the dossier (bottom centre) and watermark a draft."""
    total = len(writer.pages)
    html = render_html("dossier_stamps", {"total": total, "reference": reference, "draft": draft})
    stamps = PdfReader(io.BytesIO(html_to_pdf(html, variant=None)))
    for page, stamp in zip(writer.pages, stamps.pages, strict=True):
        page.merge_page(stamp)
