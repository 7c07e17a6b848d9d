"""Evidence uploaded to a case (PDF, images, XLSX, DOCX): kept in the database, outside any web root.

The original file name is kept only for display; it is never used as a path.
Both tables are append-only: a withdrawn item keeps its row (and its bytes) and
gets one ``EvidenceWithdrawal`` row; the referral dossier leaves it out.
"""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from enforcement.db import Base, CreatedAt, enum_column
from enforcement.models.event import refuse_change
from enforcement.models.user import User


class EvidenceCategory(enum.StrEnum):
    """What a piece of evidence is; the referral checklist looks for some of them."""

    ENROLLED_WORKERS = "enrolled_workers"  # danh sách lao động đang tham gia BHXH
    REQUIRED_WORKERS = "required_workers"  # danh sách lao động thuộc diện phải tham gia
    PAYROLL = "payroll"
    CORRESPONDENCE = "correspondence"
    PAYMENT_PROOF = "payment_proof"
    SERVICE_PROOF = "service_proof"  # biên bản giao, phiếu báo phát quyết định xử phạt (XLVPHC Art. 70)
    SIGNED_COPY = "signed_copy"  # a signed scan of an issued document
    OTHER = "other"


class CopyForm(enum.StrEnum):
    """What an attached paper is (BCA letter 5659: originals, lawful copies or valid electronic conversions)."""

    ORIGINAL = "original"  # bản chính
    CERTIFIED_COPY = "certified_copy"  # bản sao y, sao lục
    ELECTRONIC_CONVERSION = "electronic_conversion"  # bản chuyển đổi từ giấy sang điện tử có giá trị pháp lý


class Evidence(Base):
    """One uploaded file of a case; immutable."""

    __tablename__ = "evidence"
    __table_args__ = (sa.Index("ix_evidence_case", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    category: Mapped[EvidenceCategory] = mapped_column(enum_column(EvidenceCategory, "evidence_category"))
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    # Stated at upload (issue 16); None on files uploaded before: the dossier checklist asks for them again.
    copy_form: Mapped[CopyForm | None] = mapped_column(enum_column(CopyForm, "evidence_copy_form"))
    file_name: Mapped[str] = mapped_column(sa.String(255))
    mime: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[CreatedAt]


event.listen(Evidence, "before_update", refuse_change)
event.listen(Evidence, "before_delete", refuse_change)


class EvidenceWithdrawal(Base):
    """An evidence item withdrawn from its case (by its uploader or a supervisor), with why; immutable."""

    __tablename__ = "evidence_withdrawals"

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(sa.ForeignKey("evidence.id"), unique=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    reason: Mapped[str] = mapped_column(sa.String(500))
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[CreatedAt]

    withdrawn_by: Mapped[User | None] = relationship()
    evidence: Mapped[Evidence] = relationship()


event.listen(EvidenceWithdrawal, "before_update", refuse_change)
event.listen(EvidenceWithdrawal, "before_delete", refuse_change)
