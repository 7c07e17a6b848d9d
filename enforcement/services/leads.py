"""Evasion leads (PRODUCT.md §10): one set-based SQL query over the tax data and the ledger.

``compute_leads`` finds the leads of an office for a comparison month ``M``
(default: the latest month of its tax data) in one aggregate query that runs on
SQLite and PostgreSQL alike: the tax months of the window joined to the ledger
of the same months (summed per canonical tax code, so a taxpayer matches the
BHXH employers that carry its tax code — LR-TAXCODE, a branch with its ``-``),
restricted to taxpayers whose latest status is ``hoat_dong``; every
comparison is exact integer arithmetic (``domain.leads.LeadParams.sql_values``).

``refresh_leads`` keeps the office's ``Lead`` rows in step with a computation:
new leads are opened, changed figures are recorded, and an open lead that is
no longer found while its employer's ledger now shows workers for a later
month closes by itself — every change an event on the lead's timeline.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.db import utc_now
from enforcement.domain.leads import LeadParams, estimated_contributions, new_business_from, window
from enforcement.domain.legal_params import MissingParam
from enforcement.domain.money import format_money
from enforcement.domain.periods import Period
from enforcement.errors import ValidationFailed
from enforcement.extensions import db
from enforcement.models import Employer, Lead, LeadEvent, LeadStatus, LedgerRow, Office, TaxMonth, User
from enforcement.services import unit_of_work
from enforcement.services.legal_params import current_params
from enforcement.services.tax_parse import ACTIVE

OPEN_LEAD_STATES = (LeadStatus.OPEN, LeadStatus.INVITED, LeadStatus.COMMITTED)


@dataclass(frozen=True)
class LeadFigures:
    """One lead of a computation, in the fields of ``expected_leads_small.json``."""

    tax_code: str
    name: str
    kinds: list[str]
    unit_code: str | None
    months: list[str]
    max_tax_employees: int
    max_gap: int
    estimated_contributions: int
    new_business: bool
    district: str = ""
    employer_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON fields (without the tax code, which keys the mapping)."""
        out = asdict(self)
        for private in ("tax_code", "district", "employer_id"):
            out.pop(private)
        return out


@dataclass(frozen=True)
class LeadReport:
    month: str
    window: list[str]
    params: dict[str, Any]
    leads: list[LeadFigures] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``{"month", "window", "params", "leads": {tax_code: {...}}}``, leads sorted by tax code."""
        return {
            "month": self.month,
            "window": self.window,
            "params": self.params,
            "leads": {lead.tax_code: lead.to_dict() for lead in sorted(self.leads, key=lambda x: x.tax_code)},
        }


def latest_tax_month(office_id: int) -> Period | None:
    """The latest month of the office's tax data (None when it has none)."""
    latest = db.session.scalar(sa.select(sa.func.max(TaxMonth.period)).where(TaxMonth.office_id == office_id))
    return Period.parse(latest) if latest else None


def parse_month(text: str | None, office_id: int) -> Period:
    """``--month YYYY-MM`` (or ``MM/YYYY``), or the latest month of the tax data; ValidationFailed otherwise."""
    if text:
        try:
            return Period.parse(text)
        except ValueError as error:
            raise ValidationFailed(str(error), errors={"month": [str(error)]}) from error
    latest = latest_tax_month(office_id)
    if latest is None:
        message = _("Chưa có dữ liệu thuế: hãy nhập tệp dữ liệu thuế trước (Nhập dữ liệu thuế).")
        raise ValidationFailed(message, errors={"month": [message]})
    return latest


def lead_params(month: Period) -> LeadParams:
    """The dated parameters in force on the first day of ``month``; ValidationFailed naming the missing one."""
    try:
        return LeadParams.on(current_params(), month)
    except (MissingParam, ValueError) as error:
        raise ValidationFailed(str(error), errors={"params": [str(error)]}) from error


_LEADS_SQL = """
WITH w AS {materialized} (
    SELECT tax_code, period, employees, wages FROM tax_months
    WHERE office_id = :office AND period >= :first AND period <= :month
),
m AS (
    SELECT t.tax_code AS tax_code, t.period AS period, t.employees AS tax_staff, t.wages AS wages,
           SUM(l.employees) AS staff, SUM(l.amount_due) AS due, MIN(e.unit_code) AS unit_code,
           MIN(e.id) AS employer_id
    FROM w t
    LEFT JOIN employers e ON e.office_id = :office AND e.tax_code = t.tax_code
    LEFT JOIN ledger_rows l ON l.employer_id = e.id AND l.period = t.period
                            AND l.period >= :first AND l.period <= :month
    GROUP BY t.tax_code, t.period, t.employees, t.wages
),
agg AS (
    SELECT m.tax_code AS tax_code,
           {months_agg} AS months,
           MIN(m.unit_code) AS unit_code,
           MIN(m.employer_id) AS employer_id,
           MAX(m.tax_staff) AS max_tax,
           MAX(m.tax_staff - COALESCE(m.staff, 0)) AS max_gap,
           SUM(CASE WHEN m.tax_staff >= 1 THEN 1 ELSE 0 END) AS paid_months,
           SUM(CASE WHEN m.staff IS NOT NULL THEN 1 ELSE 0 END) AS both_months,
           SUM(CASE WHEN m.staff IS NOT NULL
                     AND m.tax_staff - m.staff >= :gap_min
                     AND (m.tax_staff - m.staff) * :gap_den >= :gap_num * m.tax_staff
                    THEN 1 ELSE 0 END) AS headcount_months,
           SUM(CASE WHEN m.staff IS NOT NULL AND m.due * :wage_den < :wage_num * m.wages
                    THEN 1 ELSE 0 END) AS wage_months,
           SUM(CASE WHEN :rate_num * m.wages > :rate_den * COALESCE(m.due, 0)
                    THEN :rate_num * m.wages - :rate_den * COALESCE(m.due, 0) ELSE 0 END) AS shortfall
    FROM m
    GROUP BY m.tax_code
)
SELECT p.tax_code, p.name, p.registered_on, agg.unit_code, agg.employer_id, agg.months, agg.max_tax,
       agg.max_gap, agg.both_months, agg.headcount_months, agg.wage_months, agg.shortfall
FROM agg
JOIN taxpayers p ON p.office_id = :office AND p.tax_code = agg.tax_code AND p.status = :active
WHERE (agg.unit_code IS NULL AND agg.paid_months >= 1)
   OR (agg.unit_code IS NOT NULL AND agg.both_months >= 2
       AND (agg.headcount_months = agg.both_months OR agg.wage_months = agg.both_months))
"""


def _months_aggregate(dialect: str) -> str:
    return "string_agg(m.period, ',')" if dialect == "postgresql" else "group_concat(m.period, ',')"


def compute_leads(office_id: int, month: Period) -> LeadReport:
    """The leads of ``office_id`` for comparison month ``month`` (PRODUCT.md §10), read-only."""
    params = lead_params(month)
    months = window(month, params.window_months)
    cutoff = new_business_from(month)
    values = params.sql_values()
    dialect = db.session.get_bind().dialect.name
    # SQLite: materialise the window so that it is read through the (office, period) index;
    # PostgreSQL plans the window inline (hash joins over the three months).
    materialized = "MATERIALIZED" if dialect == "sqlite" else ""
    statement = sa.text(_LEADS_SQL.format(months_agg=_months_aggregate(dialect), materialized=materialized))
    rows = db.session.execute(
        statement,
        {"office": office_id, "first": str(months[0]), "month": str(month), "active": ACTIVE, **values},
    ).all()
    districts = _districts([row.employer_id for row in rows if row.employer_id is not None])
    leads = []
    for row in rows:
        if row.unit_code is None:
            kinds = ["unregistered"]
        else:
            both = int(row.both_months)
            kinds = [
                kind
                for kind, count in (("headcount", row.headcount_months), ("wages", row.wage_months))
                if int(count) == both
            ]
        registered = row.registered_on if isinstance(row.registered_on, date) else date.fromisoformat(
            str(row.registered_on)
        )
        leads.append(
            LeadFigures(
                tax_code=row.tax_code,
                name=row.name,
                kinds=sorted(kinds),
                unit_code=row.unit_code,
                months=sorted(row.months.split(",")),
                max_tax_employees=int(row.max_tax),
                max_gap=int(row.max_gap),
                estimated_contributions=estimated_contributions(int(row.shortfall), params.rate_total),
                new_business=registered >= cutoff,
                district=districts.get(row.employer_id, ""),
                employer_id=row.employer_id,
            )
        )
    return LeadReport(str(month), [str(p) for p in months], params.to_dict(), leads)


def _districts(employer_ids: list[int]) -> dict[int, str]:
    if not employer_ids:
        return {}
    query = sa.select(Employer.id, Employer.district).where(Employer.id.in_(employer_ids))
    return {ident: district for ident, district in db.session.execute(query)}  # noqa: C416 - rows, not pairs


# --- the office's lead records and their timeline ------------------------------------------------


def add_lead_event(
    lead: Lead, action: str, actor: User | None, summary: str, details: dict[str, Any] | None = None
) -> LeadEvent:
    """Append one event to the lead's timeline (Vietnamese summary)."""
    seq = (db.session.scalar(sa.select(sa.func.max(LeadEvent.seq)).where(LeadEvent.lead_id == lead.id)) or 0) + 1
    event = LeadEvent(
        lead_id=lead.id, seq=seq, actor_id=actor.id if actor else None, action=action, summary=summary,
        details=details or {},
    )
    db.session.add(event)
    db.session.flush()
    return event


@dataclass
class RefreshResult:
    month: str
    opened: int = 0
    updated: int = 0
    closed: int = 0
    unchanged: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_TRACKED = ("name", "kinds", "unit_code", "months", "max_tax_employees", "max_gap", "estimated_contributions",
            "new_business", "employer_id", "district")


def refresh_leads(office: Office, month_text: str | None = None, actor: User | None = None) -> RefreshResult:
    """Bring the office's lead records in step with the leads of the month (one transaction)."""
    month = parse_month(month_text, office.id)
    report = compute_leads(office.id, month)
    result = RefreshResult(report.month)
    with unit_of_work(), force_locale("vi"):
        query = sa.select(Lead).where(Lead.office_id == office.id)
        existing = {lead.tax_code: lead for lead in db.session.scalars(query)}
        found = {lead.tax_code: lead for lead in report.leads}
        for code, figures in found.items():
            values = {
                "name": figures.name,
                "kinds": ",".join(figures.kinds),
                "unit_code": figures.unit_code,
                "months": figures.months,
                "max_tax_employees": figures.max_tax_employees,
                "max_gap": figures.max_gap,
                "estimated_contributions": figures.estimated_contributions,
                "new_business": figures.new_business,
                "employer_id": figures.employer_id,
                "district": figures.district,
            }
            lead = existing.get(code)
            if lead is None or lead.status == LeadStatus.CLOSED:
                reopened = lead is not None
                if lead is None:
                    lead = Lead(office_id=office.id, tax_code=code, month=report.month, **values)
                    db.session.add(lead)
                else:
                    for key, value in values.items():
                        setattr(lead, key, value)
                    lead.month, lead.status, lead.closed_at = report.month, LeadStatus.OPEN, None
                db.session.flush()
                add_lead_event(
                    lead, "reopened" if reopened else "opened", actor,
                    _(
                        "Phát hiện đầu mối (%(kinds)s) tháng %(m)s: ước tính %(amount)s phải đóng",
                        kinds=", ".join(kind_label(k) for k in figures.kinds),
                        m=show_month(report.month),
                        amount=format_money(figures.estimated_contributions),
                    ),
                    {"month": report.month, "figures": figures.to_dict(), "params": report.params},
                )
                result.opened += 1
                continue
            changes = {k: [getattr(lead, k), v] for k, v in values.items() if getattr(lead, k) != v}
            if lead.month != report.month:
                changes["month"] = [lead.month, report.month]
            if not changes:
                result.unchanged += 1
                continue
            for key, value in values.items():
                setattr(lead, key, value)
            lead.month = report.month
            add_lead_event(
                lead, "figures", actor,
                _("Cập nhật số liệu đầu mối theo tháng %(m)s", m=show_month(report.month)),
                {"month": report.month, "changes": changes},
            )
            result.updated += 1
        result.closed = close_registered(office.id, actor, skip=set(found))
    return result


def show_month(period: str) -> str:
    """``2026-09`` → ``09/2026``."""
    return f"{period[5:7]}/{period[:4]}"


def close_registered(office_id: int, actor: User | None = None, skip: set[str] | None = None) -> int:
    """Close every open lead whose employer's ledger, for a month after the lead's, shows the workers registered.

    Registered means the lead's conditions no longer hold on that later ledger month against the
    tax figures of the lead's month: the gap in workers is below ``max(gap_min, ⌈ratio × tax
    workers⌉)`` and, for a wage lead, the amount due reaches ``wage_ratio_min × rate × wages``.
    Runs inside the caller's transaction; returns how many leads closed.
    """
    leads = db.session.scalars(
        sa.select(Lead).where(Lead.office_id == office_id, Lead.status.in_(OPEN_LEAD_STATES))
    ).all()
    closed = 0
    with force_locale("vi"):
        for lead in leads:
            if skip and lead.tax_code in skip:
                continue
            later = _later_ledger(office_id, lead.tax_code, lead.month)
            if later is None:
                continue
            period, staff, due = later
            tax = db.session.execute(
                sa.select(TaxMonth.employees, TaxMonth.wages).where(
                    TaxMonth.office_id == office_id, TaxMonth.tax_code == lead.tax_code, TaxMonth.period == lead.month
                )
            ).first()
            if tax is None:
                continue
            params = lead_params(Period.parse(lead.month))
            workers, wages = int(tax[0]), int(tax[1])
            gap = workers - staff
            if gap >= params.gap_min and gap >= params.gap_ratio * workers:
                continue
            if "wages" in lead.kind_list and due < params.wage_ratio_min * params.rate_total * wages:
                continue
            lead.status = LeadStatus.CLOSED
            lead.closed_at = utc_now()
            add_lead_event(
                lead, "closed", actor,
                _(
                    "Đơn vị đã đăng ký: sổ thu tháng %(m)s ghi %(n)d lao động, số phải đóng %(due)s "
                    "(dữ liệu thuế tháng %(t)s: %(w)d lao động); đầu mối tự đóng",
                    m=show_month(period), n=staff, due=format_money(due), t=show_month(lead.month), w=workers,
                ),
                {"ledger_period": period, "employees": staff, "amount_due": due, "tax_month": lead.month,
                 "tax_employees": workers, "wages": wages},
            )
            closed += 1
    return closed


def _later_ledger(office_id: int, tax_code: str, after: str) -> tuple[str, int, int] | None:
    """The latest ledger month after ``after`` of the employers with the tax code: (month, employees, due)."""
    row = db.session.execute(
        sa.select(LedgerRow.period, sa.func.sum(LedgerRow.employees), sa.func.sum(LedgerRow.amount_due))
        .join(Employer, Employer.id == LedgerRow.employer_id)
        .where(Employer.office_id == office_id, Employer.tax_code == tax_code, LedgerRow.period > after)
        .group_by(LedgerRow.period)
        .order_by(LedgerRow.period.desc())
        .limit(1)
    ).first()
    return (row[0], int(row[1]), int(row[2])) if row else None


KIND_LABELS = {
    "unregistered": _l("chưa đăng ký tham gia"),
    "headcount": _l("thiếu lao động"),
    "wages": _l("tiền lương đóng thấp"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


@dataclass(frozen=True)
class LeadFilters:
    """The filters of the leads page and API: kind, district, new business, amount range."""

    kind: str | None = None
    district: str | None = None
    new_business: bool | None = None
    min_amount: int | None = None
    max_amount: int | None = None

    def apply(self, leads: list[LeadFigures]) -> list[LeadFigures]:
        """The matching leads, largest estimated contributions first (then by tax code)."""
        chosen = [
            lead
            for lead in leads
            if (self.kind is None or self.kind in lead.kinds)
            and (not self.district or lead.district == self.district)
            and (self.new_business is None or lead.new_business == self.new_business)
            and (self.min_amount is None or lead.estimated_contributions >= self.min_amount)
            and (self.max_amount is None or lead.estimated_contributions <= self.max_amount)
        ]
        return sorted(chosen, key=lambda lead: (-lead.estimated_contributions, lead.tax_code))


def lead_origin(case_id: int) -> int | None:
    """The lead a case was opened from (PRODUCT §10), or None for a case opened by arrears detection."""
    return db.session.scalar(sa.select(sa.func.min(Lead.id)).where(Lead.case_id == case_id, Lead.origin_of_case))


def lead_case_ids(office_id: int) -> set[int]:
    """The office's cases opened from a lead: detection never settles them for having nothing outstanding."""
    query = sa.select(Lead.case_id).where(Lead.office_id == office_id, Lead.case_id.is_not(None), Lead.origin_of_case)
    return set(db.session.scalars(query))
