"""Read-side figures and lists of the UI's pages: role homes, the supervisor dashboard, the audit log.

Nothing here writes.  Every query is limited to one office.  The late-payment
ratio (principal in arrears ÷ amount due this year, the figure VSS reports)
is one aggregate over the office's ledger for twelve month-ends at once,
remembered for a few minutes per office, day and latest import, since the
ledger changes only by import.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from enforcement.domain.periods import Period
from enforcement.domain.vocabulary import VIOLATIONS, Behaviour
from enforcement.extensions import db
from enforcement.models import (
    BatchStatus,
    Case,
    CaseEvent,
    DetectionRun,
    Document,
    EventAction,
    ImportBatch,
    Job,
    LedgerRow,
    Role,
    User,
)
from enforcement.services.arrears import last_late_period
from enforcement.services.queries import Page, paginate, state_counts
from enforcement.workflow import OPEN_STATES, CaseState, DocKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")


# --------------------------------------------------------------------------- late-payment ratio


@dataclass(frozen=True)
class RatioPoint:
    """The office's late-payment ratio at the end of one month (or today for the current month)."""

    period: str  # YYYY-MM
    as_of: date
    arrears: int  # principal of the months in arrears on ``as_of`` (LR-ARREARS, FIFO)
    due_this_year: int  # amount due for the months of that year up to this one

    @property
    def ratio(self) -> float | None:
        return None if self.due_this_year <= 0 else self.arrears / self.due_this_year


# Per process (each gunicorn worker has its own), bounded: at most 200 entries of 5 minutes.
# The key carries the office's latest accepted import and the date, read from the database on
# every call, so an import is seen at once by every process; only ledger changes made outside
# imports (none in the application) can be up to CACHE_SECONDS stale.  SECURITY.md says so.
_CACHE: dict[tuple[Any, ...], tuple[float, Any]] = {}
_CACHE_LOCK = threading.Lock()
CACHE_SECONDS = 300


def _cached(key: tuple[Any, ...], compute: Any) -> Any:
    now = time.monotonic()
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit and now - hit[0] < CACHE_SECONDS:
            return hit[1]
    value = compute()
    with _CACHE_LOCK:
        if len(_CACHE) > 200:
            _CACHE.clear()
        _CACHE[key] = (now, value)
    return value


def _ledger_mark(office_id: int) -> tuple[Any, ...]:
    """What changes when the office's ledger changes: its latest accepted import."""
    latest = db.session.scalar(
        sa.select(sa.func.max(ImportBatch.id)).where(
            ImportBatch.office_id == office_id, ImportBatch.status == BatchStatus.ACCEPTED
        )
    )
    return (latest,)


def ratio_trend(office_id: int, today: date, months: int = 12) -> list[RatioPoint]:
    """The late-payment ratio at the end of each of the last ``months`` months (the last one: today).

    For a month-end A: arrears = Σ per employer max(0, due of the months whose payment
    deadline passed by A − paid in the months up to A's month) — the FIFO outstanding of
    the late months; due this year = Σ amount due of A's year up to A's month.
    """
    key = ("ratio", office_id, today, months, _ledger_mark(office_id))
    return _cached(key, lambda: _ratio_trend(office_id, today, months))


def _ratio_trend(office_id: int, today: date, months: int) -> list[RatioPoint]:
    current = Period.of(today)
    points = []
    for back in range(months - 1, -1, -1):
        month = current.add(-back)
        as_of = min(today, month.last_day)
        points.append((str(month), as_of, str(last_late_period(as_of)), f"{month.year}-01"))
    lr = LedgerRow.__table__
    columns = []
    for index, (month, _as_of, late, year_start) in enumerate(points):
        columns += [
            sa.func.sum(sa.case((lr.c.period <= late, lr.c.amount_due), else_=0)).label(f"d{index}"),
            sa.func.sum(sa.case((lr.c.period <= month, lr.c.amount_paid), else_=0)).label(f"p{index}"),
            sa.func.sum(sa.case((lr.c.period.between(year_start, month), lr.c.amount_due), else_=0)).label(f"y{index}"),
        ]
    per_employer = (
        sa.select(*columns)
        .where(lr.c.office_id == office_id, lr.c.period <= str(current))
        .group_by(lr.c.employer_id)
        .subquery()
    )
    totals = []
    for index in range(len(points)):
        d, p, y = per_employer.c[f"d{index}"], per_employer.c[f"p{index}"], per_employer.c[f"y{index}"]
        totals += [sa.func.sum(sa.case((d > p, d - p), else_=0)), sa.func.sum(y)]
    row = db.session.execute(sa.select(*totals)).one()
    return [
        RatioPoint(month, as_of, int(row[2 * i] or 0), int(row[2 * i + 1] or 0))
        for i, (month, as_of, _late, _start) in enumerate(points)
    ]


# --------------------------------------------------------------------------- supervisor figures


@dataclass(frozen=True)
class Band:
    label: str
    low: int
    high: int | None
    cases: int = 0
    principal: int = 0


AGE_BANDS = ((0, 2), (3, 5), (6, 11), (12, 23), (24, None))


def principal_by_age(office_id: int) -> list[Band]:
    """Open cases' principal outstanding by months in arrears (age bands)."""
    band = sa.case(
        *((Case.months_in_arrears <= high, index) for index, (_low, high) in enumerate(AGE_BANDS) if high is not None),
        else_=len(AGE_BANDS) - 1,
    )
    rows = db.session.execute(
        sa.select(band.label("band"), sa.func.count(), sa.func.sum(Case.principal))
        .where(Case.office_id == office_id, Case.state.in_(OPEN_STATES))
        .group_by(band)
    )
    found = {int(b): (int(n), int(total or 0)) for b, n, total in rows}
    out = []
    for index, (low, high) in enumerate(AGE_BANDS):
        label = f"≥ {low}" if high is None else f"{low}–{high}"
        cases, principal = found.get(index, (0, 0))
        out.append(Band(label, low, high, cases, principal))
    return out


@dataclass(frozen=True)
class AssigneeLoad:
    user_id: int | None
    name: str | None
    open_cases: int
    overdue: int
    due_soon: int


def load_by_assignee(office_id: int, today: date) -> list[AssigneeLoad]:
    """Open cases, overdue deadlines and deadlines within 3 days, per assignee (None = unassigned)."""
    overdue = sa.func.sum(sa.case((Case.next_deadline < today, 1), else_=0))
    soon = sa.func.sum(sa.case((Case.next_deadline.between(today, today + timedelta(days=3)), 1), else_=0))
    rows = db.session.execute(
        sa.select(Case.assignee_id, sa.func.count(), overdue, soon)
        .where(Case.office_id == office_id, Case.state.in_(OPEN_STATES))
        .group_by(Case.assignee_id)
    )
    names = dict(db.session.execute(sa.select(User.id, User.full_name).where(User.office_id == office_id)).all())
    loads = [AssigneeLoad(a, names.get(a), int(c), int(o or 0), int(s or 0)) for a, c, o, s in rows]
    return sorted(loads, key=lambda load: (-load.overdue, -load.open_cases))


def recent_detections(office_id: int, limit: int = 5) -> list[DetectionRun]:
    return list(
        db.session.scalars(
            sa.select(DetectionRun)
            .options(joinedload(DetectionRun.user))
            .where(DetectionRun.office_id == office_id)
            .order_by(DetectionRun.id.desc())
            .limit(limit)
        )
    )


def import_history(office_id: int, page: int = 1, per_page: int = 20) -> Page[ImportBatch]:
    query = (
        sa.select(ImportBatch)
        .options(joinedload(ImportBatch.user))
        .where(ImportBatch.office_id == office_id)
        .order_by(ImportBatch.id.desc())
    )
    return paginate(query, page, per_page)


def approval_queue(office_id: int) -> list[Case]:
    """Drafted referrals waiting for approval and cases whose dismissal was requested."""
    return list(
        db.session.scalars(
            sa.select(Case)
            .options(joinedload(Case.employer), joinedload(Case.assignee))
            .where(
                Case.office_id == office_id,
                sa.or_(
                    Case.state == CaseState.REFERRAL_DRAFTED,
                    sa.and_(Case.dismissal_requested.is_(True), Case.state.in_(OPEN_STATES)),
                ),
            )
            .order_by(Case.updated_at)
            .limit(100)
        )
    )


def unassigned(office_id: int, page: int = 1, per_page: int = 20) -> Page[Case]:
    query = (
        sa.select(Case)
        .options(joinedload(Case.employer))
        .where(Case.office_id == office_id, Case.assignee_id.is_(None), Case.state.in_(OPEN_STATES))
        .order_by(Case.principal.desc(), Case.id)
    )
    return paginate(query, page, per_page)


def inspectors(office_id: int) -> list[User]:
    """Active inspectors of the office (who cases may be assigned to)."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.office_id == office_id, User.role == Role.INSPECTOR, User.active.is_(True))
            .order_by(User.full_name)
        )
    )


def staff(office_id: int) -> list[User]:
    """Every user of the office (filters of the audit log and the case list)."""
    return list(db.session.scalars(sa.select(User).where(User.office_id == office_id).order_by(User.full_name)))


@dataclass
class Dashboard:
    today: date
    ratio: list[RatioPoint]
    counts: dict[CaseState, int]
    bands: list[Band]
    loads: list[AssigneeLoad]
    detections: list[DetectionRun]
    imports: list[ImportBatch]
    approvals: list[Case]
    unassigned: Page[Case]
    inspectors: list[User]
    jobs: list[Job] = field(default_factory=list)


def supervisor_dashboard(office_id: int, today: date, page: int = 1) -> Dashboard:
    """Everything the supervisor's home page shows."""
    return Dashboard(
        today=today,
        ratio=ratio_trend(office_id, today),
        counts=state_counts(office_id),
        bands=principal_by_age(office_id),
        loads=load_by_assignee(office_id, today),
        detections=recent_detections(office_id),
        imports=import_history(office_id, 1, 5).items,
        approvals=approval_queue(office_id),
        unassigned=unassigned(office_id, page),
        inspectors=inspectors(office_id),
        jobs=recent_jobs(office_id),
    )


def recent_jobs(office_id: int, limit: int = 5) -> list[Job]:
    return list(
        db.session.scalars(sa.select(Job).where(Job.office_id == office_id).order_by(Job.id.desc()).limit(limit))
    )


# --------------------------------------------------------------------------- legal home

LEGAL_STEP_STATES = (
    CaseState.INSPECTION_CONCLUDED,
    CaseState.VIOLATION_RECORDED,
    CaseState.DECISION_TRANSFERRED,
    CaseState.REMEDIES_ORDERED,
    CaseState.PENALIZED,
    CaseState.ENFORCING,
    CaseState.REFERRAL_APPROVED,
    CaseState.REFERRED,
)


def legal_queue(office_id: int, page: int = 1, per_page: int = 25) -> Page[Case]:
    """Cases waiting for a legal step (violation record, penalty, enforcement, referral, outcome)."""
    query = (
        sa.select(Case)
        .options(joinedload(Case.employer), joinedload(Case.assignee))
        .where(
            Case.office_id == office_id,
            Case.state.in_(LEGAL_STEP_STATES),
            sa.or_(
                Case.state != CaseState.INSPECTION_CONCLUDED,
                Case.concluded_behaviour.in_(VIOLATIONS),
            ),
        )
        .order_by(Case.next_deadline.is_(None), Case.next_deadline, Case.id)
    )
    return paginate(query, page, per_page)


def art216_candidates(office_id: int, limit: int = 30) -> list[Case]:
    """Penalised evasion cases that could be referred (their Article 216 evaluation is worth a look)."""
    return list(
        db.session.scalars(
            sa.select(Case)
            .options(joinedload(Case.employer))
            .where(
                Case.office_id == office_id,
                Case.state.in_((CaseState.PENALIZED, CaseState.ENFORCING)),
                Case.concluded_behaviour == Behaviour.EVASION,
            )
            .order_by(Case.principal.desc())
            .limit(limit)
        )
    )


def dossiers_to_print(office_id: int, limit: int = 20) -> list[Document]:
    """The newest dossier (approved, else draft) of each case in the referral stages."""
    rows = db.session.scalars(
        sa.select(Document)
        .join(Case, Case.id == Document.case_id)
        .where(
            Document.office_id == office_id,
            Document.kind.in_((DocKind.REFERRAL_DOSSIER.value, DocKind.REFERRAL_DRAFT.value)),
            Case.state.in_((CaseState.REFERRAL_DRAFTED, CaseState.REFERRAL_APPROVED, CaseState.REFERRED)),
        )
        .order_by(Document.id.desc())
        .limit(limit * 3)
    )
    seen: set[int] = set()
    out = []
    for document in rows:
        if document.case_id not in seen:
            seen.add(document.case_id)
            out.append(document)
    return out[:limit]


# --------------------------------------------------------------------------- timeline and audit log


@dataclass(frozen=True)
class AuditFilters:
    actor_id: int | None = None
    action: str | None = None
    case_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def as_args(self) -> dict[str, Any]:
        items = self.__dict__.items()
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in items if v not in (None, "")}


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, dtime.min, tzinfo=VN)


def audit_query(office_id: int, filters: AuditFilters) -> sa.Select:
    """Every event of the office's cases matching ``filters``, newest first."""
    query = (
        sa.select(CaseEvent)
        .join(Case, Case.id == CaseEvent.case_id)
        .options(joinedload(CaseEvent.actor))
        .where(Case.office_id == office_id)
        .order_by(CaseEvent.id.desc())
    )
    if filters.actor_id:
        query = query.where(CaseEvent.actor_id == filters.actor_id)
    if filters.action:
        query = query.where(CaseEvent.action == EventAction(filters.action))
    if filters.case_id:
        query = query.where(CaseEvent.case_id == filters.case_id)
    if filters.date_from:
        query = query.where(CaseEvent.created_at >= _local_midnight(filters.date_from))
    if filters.date_to:
        query = query.where(CaseEvent.created_at < _local_midnight(filters.date_to + timedelta(days=1)))
    return query


def audit_page(office_id: int, filters: AuditFilters, page: int = 1, per_page: int = 50) -> Page[CaseEvent]:
    return paginate(audit_query(office_id, filters), page, per_page)


def audit_rows(office_id: int, filters: AuditFilters) -> Any:
    """Every matching event (for the CSV export)."""
    return db.session.scalars(audit_query(office_id, filters)).all()


@dataclass(frozen=True)
class VerifyReport:
    checked_cases: int
    breaks: list[Any]

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify_office(office_id: int) -> VerifyReport:
    """``audit.verify`` over every chain, reported for this office's cases only."""
    from enforcement.services import audit

    ids = set(db.session.scalars(sa.select(Case.id).where(Case.office_id == office_id)))
    breaks = [b for b in audit.verify() if b.case_id in ids]
    return VerifyReport(len(ids), breaks)
