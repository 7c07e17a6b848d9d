"""Importing a tax-data file (TAX_FORMAT.md, PRODUCT.md §10): all or nothing, idempotent, recorded.

The same rules as the ledger import: the file is refused before parsing when it
is too big or not CSV/XLSX; the same file again (SHA-256) changes nothing and
says so; a file with any rejected row writes nothing but the record of the
attempt, with every rejected row. A valid file is written in one transaction:
taxpayers created or updated (name, registration date, status of the latest
month), taxpayer-months inserted or updated in bulk, and a ``TaxBatch`` with
its counts (who, when, SHA-256).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from enforcement.db import utc_now
from enforcement.errors import ImportRejected
from enforcement.extensions import db
from enforcement.file_names import upload_name
from enforcement.models import BatchStatus, Office, TaxBatch, TaxMonth, Taxpayer, User
from enforcement.services import unit_of_work
from enforcement.services.ledger_import import _chunks, _db_timestamp, _executemany, _insert_many
from enforcement.services.ledger_parse import FileRefused, RowError
from enforcement.services.tax_parse import TaxRow, parse_tax

MONTH_COLUMNS = ("office_id", "tax_code", "period", "status", "employees", "wages", "batch_id")


@dataclass
class TaxImportResult:
    """What a tax import did; ``status`` is accepted, rejected or duplicate."""

    batch_id: int
    status: BatchStatus
    file_name: str
    sha256: str
    rows_total: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    taxpayers_created: int = 0
    taxpayers_updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    duplicate_of: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "status": str(self.status)}

    @property
    def message(self) -> str:
        if self.status == BatchStatus.DUPLICATE:
            return _("Tệp này đã được nhập (lần nhập số %(id)s): không có gì thay đổi.", id=self.duplicate_of)
        if self.status == BatchStatus.REJECTED:
            return ngettext("Tệp bị từ chối: %(num)d lỗi. Không có dữ liệu nào được ghi.",
                            "Tệp bị từ chối: %(num)d lỗi. Không có dữ liệu nào được ghi.", len(self.errors))
        return _(
            "Đã nhập %(total)d dòng dữ liệu thuế: %(ins)d dòng mới, %(upd)d dòng cập nhật, %(same)d dòng "
            "không đổi; %(new)d người nộp thuế mới.",
            total=self.rows_total,
            ins=self.rows_inserted,
            upd=self.rows_updated,
            same=self.rows_unchanged,
            new=self.taxpayers_created,
        )


def _error_dict(error: RowError) -> dict[str, Any]:
    return {"row": error.row_number, "column": error.column, "value": error.value, "message": error.message}


def import_tax(
    data: bytes,
    file_name: str,
    office: Office,
    actor: User | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> TaxImportResult:
    """Import one tax-data file into ``office``.

    :raises ImportRejected: the file is refused before parsing (too big, not CSV/XLSX).
    """
    file_name = upload_name(file_name, "tax")
    try:
        parsed = parse_tax(data, max_bytes=current_app.config["MAX_LEDGER_BYTES"], progress=progress)
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
            sa.select(TaxBatch.id).where(
                TaxBatch.office_id == office.id, TaxBatch.sha256 == sha, TaxBatch.status == BatchStatus.ACCEPTED
            )
        )
        if previous is not None:
            batch = _record(TaxBatch(status=BatchStatus.DUPLICATE, notes=[{"duplicate_of": previous}], **base))
            return TaxImportResult(batch.id, batch.status, file_name, sha, duplicate_of=previous)
        if not parsed.ok:
            errors = [_error_dict(e) for e in parsed.errors]
            batch = _record(TaxBatch(status=BatchStatus.REJECTED, errors=errors, rows_rejected=len(errors), **base))
            return TaxImportResult(
                batch.id, batch.status, file_name, sha, errors=errors, ignored_columns=parsed.ignored_columns
            )
        result = _write(parsed.rows, base)
        result.ignored_columns = parsed.ignored_columns
    return result


def _record(batch: TaxBatch) -> TaxBatch:
    db.session.add(batch)
    db.session.flush()
    return batch


def _write(rows: list[TaxRow], base: dict[str, Any]) -> TaxImportResult:
    office_id = base["office_id"]
    batch = _record(TaxBatch(status=BatchStatus.ACCEPTED, rows_total=len(rows), **base))
    inserted, changed, unchanged = _upsert_months(office_id, rows, batch.id)
    created, updated = _upsert_taxpayers(office_id, rows, batch.id)
    batch.rows_inserted, batch.rows_updated, batch.rows_unchanged = inserted, changed, unchanged
    batch.taxpayers_created, batch.taxpayers_updated = created, updated
    return TaxImportResult(
        batch.id,
        batch.status,
        base["file_name"],
        base["sha256"],
        rows_total=len(rows),
        rows_inserted=inserted,
        rows_updated=changed,
        rows_unchanged=unchanged,
        taxpayers_created=created,
        taxpayers_updated=updated,
    )


def _upsert_months(office_id: int, rows: list[TaxRow], batch_id: int) -> tuple[int, int, int]:
    table = TaxMonth.__table__
    codes = sorted({row.tax_code for row in rows})
    existing: dict[tuple[str, str], Any] = {}
    for chunk in _chunks(codes):
        query = sa.select(table.c.id, table.c.tax_code, table.c.period, table.c.status, table.c.employees,
                          table.c.wages).where(table.c.office_id == office_id, table.c.tax_code.in_(chunk))
        existing.update({(r.tax_code, r.period): r for r in db.session.execute(query)})
    inserts, updates, unchanged = [], [], 0
    for row in rows:
        old = existing.get((row.tax_code, row.period))
        figures = (row.status, row.employees, row.wages)
        if old is None:
            inserts.append((office_id, row.tax_code, row.period, *figures, batch_id))
        elif (old.status, old.employees, old.wages) != figures:
            updates.append((*figures, batch_id, old.id))
        else:
            unchanged += 1
    _insert_many("tax_months", MONTH_COLUMNS, inserts)
    _executemany("UPDATE tax_months SET status = {}, employees = {}, wages = {}, batch_id = {} WHERE id = {}", updates)
    return len(inserts), len(updates), unchanged


def _upsert_taxpayers(office_id: int, rows: list[TaxRow], batch_id: int) -> tuple[int, int]:
    """Name and registration date from the file; status from the latest month now stored (any file)."""
    wanted: dict[str, TaxRow] = {}
    for row in rows:
        current = wanted.get(row.tax_code)
        if current is None or row.period > current.period:
            wanted[row.tax_code] = row
    table = Taxpayer.__table__
    months = TaxMonth.__table__
    existing: dict[str, Any] = {}
    latest: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(sorted(wanted)):
        existing.update(
            {
                r.tax_code: r
                for r in db.session.execute(
                    sa.select(table).where(table.c.office_id == office_id, table.c.tax_code.in_(chunk))
                )
            }
        )
        last = (
            sa.select(months.c.tax_code, sa.func.max(months.c.period).label("period"))
            .where(months.c.office_id == office_id, months.c.tax_code.in_(chunk))
            .group_by(months.c.tax_code)
            .subquery()
        )
        query = sa.select(months.c.tax_code, months.c.period, months.c.status).join(
            last, sa.and_(last.c.tax_code == months.c.tax_code, last.c.period == months.c.period)
        ).where(months.c.office_id == office_id)
        latest.update({r.tax_code: (r.period, r.status) for r in db.session.execute(query)})
    now = _db_timestamp(utc_now())
    new, changes = [], []
    for code, row in wanted.items():
        period, status = latest[code]
        values = {"name": row.name, "registered_on": row.registered_on, "status": status, "status_period": period}
        old = existing.get(code)
        if old is None:
            new.append({"office_id": office_id, "tax_code": code, "batch_id": batch_id, "updated_at": utc_now(),
                        **values})
        elif any(getattr(old, key) != value for key, value in values.items()):
            changes.append((row.name, row.registered_on, status, period, batch_id, now, old.id))
    if new:
        db.session.execute(sa.insert(table), new)
    _executemany(
        "UPDATE taxpayers SET name = {}, registered_on = {}, status = {}, status_period = {}, batch_id = {}, "
        "updated_at = {} WHERE id = {}",
        changes,
    )
    return len(new), len(changes)
