"""Ledger and detection commands: ``import-ledger``, ``detect-arrears``, ``arrears-report``."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

import click

from enforcement import clock
from enforcement.commands import fail
from enforcement.errors import ImportRejected
from enforcement.extensions import db
from enforcement.models import BatchStatus, Employer, Office
from enforcement.services.arrears import office_arrears
from enforcement.services.legal_params import current_params

REPORT_FIELDS = (
    "unit_code",
    "tax_code",
    "name",
    "months_in_arrears",
    "oldest_unpaid_period",
    "principal",
    "interest",
    "interest_accrued",
    "interest_paid",
    "interest_complete",
    "missing_rate_years",
    "employees_affected",
    "credit",
)


def office_option(code: str | None) -> Office:
    """The office named by ``--office``, or the only office when there is one."""
    if code:
        office = db.session.scalar(db.select(Office).where(Office.code == code))
        if office is None:
            fail(f"Không có cơ quan mã {code!r}.")
        return office
    offices = db.session.scalars(db.select(Office).limit(2)).all()
    if len(offices) != 1:
        fail("Có nhiều cơ quan (hoặc chưa có cơ quan nào): chỉ rõ --office MÃ.")
    return offices[0]


def _as_of(value: str | None) -> date:
    if not value:
        return clock.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"Ngày không hợp lệ: {value!r} (dạng YYYY-MM-DD).", 2)
    raise AssertionError("unreachable")  # pragma: no cover


@click.command("import-ledger")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--office", "office_code", help="Office code (default: the only office).")
def import_ledger_command(file: Path, office_code: str | None) -> None:
    """Import a ledger file (CSV or XLSX): all rows or none."""
    from enforcement.services.ledger_import import import_ledger

    office = office_option(office_code)
    data = file.read_bytes()
    try:
        if sys.stderr.isatty():
            estimate = max(1, data.count(b"\n"))
            with click.progressbar(length=estimate, label="Đang nhập", file=sys.stderr) as bar:
                seen = [0]

                def progress(done: int) -> None:
                    bar.update(max(0, min(done, estimate) - seen[0]))
                    seen[0] = min(done, estimate)

                result = import_ledger(data, file.name, office, None, progress=progress)
        else:
            result = import_ledger(data, file.name, office, None)
    except ImportRejected as exc:
        fail(f"Tệp bị từ chối trước khi đọc: {exc.message}")
    click.echo(result.message)
    if result.status == BatchStatus.REJECTED:
        for error in result.errors:
            where = f"dòng {error['row']}" if error["row"] else "tệp"
            column = f", cột {error['column']}" if error["column"] else ""
            click.echo(f"  {where}{column}: {error['message']}", err=True)
        raise SystemExit(1)


@click.command("detect-arrears")
@click.option("--as-of", "as_of", help="YYYY-MM-DD (default: today in Vietnam).")
@click.option("--office", "office_code", help="Office code (default: the only office).")
def detect_arrears_command(as_of: str | None, office_code: str | None) -> None:
    """Open, refresh and settle cases from the ledger; print what changed."""
    from enforcement.services.detection import detect

    office = office_option(office_code)
    result = detect(office, _as_of(as_of))
    click.echo(f"opened={result.opened} updated={result.updated} settled={result.settled} unchanged={result.unchanged}")


@click.command("arrears-report")
@click.option("--as-of", "as_of", required=True, help="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--office", "office_code", help="Office code (default: the only office).")
def arrears_report_command(as_of: str, fmt: str, office_code: str | None) -> None:
    """Every employer with a month in arrears, a credit or interest owed, from the same computation as detection."""
    office = office_option(office_code)
    day = _as_of(as_of)
    params = current_params()
    rows = report_rows(office, day)
    if fmt == "json":
        payload = {
            "as_of": day.isoformat(),
            "threshold": params.get("arrears_threshold_months", day),
            "employers": {r["unit_code"]: {k: v for k, v in r.items() if k != "unit_code"} for r in rows},
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REPORT_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "missing_rate_years": " ".join(str(y) for y in row["missing_rate_years"])})
    click.echo(out.getvalue(), nl=False)


def report_rows(office: Office, day: date) -> list[dict[str, object]]:
    """The arrears report of ``office`` as of ``day``, sorted by unit code."""
    figures = office_arrears(office.id, day, current_params())
    employers = (
        {e.id: e for e in db.session.scalars(db.select(Employer).where(Employer.id.in_(list(figures))))}
        if figures
        else {}
    )
    rows = []
    for employer_id, fig in figures.items():
        employer = employers[employer_id]
        rows.append(
            {
                "unit_code": employer.unit_code,
                "tax_code": employer.tax_code,
                "name": employer.name,
                "months_in_arrears": fig.months_in_arrears,
                "oldest_unpaid_period": fig.oldest_unpaid_period,
                "principal": fig.principal,
                "interest": fig.interest,
                "interest_accrued": fig.interest_accrued,
                "interest_paid": fig.interest_paid,
                "interest_complete": fig.interest_complete,
                "missing_rate_years": fig.missing_rate_years,
                "employees_affected": fig.employees_affected,
                "credit": fig.credit,
            }
        )
    return sorted(rows, key=lambda r: str(r["unit_code"]))


COMMANDS = (import_ledger_command, detect_arrears_command, arrears_report_command)
