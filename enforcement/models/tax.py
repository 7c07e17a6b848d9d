"""Tax data, evasion leads and working conferences (PRODUCT.md §10).

``TaxBatch`` records each tax-data file submitted (who, when, SHA-256, what came
of it); ``Taxpayer`` is the office's copy of the tax registry (name,
registration date, the status of the latest month); ``TaxMonth`` one taxpayer
and month (workers paid, taxable income paid). ``Lead`` is a suspicion worked
on (kinds, figures, status), with an append-only timeline of ``LeadEvent``.
``Conference`` groups leads and arrears cases into a working conference;
``ConferenceInvitee`` is one invited employer with its attendance and outcome;
``ConferenceDocument`` an issued invitation or minutes (immutable PDF).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from enforcement.db import Base, CreatedAt, Money, enum_column, utc_now
from enforcement.models.event import refuse_change
from enforcement.models.imports import BatchStatus
from enforcement.models.user import User


class TaxBatch(Base):
    """One tax-data file submitted for import, and what came of it."""

    __tablename__ = "tax_batches"
    __table_args__ = (sa.Index("ix_tax_batches_office_sha", "office_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(sa.String(255))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    status: Mapped[BatchStatus] = mapped_column(enum_column(BatchStatus, "tax_batch_status"))
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_inserted: Mapped[int] = mapped_column(default=0)
    rows_updated: Mapped[int] = mapped_column(default=0)
    rows_unchanged: Mapped[int] = mapped_column(default=0)
    rows_rejected: Mapped[int] = mapped_column(default=0)
    taxpayers_created: Mapped[int] = mapped_column(default=0)
    taxpayers_updated: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    notes: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[CreatedAt]

    user: Mapped[User | None] = relationship()


class Taxpayer(Base):
    """A taxpayer of the office's tax data (canonical tax code, LR-TAXCODE)."""

    __tablename__ = "taxpayers"
    __table_args__ = (
        sa.UniqueConstraint("office_id", "tax_code"),
        sa.Index("ix_taxpayers_office_status", "office_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    tax_code: Mapped[str] = mapped_column(sa.String(14))
    name: Mapped[str] = mapped_column(sa.String(300))
    registered_on: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(20))  # of the latest month of the tax data
    status_period: Mapped[str] = mapped_column(sa.String(7))
    batch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tax_batches.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class TaxMonth(Base):
    """One taxpayer and month: workers paid and total taxable income paid (whole đồng)."""

    __tablename__ = "tax_months"
    __table_args__ = (
        sa.UniqueConstraint("office_id", "tax_code", "period"),
        sa.Index("ix_tax_months_office_period", "office_id", "period"),
        sa.CheckConstraint("employees >= 0", name="tax_employees_not_negative"),
        sa.CheckConstraint("wages >= 0", name="tax_wages_not_negative"),
        sa.CheckConstraint("length(period) = 7", name="tax_period_is_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    tax_code: Mapped[str] = mapped_column(sa.String(14))
    period: Mapped[str] = mapped_column(sa.String(7))
    status: Mapped[str] = mapped_column(sa.String(20))
    employees: Mapped[int] = mapped_column(default=0)
    wages: Mapped[Money]
    batch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tax_batches.id"))


class LeadStatus(enum.StrEnum):
    OPEN = "open"  # found, not yet invited
    INVITED = "invited"  # on a conference's list
    COMMITTED = "committed"  # committed at a conference to register or pay by a date
    CASE_OPENED = "case_opened"  # became an enforcement case
    CLOSED = "closed"  # registered (a later ledger shows the workers), or no longer found


class Lead(Base):
    """An evasion lead on one taxpayer: the figures of its comparison month and where it stands."""

    __tablename__ = "leads"
    __table_args__ = (
        sa.UniqueConstraint("office_id", "tax_code"),
        sa.Index("ix_leads_office_status", "office_id", "status", "estimated_contributions"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    tax_code: Mapped[str] = mapped_column(sa.String(14))
    name: Mapped[str] = mapped_column(sa.String(300))
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employers.id"))
    unit_code: Mapped[str | None] = mapped_column(sa.String(20))
    district: Mapped[str] = mapped_column(sa.String(200), default="")
    kinds: Mapped[str] = mapped_column(sa.String(60))  # sorted, comma-separated
    month: Mapped[str] = mapped_column(sa.String(7))
    months: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    max_tax_employees: Mapped[int] = mapped_column(default=0)
    max_gap: Mapped[int] = mapped_column(default=0)
    estimated_contributions: Mapped[Money]
    new_business: Mapped[bool] = mapped_column(default=False)
    status: Mapped[LeadStatus] = mapped_column(enum_column(LeadStatus, "lead_status"), default=LeadStatus.OPEN)
    commitment_due: Mapped[date | None]
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    # True when the lead opened ``case_id`` (which then enters the workflow at the inspection);
    # False when it continued a case already open for the employer.
    origin_of_case: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    closed_at: Mapped[datetime | None]

    @property
    def kind_list(self) -> list[str]:
        return [k for k in self.kinds.split(",") if k]


class LeadEvent(Base):
    """One entry of a lead's timeline (append-only)."""

    __tablename__ = "lead_events"
    __table_args__ = (sa.UniqueConstraint("lead_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("leads.id"))
    seq: Mapped[int]
    created_at: Mapped[CreatedAt]
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(30))
    summary: Mapped[str] = mapped_column(sa.Text)
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    actor: Mapped[User | None] = relationship()


event.listen(LeadEvent, "before_update", refuse_change)
event.listen(LeadEvent, "before_delete", refuse_change)


class ConferenceStatus(enum.StrEnum):
    PLANNED = "planned"
    INVITED = "invited"  # invitations issued
    MINUTES_ISSUED = "minutes_issued"


class Conference(Base):
    """A working conference with employers (hội nghị làm việc với đơn vị)."""

    __tablename__ = "conferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    held_on: Mapped[date]
    held_at: Mapped[str] = mapped_column(sa.String(5))  # HH:MM
    place: Mapped[str] = mapped_column(sa.String(300))
    chair_name: Mapped[str] = mapped_column(sa.String(200))
    chair_title: Mapped[str] = mapped_column(sa.String(200))
    secretary_name: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[ConferenceStatus] = mapped_column(
        enum_column(ConferenceStatus, "conference_status"), default=ConferenceStatus.PLANNED
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[CreatedAt]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    invitees: Mapped[list[ConferenceInvitee]] = relationship(
        back_populates="conference", order_by="ConferenceInvitee.id"
    )


class Outcome(enum.StrEnum):
    REGISTERED = "registered"
    COMMITTED = "committed"
    REFUSED = "refused"
    ABSENT = "absent"


class ConferenceInvitee(Base):
    """One employer invited to a conference: from a lead or an arrears case, and what came of it."""

    __tablename__ = "conference_invitees"
    __table_args__ = (
        sa.UniqueConstraint("conference_id", "tax_code"),
        sa.CheckConstraint("lead_id IS NOT NULL OR case_id IS NOT NULL", name="invitee_has_origin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(sa.ForeignKey("conferences.id"))
    lead_id: Mapped[int | None] = mapped_column(sa.ForeignKey("leads.id"))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    tax_code: Mapped[str] = mapped_column(sa.String(14))
    unit_code: Mapped[str | None] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(300))
    address: Mapped[str] = mapped_column(sa.Text, default="")
    district: Mapped[str] = mapped_column(sa.String(200), default="")
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, "conference_outcome"))
    commitment_due: Mapped[date | None]
    representative: Mapped[str] = mapped_column(sa.String(200), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    result_case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    follow_up_done: Mapped[bool] = mapped_column(default=False)

    conference: Mapped[Conference] = relationship(back_populates="invitees")


class ConferenceDocument(Base):
    """An issued invitation letter, merged print file or minutes: numbered, immutable."""

    __tablename__ = "conference_documents"
    __table_args__ = (sa.Index("ix_conference_documents_conf", "conference_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    conference_id: Mapped[int] = mapped_column(sa.ForeignKey("conferences.id"))
    invitee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("conference_invitees.id"))
    kind: Mapped[str] = mapped_column(sa.String(40))  # invitation | invitations_merged | minutes
    title: Mapped[str] = mapped_column(sa.String(300))
    register: Mapped[str | None] = mapped_column(sa.String(40))
    year: Mapped[int]
    number: Mapped[int | None]
    number_text: Mapped[str | None] = mapped_column(sa.String(60))
    issue_date: Mapped[date]
    signer_name: Mapped[str] = mapped_column(sa.String(200), default="")
    signer_title: Mapped[str] = mapped_column(sa.String(200), default="")
    pdf: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[CreatedAt]


event.listen(ConferenceDocument, "before_update", refuse_change)
event.listen(ConferenceDocument, "before_delete", refuse_change)
