"""The monthly contribution ledger: one row per employer and contribution month."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enforcement.db import Base, Money, utc_now
from enforcement.models.employer import Employer


class LedgerRow(Base):
    """What an employer owed for a month and what the office received during it.

    ``period`` is the contribution month ``YYYY-MM`` (sorts as text on every
    database).  Amounts are whole đồng.
    """

    __tablename__ = "ledger_rows"
    __table_args__ = (
        sa.UniqueConstraint("employer_id", "period"),
        # The office is the employer's: the database holds them equal.
        sa.ForeignKeyConstraint(
            ["employer_id", "office_id"], ["employers.id", "employers.office_id"], name="employer_office"
        ),
        sa.CheckConstraint("amount_due >= 0", name="amount_due_not_negative"),
        sa.CheckConstraint("amount_paid >= 0", name="amount_paid_not_negative"),
        sa.CheckConstraint("employees >= 0", name="employees_not_negative"),
        sa.CheckConstraint("employee_share_withheld >= 0", name="withheld_not_negative"),
        sa.CheckConstraint("interest_paid >= 0", name="interest_paid_not_negative"),
        sa.CheckConstraint("length(period) = 7", name="period_is_month"),
        # Months not paid exactly as due (or with interest paid): detection reads only the employers
        # found here (services.arrears.IRREGULAR; an employer paying each month's due owes nothing).
        sa.Index(
            "ix_ledger_rows_irregular",
            "office_id",
            "employer_id",
            "period",
            sqlite_where=sa.text("amount_paid <> amount_due OR interest_paid > 0"),
            postgresql_where=sa.text("amount_paid <> amount_due OR interest_paid > 0"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"))
    # The employer's office, kept on the row so that an office's ledger is read without a join
    # (detection's aggregate pass over millions of rows).
    office_id: Mapped[int] = mapped_column(sa.ForeignKey("offices.id"))
    period: Mapped[str] = mapped_column(sa.String(7))
    amount_due: Mapped[Money]
    amount_paid: Mapped[Money]
    employees: Mapped[int] = mapped_column(default=0)
    employee_share_withheld: Mapped[Money]
    # Late-payment interest received during the month (lãi đã đóng; LEGAL.md LR-ARREARS).
    interest_paid: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    # The import that last wrote this row (names the payment that settled a case).
    batch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("import_batches.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    employer: Mapped[Employer] = relationship(foreign_keys=[employer_id])


@event.listens_for(LedgerRow, "before_insert")
def _office_of_employer(mapper: Any, connection: Any, row: LedgerRow) -> None:
    """Rows added through the ORM take their employer's office."""
    if row.office_id is None:
        row.office_id = connection.scalar(sa.select(Employer.office_id).where(Employer.id == row.employer_id))
