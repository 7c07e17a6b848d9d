"""Cases: one employer's arrears worked through the enforcement workflow.

Only ``enforcement.services.cases`` (through ``enforcement.workflow``) writes
``state``; ``version`` is SQLAlchemy's version counter, so a stale write fails
instead of overwriting someone else's change.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enforcement.db import Base, CreatedAt, Money, enum_column, utc_now
from enforcement.models.employer import Employer
from enforcement.models.office import Office
from enforcement.models.user import User
from enforcement.workflow import OPEN_STATES, PENALIZED_STATES, CaseState

_OPEN = ", ".join(f"'{s.value}'" for s in OPEN_STATES)
# A referral may be drafted, approved and sent without a penalty in the case: the repeat-offence route
# (LR-SANCTIONS, Decree 283/2026 Art. 4(2)(l)); penalised and enforcing always have their decision.
# A remedies-only decision (XLVPHC Art. 65) is the decision such a case is enforced on: its date is kept there too.
_PENALIZED = ", ".join(
    f"'{s.value}'" for s in (CaseState.PENALIZED, CaseState.ENFORCING, CaseState.REMEDIES_ORDERED)
)
_CONCLUDED = ", ".join(
    f"'{s.value}'" for s in (CaseState.INSPECTION_CONCLUDED, CaseState.VIOLATION_RECORDED,
                             CaseState.DECISION_TRANSFERRED, CaseState.REMEDIES_ORDERED, *PENALIZED_STATES)
)


class Case(Base):
    """An enforcement case with its arrears snapshot and workflow state."""

    __tablename__ = "cases"
    __table_args__ = (
        # Lists and dashboards: by state and nearest deadline, by assignee, by amount.
        sa.Index("ix_cases_office_state_deadline", "office_id", "state", "next_deadline"),
        sa.Index("ix_cases_office_assignee", "office_id", "assignee_id", "state", "next_deadline"),
        sa.Index("ix_cases_office_principal", "office_id", "principal"),
        sa.Index("ix_cases_employer", "employer_id"),
        # At most one open case per employer.
        sa.Index(
            "uq_cases_open_employer",
            "employer_id",
            unique=True,
            sqlite_where=sa.text(f"state IN ({_OPEN})"),
            postgresql_where=sa.text(f"state IN ({_OPEN})"),
        ),
        sa.CheckConstraint("principal >= 0", name="principal_not_negative"),
        sa.CheckConstraint("months_in_arrears >= 0", name="months_not_negative"),
        sa.CheckConstraint(
            f"state NOT IN ({_PENALIZED}) OR penalty_decided_on IS NOT NULL", name="penalized_has_decision"
        ),
        sa.CheckConstraint(
            f"state NOT IN ({_CONCLUDED}) OR concluded_behaviour IS NOT NULL", name="concluded_has_behaviour"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"))
    state: Mapped[CaseState] = mapped_column(enum_column(CaseState, "case_state"), default=CaseState.DETECTED)
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # Arrears snapshot (LEGAL.md LR-ARREARS, LR-INTEREST), refreshed by detection.
    months_in_arrears: Mapped[int] = mapped_column(default=0)
    oldest_unpaid_period: Mapped[str | None] = mapped_column(sa.String(7))
    principal: Mapped[Money]
    # Interest still owed; accrued (LR-INTEREST) and paid (the ledger's lãi đã đóng) beside it.
    interest: Mapped[Money]
    interest_accrued: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    interest_paid: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    interest_complete: Mapped[bool] = mapped_column(default=True)
    employees_affected: Mapped[int] = mapped_column(default=0)
    snapshot_as_of: Mapped[datetime | None]
    # Facts of the workflow kept on the row for lists and for the CHECK constraints below;
    # the full details are in the timeline events.
    concluded_behaviour: Mapped[str | None] = mapped_column(sa.String(20))
    penalty_decided_on: Mapped[date | None]
    next_deadline: Mapped[date | None]
    next_deadline_id: Mapped[str | None] = mapped_column(sa.String(20))
    dismissal_requested: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    opened_at: Mapped[CreatedAt]
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    closed_at: Mapped[datetime | None]
    is_demo: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    office: Mapped[Office] = relationship()
    employer: Mapped[Employer] = relationship()
    assignee: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def __repr__(self) -> str:
        return f"<Case {self.id} {self.state}>"
