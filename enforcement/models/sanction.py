"""The employer's sanction history (LEGAL.md LR-SANCTIONS): one row per penalty decision.

A row is written when a case issues its penalty decision (``source = case``,
from the case's facts) or entered by legal staff for a decision issued before
the system existed (``source = manual``, with the signed PDF attached). The
decision's own facts (number, date, signer, behaviours, months, fines) are
fixed once written; what happens afterwards — receipt, compliance, payment,
enforcement — is filled in later through ``services.sanctions`` and each change
is kept in ``changes`` (who, when, which fields). Rows are never deleted.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from enforcement.db import Base, CreatedAt, Money, enum_column, utc_now
from enforcement.models.employer import Employer
from enforcement.models.event import refuse_change


class SanctionSource(enum.StrEnum):
    """Where a decision of the history comes from."""

    CASE = "case"  # issued (or received after a transfer) in a case of the program
    MANUAL = "manual"  # entered by legal staff from before the system


class SanctionDecision(Base):
    """One administrative penalty decision against an employer."""

    __tablename__ = "sanction_decisions"
    __table_args__ = (
        sa.Index("ix_sanction_decisions_employer", "employer_id", "decision_date"),
        sa.ForeignKeyConstraint(
            ["employer_id", "office_id"], ["employers.id", "employers.office_id"], name="sanction_employer_office"
        ),
        sa.CheckConstraint("fine_total >= 0", name="fine_total_not_negative"),
        sa.CheckConstraint("form IN ('fine', 'warning')", name="form_known"),
        sa.CheckConstraint("received_on IS NULL OR received_on >= decision_date", name="received_after_decision"),
        sa.CheckConstraint("complied_on IS NULL OR complied_on >= decision_date", name="complied_after_decision"),
        sa.CheckConstraint("compliance_days IS NULL OR compliance_days >= 10", name="compliance_days_at_least_10"),
        sa.CheckConstraint("source <> 'manual' OR document_sha256 IS NOT NULL", name="manual_has_document"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"))
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("documents.id"))
    source: Mapped[SanctionSource] = mapped_column(enum_column(SanctionSource, "sanction_source"))

    number: Mapped[str] = mapped_column(sa.String(100))
    decision_date: Mapped[date]
    signer: Mapped[str] = mapped_column(sa.String(300), default="")
    form: Mapped[str] = mapped_column(sa.String(10), default="fine")
    # Behaviour codes of LR-FINE (si_evasion, ui_late …, or evasion / late_payment for earlier decrees).
    behaviours: Mapped[list[str]] = mapped_column(sa.JSON)
    # The articles cited, e.g. "Nghị định 283/2026/NĐ-CP Điều 44 khoản 2 điểm b".
    articles: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Contribution months of the conduct penalised, "YYYY-MM".
    conduct_months: Mapped[list[str]] = mapped_column(sa.JSON)
    # Per behaviour: {"behaviour", "article", "amount"}.
    fines: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    fine_total: Mapped[Money]

    received_on: Mapped[date | None]
    compliance_days: Mapped[int | None]
    compliance_deadline: Mapped[date | None]  # as the decision states it, when it states a date
    complied_on: Mapped[date | None]  # fine paid and remedial measures done
    fine_paid_on: Mapped[date | None]
    fine_paid_amount: Mapped[int | None] = mapped_column(sa.BigInteger)
    payment_receipt: Mapped[str] = mapped_column(sa.String(200), default="")
    # Enforcement decisions: [{"number", "date", "measure"}].
    enforcement: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    evading_enforcement: Mapped[bool] = mapped_column(default=False)
    enforcement_evaded_until: Mapped[date | None]
    note: Mapped[str] = mapped_column(sa.Text, default="")

    # The signed decision (manual entries): kept in the database, never served from a path.
    document_name: Mapped[str | None] = mapped_column(sa.String(255))
    document_mime: Mapped[str | None] = mapped_column(sa.String(100))
    document_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    document_data: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))

    changes: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    employer: Mapped[Employer] = relationship(foreign_keys=[employer_id])


event.listen(SanctionDecision, "before_delete", refuse_change)
