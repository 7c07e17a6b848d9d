"""The evidence checklist of an Article 216 dossier (BCA letter 5659, LEGAL.md Part B §7), and what a case lacks."""

from __future__ import annotations

from dataclasses import dataclass

from enforcement.domain.vocabulary import Behaviour
from enforcement.extensions import db
from enforcement.models import Case, Document, Evidence, EvidenceCategory
from enforcement.services import documents as docs
from enforcement.workflow import DocKind


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


def case_documents(case: Case) -> list[Document]:
    """The case's issued documents in order, without drafts, dossiers and superseded versions."""
    skip = {DocKind.REFERRAL_DRAFT.value, DocKind.REFERRAL_DOSSIER.value}
    return [d for d in docs.current_documents(case) if d.kind not in skip]


def case_evidence(case: Case) -> list[Evidence]:
    return list(db.session.scalars(db.select(Evidence).where(Evidence.case_id == case.id).order_by(Evidence.id)))


def _penalty_is_for_evasion(case: Case) -> bool:
    return case.concluded_behaviour == Behaviour.EVASION and case.penalty_decided_on is not None


def missing_evidence(case: Case) -> list[str]:
    """Labels of the checklist items not yet on the case (``approve_referral`` is blocked while any).

    The worker lists are uploaded evidence (``Evidence.category`` ``enrolled_workers`` and
    ``required_workers``); the other papers are the case's issued documents.
    """
    kinds = {d.kind for d in case_documents(case)}
    categories = {str(e.category) for e in case_evidence(case)}
    missing = []
    for item in CHECKLIST:
        if item.document_kind is not None:
            present = item.document_kind.value in kinds
            if item.key == "penalty_decision":
                present = present and _penalty_is_for_evasion(case)
        elif item.evidence is not None:
            present = item.evidence.value in categories
        else:
            present = True  # the dossier's own arrears statement part
        if not present:
            missing.append(item.label)
    return missing
