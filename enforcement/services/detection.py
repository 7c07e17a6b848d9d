"""Arrears detection (PRODUCT §4): open, refresh and settle cases from the ledger, in one transaction.

Set-based: the figures of every employer come from one SQL statement
(``services.arrears``).  An employer with months in arrears ≥ the threshold
(legal parameter ``arrears_threshold_months``) and no open case gets a case
in ``detected``; an open case gets its snapshot refreshed, with an event only
when a figure changed; an open case whose principal and interest owed are both
0 is settled through the workflow, with an event naming the import that brought
the payment (LEGAL.md LR-ARREARS).  With the principal paid and interest still
owed the case stays open and its event says "chỉ còn nợ lãi chậm đóng".
Running it twice on the same data changes nothing the second time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from enforcement.db import utc_now
from enforcement.domain.legal_params import MissingParam
from enforcement.domain.text import Money, say, say_n
from enforcement.errors import ValidationFailed
from enforcement.extensions import db
from enforcement.models import Case, DetectionRun, EventAction, ImportBatch, LedgerRow, Office, User
from enforcement.services import audit, unit_of_work
from enforcement.services.arrears import EmployerArrears, office_arrears
from enforcement.services.leads import lead_case_ids
from enforcement.services.legal_params import current_params
from enforcement.workflow import OPEN_STATES, CaseState, Trigger

SNAPSHOT_FIELDS = (
    "months_in_arrears",
    "oldest_unpaid_period",
    "principal",
    "interest",
    "interest_accrued",
    "interest_paid",
    "interest_complete",
    "employees_affected",
)


@dataclass(frozen=True)
class DetectionResult:
    run_id: int
    as_of: date
    threshold: int
    opened: int
    updated: int
    settled: int
    unchanged: int

    def to_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "as_of": self.as_of.isoformat(),
            "threshold": self.threshold,
            "opened": self.opened,
            "updated": self.updated,
            "settled": self.settled,
            "unchanged": self.unchanged,
        }


def detect(
    office: Office, as_of: date, actor: User | None = None, progress: Callable[[int, int], None] | None = None
) -> DetectionResult:
    """Run detection for ``office`` as of ``as_of`` (one transaction, recorded as a ``DetectionRun``)."""
    with unit_of_work(immediate=True):
        params = current_params()
        open_cases = {
            c.employer_id: c
            for c in db.session.scalars(db.select(Case).where(Case.office_id == office.id, Case.state.in_(OPEN_STATES)))
        }
        try:
            threshold: int = params.get("arrears_threshold_months", as_of)
            figures = office_arrears(office.id, as_of, params, also=open_cases.keys())
        except MissingParam as exc:  # a date no legal parameter covers: the caller's input, nothing written
            raise ValidationFailed(str(exc), errors={"as_of": [str(exc)]}) from exc
        counts = {"opened": 0, "updated": 0, "settled": 0, "unchanged": 0}
        total = len(open_cases) + len(figures)
        from_leads = lead_case_ids(office.id)  # suspected evasion: nothing outstanding does not settle them
        for done, case in enumerate(open_cases.values(), start=1):
            counts[_refresh(case, figures.get(case.employer_id), as_of, actor, case.id in from_leads)] += 1
            if progress and done % 500 == 0:
                progress(done, total)
        new = [
            (employer_id, fig)
            for employer_id, fig in figures.items()
            if employer_id not in open_cases and fig.months_in_arrears >= threshold
        ]
        counts["opened"] = _open_cases(office, new, as_of, threshold, actor)
        run = DetectionRun(
            office_id=office.id,
            user_id=actor.id if actor else None,
            as_of=as_of,
            threshold=threshold,
            finished_at=utc_now(),
            **counts,
        )
        db.session.add(run)
        db.session.flush()
        result = DetectionResult(run.id, as_of, threshold, **counts)
    return result


def _snapshot_values(case: Case) -> dict[str, object]:
    return {name: getattr(case, name) for name in SNAPSHOT_FIELDS}


def _open_cases(
    office: Office, new: list[tuple[int, EmployerArrears]], as_of: date, threshold: int, actor: User | None
) -> int:
    """Open a case in ``detected`` for each employer, with its first timeline event (two batched INSERTs)."""
    if not new:
        return 0
    now = utc_now()
    rows = [
        {
            "office_id": office.id,
            "employer_id": employer_id,
            "state": CaseState.DETECTED,
            "snapshot_as_of": now,
            "opened_at": now,
            "updated_at": now,
            **fig.snapshot(),
        }
        for employer_id, fig in new
    ]
    ids = _insert_cases(rows)
    with force_locale("vi"):  # the timeline is Vietnamese (see audit.new_event)
        events = [
            audit.new_event(
                case_id,
                1,
                audit.GENESIS,
                EventAction.OPENED,
                actor,
                summary=say_n(
                    "Phát hiện nợ %(num)d tháng (ngưỡng %(t)d), nợ gốc %(p)s tính đến %(d)s",
                    "Phát hiện nợ %(num)d tháng (ngưỡng %(t)d), nợ gốc %(p)s tính đến %(d)s",
                    fig.months_in_arrears,
                    t=threshold,
                    p=Money(fig.principal),
                    d=as_of,
                ),
                to_state=CaseState.DETECTED,
                details={"as_of": as_of.isoformat(), "threshold": threshold, "snapshot": fig.snapshot()},
            )
            for case_id, (_employer_id, fig) in zip(ids, new, strict=True)
        ]
    audit.append_first_events(events)
    return len(ids)


_SNAPSHOT_TYPES = {
    "months_in_arrears": "int",
    "oldest_unpaid_period": "varchar(7)",
    "principal": "bigint",
    "interest": "bigint",
    "interest_accrued": "bigint",
    "interest_paid": "bigint",
    "interest_complete": "boolean",
    "employees_affected": "int",
}


def _insert_cases(rows: list[dict[str, object]]) -> list[int]:
    """Insert the new cases, returning their ids in the order of ``rows``.

    On PostgreSQL one statement reads the rows from a JSON array (a multi-row VALUES of thousands
    of cases costs more to build and parse than to run); elsewhere SQLAlchemy's batched INSERT.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        table = Case.__table__
        return list(db.session.scalars(sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))
    first = rows[0]  # office, state and times are the same on every row (``_open_cases``)
    snapshot = list(_SNAPSHOT_TYPES)
    records = [{"employer_id": row["employer_id"], **{name: row[name] for name in snapshot}} for row in rows]
    statement = sa.text(
        "INSERT INTO cases (office_id, employer_id, state, snapshot_as_of, opened_at, updated_at, "
        f"dismissal_requested, is_demo, version, {', '.join(snapshot)}) "
        "SELECT :office_id, r.employer_id, :state, :now, :now, :now, false, false, 1, "
        f"{', '.join('r.' + name for name in snapshot)} "
        "FROM jsonb_to_recordset(CAST(:records AS jsonb)) AS r(employer_id int, "
        f"{', '.join(f'{name} {kind}' for name, kind in _SNAPSHOT_TYPES.items())}) "
        "RETURNING employer_id, id"
    )
    parameters = {
        "office_id": first["office_id"],
        "state": CaseState(first["state"]).value,
        "now": first["opened_at"],
        "records": json.dumps(records),
    }
    by_employer: dict[int, int] = dict(db.session.execute(statement, parameters).all())  # type: ignore[arg-type]
    return [by_employer[row["employer_id"]] for row in rows]  # an employer has one open case at most


def _refresh(
    case: Case, fig: EmployerArrears | None, as_of: date, actor: User | None, from_lead: bool = False
) -> str:
    """Settle, update or leave one open case; returns which (a case opened from a lead is never settled here)."""
    from enforcement.services.cases import fire_as_system

    fig = fig or EmployerArrears(case.employer_id)
    if fig.principal == 0 and fig.interest == 0 and not from_lead:
        batch = _last_import(case.employer_id)
        with force_locale("vi"):  # kept on the timeline and printed on the settlement notice
            note = _("Đơn vị đã nộp đủ tiền gốc và tiền lãi chậm đóng") + (
                _(" (lần nhập sổ số %(id)d, tệp %(f)s)", id=batch.id, f=batch.file_name) if batch else ""
            )
        details = {"note": note, "as_of": as_of.isoformat(), "batch": _batch_ref(batch)}
        _apply_snapshot(case, fig, as_of)
        fire_as_system(case, Trigger.SETTLE, details, as_of)
        return "settled"
    changes = {
        name: [getattr(case, name), value] for name, value in fig.snapshot().items() if getattr(case, name) != value
    }
    if not changes:
        return "unchanged"
    _apply_snapshot(case, fig, as_of)
    if fig.interest_only:
        summary = say(
            "Cập nhật số liệu nợ tính đến %(d)s: đã nộp đủ tiền gốc, chỉ còn nợ lãi chậm đóng %(i)s",
            d=as_of,
            i=Money(fig.interest),
        )
    else:
        summary = say("Cập nhật số liệu nợ tính đến %(d)s", d=as_of)
    audit.append(
        case,
        EventAction.SNAPSHOT,
        actor,
        summary=summary,
        details={"as_of": as_of.isoformat(), "changes": changes, "interest_only": fig.interest_only},
    )
    return "updated"


def _apply_snapshot(case: Case, fig: EmployerArrears, as_of: date) -> None:
    for name, value in fig.snapshot().items():
        setattr(case, name, value)
    case.snapshot_as_of = utc_now()


def _last_import(employer_id: int) -> ImportBatch | None:
    batch_id = db.session.scalar(db.select(db.func.max(LedgerRow.batch_id)).where(LedgerRow.employer_id == employer_id))
    return db.session.get(ImportBatch, batch_id) if batch_id else None


def _batch_ref(batch: ImportBatch | None) -> dict[str, object] | None:
    return None if batch is None else {"id": batch.id, "file_name": batch.file_name, "sha256": batch.sha256}
