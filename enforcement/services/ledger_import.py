"""Importing a ledger file: all or nothing, idempotent, recorded (PRODUCT §4, LEDGER_FORMAT.md).

The file is refused before parsing when it is too big or not CSV/XLSX (judged
by content).  The same file again (by SHA-256) changes nothing and says so.
A file with any rejected row writes nothing but the record of the attempt,
with every rejected row (row number, column, Vietnamese message).  A valid
file is written in one transaction: employers created or updated, ledger rows
inserted or updated (bulk statements, not a row-by-row ORM loop), an
``ImportBatch`` with its counts, and an event on every open case whose
employer it touched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from enforcement.db import utc_now
from enforcement.domain.text import say_n
from enforcement.errors import ImportRejected
from enforcement.extensions import db
from enforcement.file_names import upload_name
from enforcement.models import BatchStatus, Case, Employer, EventAction, ImportBatch, LedgerRow, Office, User
from enforcement.search import fold
from enforcement.services import audit, unit_of_work
from enforcement.services.ledger_parse import FileRefused, ParsedRow, RowError, parse_ledger
from enforcement.services.legal_params import current_params
from enforcement.workflow import OPEN_STATES

CHUNK = 900  # stays under SQLite's bound-parameter limit in IN (...) lists
EMPLOYER_FIELDS = ("tax_code", "name", "address", "district", "kind", "legal_representative")


@dataclass
class ImportResult:
    """What an import did; ``status`` is accepted, rejected or duplicate."""

    batch_id: int
    status: BatchStatus
    file_name: str
    sha256: str
    rows_total: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    employers_created: int = 0
    employers_updated: int = 0
    cases_touched: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    duplicate_of: int | None = None
    error_count: int = 0  # every error of a rejected file (``errors`` lists at most the first 1 000)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "status": str(self.status)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        """The result ``to_dict`` gave (a job's stored result; other keys ignored), e.g. to word it again."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names} | {"status": BatchStatus(data["status"])})

    @property
    def message(self) -> str:
        if self.status == BatchStatus.DUPLICATE:
            return _("Tệp này đã được nhập (lần nhập số %(id)s): không có gì thay đổi.", id=self.duplicate_of)
        if self.status == BatchStatus.REJECTED:
            errors = ngettext("%(num)d lỗi", "%(num)d lỗi", max(self.error_count, len(self.errors)))
            if not self.rows_total:  # refused at the header: no data row was read
                return _("Tệp bị từ chối: %(errors)s. Không có dữ liệu nào được ghi.", errors=errors)
            return _(
                "Tệp bị từ chối: %(errors)s trong %(rows)s. Không có dữ liệu nào được ghi.",
                errors=errors,
                rows=ngettext("%(num)d dòng dữ liệu", "%(num)d dòng dữ liệu", self.rows_total),
            )
        return ngettext(
            "Đã nhập %(num)d dòng: %(ins)d dòng mới, %(upd)d dòng cập nhật, %(same)d dòng không đổi; "
            "%(emp)d đơn vị mới.",
            "Đã nhập %(num)d dòng: %(ins)d dòng mới, %(upd)d dòng cập nhật, %(same)d dòng không đổi; "
            "%(emp)d đơn vị mới.",
            self.rows_total,
            ins=self.rows_inserted,
            upd=self.rows_updated,
            same=self.rows_unchanged,
            emp=self.employers_created,
        )


def _error_dict(error: RowError) -> dict[str, Any]:
    return {"row": error.row_number, "column": error.column, "value": error.value, "message": error.message}


def _chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_ledger(
    data: bytes,
    file_name: str,
    office: Office,
    actor: User | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one ledger file into ``office``.

    :raises ImportRejected: the file is refused before parsing (too big, not CSV/XLSX).
    :return: the result; ``status`` says whether anything was written.
    """
    file_name = upload_name(file_name, "ledger")
    try:
        parsed = parse_ledger(
            data,
            max_bytes=current_app.config["MAX_LEDGER_BYTES"],
            unit_code_pattern=_unit_code_pattern(),
            progress=progress,
        )
    except FileRefused as refused:
        raise ImportRejected(
            refused.message, errors=[{"row": None, "column": None, "message": refused.message}]
        ) from refused
    sha = hashlib.sha256(data).hexdigest()
    base = {
        "file_name": file_name,
        "sha256": sha,
        "size": len(data),
        "office_id": office.id,
        "user_id": actor.id if actor else None,
    }
    with unit_of_work(immediate=True):
        previous = db.session.scalar(
            sa.select(ImportBatch.id).where(
                ImportBatch.office_id == office.id,
                ImportBatch.sha256 == sha,
                ImportBatch.status == BatchStatus.ACCEPTED,
            )
        )
        if previous is not None:
            batch = _record(ImportBatch(status=BatchStatus.DUPLICATE, notes=[{"duplicate_of": previous}], **base))
            return ImportResult(batch.id, batch.status, file_name, sha, duplicate_of=previous)
        if not parsed.ok:
            errors = [_error_dict(e) for e in parsed.errors]
            batch = _record(ImportBatch(status=BatchStatus.REJECTED, errors=errors, rows_total=parsed.rows_read,
                                        rows_rejected=parsed.error_count, **base))
            return ImportResult(
                batch.id, batch.status, file_name, sha, rows_total=parsed.rows_read, errors=errors,
                ignored_columns=parsed.ignored_columns, error_count=parsed.error_count,
            )
        result = _write(parsed.rows, base, actor)
        result.ignored_columns = parsed.ignored_columns
    return result


def _unit_code_pattern() -> str:
    from enforcement import clock

    return current_params().get("unit_code_pattern", clock.today())


def _record(batch: ImportBatch) -> ImportBatch:
    db.session.add(batch)
    db.session.flush()
    return batch


def _write(rows: list[ParsedRow], base: dict[str, Any], actor: User | None) -> ImportResult:
    office_id = base["office_id"]
    batch = _record(ImportBatch(status=BatchStatus.ACCEPTED, rows_total=len(rows), **base))
    employer_ids, created, updated = _upsert_employers(office_id, rows)
    inserted, changed, unchanged, touched = _upsert_rows(office_id, rows, employer_ids, batch.id)
    batch.rows_inserted, batch.rows_updated, batch.rows_unchanged = inserted, changed, unchanged
    batch.employers_created, batch.employers_updated = created, updated
    cases = _events_on_open_cases(touched, batch, actor)
    from enforcement.services.leads import close_registered  # leads whose employer now declares the workers

    close_registered(office_id, actor)
    return ImportResult(
        batch.id,
        batch.status,
        base["file_name"],
        base["sha256"],
        rows_total=len(rows),
        rows_inserted=inserted,
        rows_updated=changed,
        rows_unchanged=unchanged,
        employers_created=created,
        employers_updated=updated,
        cases_touched=cases,
    )


def _employer_values(row: ParsedRow) -> dict[str, Any]:
    return {
        "tax_code": row.tax_code,
        "name": row.name,
        "address": row.address,
        "district": row.district,
        "kind": row.kind,
        "legal_representative": row.legal_representative,
    }


def _upsert_employers(office_id: int, rows: Iterable[ParsedRow]) -> tuple[dict[str, int], int, int]:
    """Create new employers and update changed ones; returns (unit code → id, created, updated)."""
    wanted: dict[str, dict[str, Any]] = {}
    for row in rows:
        values = _employer_values(row)
        # Optional columns left empty do not erase what is known.
        current = wanted.setdefault(row.unit_code, values)
        for name, value in values.items():
            if value and not current.get(name):
                current[name] = value
    table = Employer.__table__
    existing: dict[str, Any] = {}
    for chunk in _chunks(list(wanted)):
        query = sa.select(table).where(table.c.office_id == office_id, table.c.unit_code.in_(chunk))
        existing.update({r.unit_code: r for r in db.session.execute(query)})
    now = utc_now()
    new = [
        {
            "office_id": office_id,
            "unit_code": code,
            "name_search": fold(v["name"]),
            "created_at": now,
            "updated_at": now,
            "representative_title": "",
            "contact": "",
            **v,
        }
        for code, v in wanted.items()
        if code not in existing
    ]
    changes = []
    for code, values in wanted.items():
        row = existing.get(code)
        if row is None:
            continue
        diff = {k: v for k, v in values.items() if (v or k in ("tax_code", "name")) and getattr(row, k) != v}
        if diff:
            if "name" in diff:
                diff["name_search"] = fold(diff["name"])
            changes.append({"id": row.id, "updated_at": now, **diff})
    if new:
        db.session.execute(sa.insert(table), new)
    for change in changes:
        db.session.execute(sa.update(table).where(table.c.id == change.pop("id")).values(**change))
    ids = {code: row.id for code, row in existing.items()}
    for chunk in _chunks([n["unit_code"] for n in new]):
        query = sa.select(table.c.unit_code, table.c.id).where(
            table.c.office_id == office_id, table.c.unit_code.in_(chunk)
        )
        ids.update({code: ident for code, ident in db.session.execute(query)})  # noqa: C416 - rows, not pairs
    return ids, len(new), len(changes)


def _upsert_rows(
    office_id: int, rows: list[ParsedRow], employer_ids: dict[str, int], batch_id: int
) -> tuple[int, int, int, dict[int, int]]:
    """Insert new (employer, month) rows, update changed ones; returns counts and rows changed per employer."""
    table = LedgerRow.__table__
    existing: dict[tuple[int, str], Any] = {}
    for chunk in _chunks(sorted(set(employer_ids.values()))):
        query = sa.select(
            table.c.id,
            table.c.employer_id,
            table.c.period,
            table.c.amount_due,
            table.c.amount_paid,
            table.c.employees,
            table.c.employee_share_withheld,
            table.c.interest_paid,
        ).where(table.c.employer_id.in_(chunk))
        existing.update({(r.employer_id, r.period): r for r in db.session.execute(query)})
    stamp = _db_timestamp(utc_now())
    inserts, updates, unchanged = [], [], 0
    touched: dict[int, int] = {}
    for row in rows:
        employer_id = employer_ids[row.unit_code]
        figures = (row.amount_due, row.amount_paid, row.employees, row.employee_share_withheld, row.interest_paid)
        old = existing.get((employer_id, row.period))
        if old is None:
            inserts.append((office_id, employer_id, row.period, *figures, batch_id, stamp))
        elif tuple(old)[3:] != figures:
            updates.append((*figures, batch_id, stamp, old.id))
        else:
            unchanged += 1
            continue
        touched[employer_id] = touched.get(employer_id, 0) + 1
    _insert_many("ledger_rows", LEDGER_COLUMNS, inserts)
    _executemany(
        "UPDATE ledger_rows SET amount_due = {}, amount_paid = {}, employees = {}, employee_share_withheld = {}, "
        "interest_paid = {}, batch_id = {}, updated_at = {} WHERE id = {}",
        updates,
    )
    return len(inserts), len(updates), unchanged, touched


def _db_timestamp(moment: datetime) -> Any:
    """A UTC timestamp as the driver stores it (``UTCDateTime``: naive UTC; SQLite keeps text)."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    if db.session.get_bind().dialect.name == "sqlite":
        return naive.strftime("%Y-%m-%d %H:%M:%S.%f")
    return naive


LEDGER_COLUMNS = (
    "office_id",
    "employer_id",
    "period",
    "amount_due",
    "amount_paid",
    "employees",
    "employee_share_withheld",
    "interest_paid",
    "batch_id",
    "updated_at",
)


def _insert_many(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows in the session's transaction: ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""
    if not rows:
        return
    connection = db.session.connection()
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        raw = connection.connection.dbapi_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
        return
    _executemany(f"INSERT INTO {table} ({names}) VALUES ({{}})", rows)


def _executemany(statement: str, rows: list[tuple[Any, ...]]) -> None:
    """Run ``statement`` for many rows straight through the driver (the hot path of large imports).

    ``{}`` marks the placeholders; values are bound parameters, never formatted into the SQL.
    """
    if not rows:
        return
    connection = db.session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    count = len(rows[0])
    if "VALUES ({})" in statement:
        sql = statement.format(", ".join([mark] * count))
    else:
        sql = statement.format(*([mark] * count))
    connection.exec_driver_sql(sql, rows)


def _events_on_open_cases(touched: dict[int, int], batch: ImportBatch, actor: User | None) -> int:
    """One timeline event on each open case whose employer's ledger changed."""
    if not touched:
        return 0
    count = 0
    for chunk in _chunks(sorted(touched)):
        cases = db.session.scalars(sa.select(Case).where(Case.employer_id.in_(chunk), Case.state.in_(OPEN_STATES)))
        for case in cases:
            audit.append(
                case,
                EventAction.IMPORT,
                actor,
                summary=say_n(
                    "Nhập sổ %(file)s: %(num)d dòng của đơn vị thay đổi",
                    "Nhập sổ %(file)s: %(num)d dòng của đơn vị thay đổi",
                    touched[case.employer_id],
                    file=batch.file_name,
                ),
                details={
                    "batch_id": batch.id,
                    "file_name": batch.file_name,
                    "sha256": batch.sha256,
                    "rows_changed": touched[case.employer_id],
                },
            )
            count += 1
    return count
