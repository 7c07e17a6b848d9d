"""The leads part of the supervisor dashboard (PRODUCT.md §10 Reporting): read-only, one office.

Leads by kind and district with the estimated contributions at stake, the outcomes of the
working conferences, and the coverage gap the seed letter's KPIs speak of: workers paid
per the tax data against workers insured per the ledger, in the latest month of the tax
data (active taxpayers only), shown next to the late-payment ratio.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from enforcement.errors import ValidationFailed
from enforcement.extensions import db
from enforcement.models import Conference, ConferenceInvitee, Lead, LeadStatus, LedgerRow, Outcome, TaxMonth, Taxpayer
from enforcement.services.leads import compute_leads, latest_tax_month
from enforcement.services.tax_parse import ACTIVE


@dataclass
class Coverage:
    month: str
    tax_workers: int
    insured_workers: int

    @property
    def gap(self) -> int:
        return max(0, self.tax_workers - self.insured_workers)

    @property
    def ratio(self) -> float | None:
        """Insured ÷ paid per the tax data (None when the tax data shows no worker)."""
        return self.insured_workers / self.tax_workers if self.tax_workers else None


@dataclass
class LeadBoard:
    month: str | None
    coverage: Coverage | None
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind → (count, amount)
    by_district: list[tuple[str, int, int]] = field(default_factory=list)  # (district, count, amount)
    total: int = 0
    count: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    records: dict[str, int] = field(default_factory=dict)  # lead status → count
    error: str | None = None


def coverage(office_id: int, month: str) -> Coverage:
    """Workers paid (tax data, active taxpayers) and workers insured (ledger) in ``month``."""
    tax = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(TaxMonth.employees), 0))
        .join(Taxpayer, sa.and_(Taxpayer.office_id == TaxMonth.office_id, Taxpayer.tax_code == TaxMonth.tax_code))
        .where(TaxMonth.office_id == office_id, TaxMonth.period == month, Taxpayer.status == ACTIVE)
    )
    insured = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(LedgerRow.employees), 0))
        .where(LedgerRow.office_id == office_id, LedgerRow.period == month)
    )
    return Coverage(month, int(tax or 0), int(insured or 0))


def lead_board(office_id: int) -> LeadBoard:
    """Everything the dashboard shows about leads, for the latest month of the tax data."""
    outcomes = dict(
        db.session.execute(
            sa.select(ConferenceInvitee.outcome, sa.func.count())
            .join(Conference, Conference.id == ConferenceInvitee.conference_id)
            .where(Conference.office_id == office_id, ConferenceInvitee.outcome.is_not(None))
            .group_by(ConferenceInvitee.outcome)
        ).all()
    )
    records = dict(
        db.session.execute(
            sa.select(Lead.status, sa.func.count()).where(Lead.office_id == office_id).group_by(Lead.status)
        ).all()
    )
    board = LeadBoard(
        None, None,
        outcomes={o.value: int(outcomes.get(o, 0)) for o in Outcome},
        records={s.value: int(records.get(s, 0)) for s in LeadStatus},
    )
    month = latest_tax_month(office_id)
    if month is None:
        return board
    board.month = str(month)
    board.coverage = coverage(office_id, str(month))
    try:
        report = compute_leads(office_id, month)
    except ValidationFailed as exc:
        board.error = exc.message
        return board
    districts: dict[str, list[int]] = {}
    for lead in report.leads:
        board.count += 1
        board.total += lead.estimated_contributions
        for kind in lead.kinds:
            count, amount = board.by_kind.get(kind, (0, 0))
            board.by_kind[kind] = (count + 1, amount + lead.estimated_contributions)
        entry = districts.setdefault(lead.district or "", [0, 0])
        entry[0] += 1
        entry[1] += lead.estimated_contributions
    board.by_district = sorted(((d, c, a) for d, (c, a) in districts.items()), key=lambda x: -x[2])
    return board
