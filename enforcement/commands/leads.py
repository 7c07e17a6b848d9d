"""Tax data and evasion leads (PRODUCT.md §10): ``import-tax``, ``tax-leads``, ``refresh-leads``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from enforcement.commands import fail
from enforcement.commands.ledger import office_option
from enforcement.errors import ImportRejected, ValidationFailed
from enforcement.models import BatchStatus

CSV_FIELDS = (
    "tax_code",
    "name",
    "kinds",
    "unit_code",
    "months",
    "max_tax_employees",
    "max_gap",
    "estimated_contributions",
    "new_business",
)


@click.command("import-tax")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--office", "office_code", help="Office code (default: the only office).")
def import_tax_command(file: Path, office_code: str | None) -> None:
    """Import a tax-data file (CSV or XLSX, TAX_FORMAT.md): all rows or none."""
    from enforcement.services.tax_import import import_tax

    office = office_option(office_code)
    try:
        result = import_tax(file.read_bytes(), file.name, office, None)
    except ImportRejected as exc:
        fail(f"Tệp bị từ chối trước khi đọc: {exc.message}")
    click.echo(result.message)
    if result.status == BatchStatus.REJECTED:
        for error in result.errors:
            where = f"dòng {error['row']}" if error["row"] else "tệp"
            column = f", cột {error['column']}" if error["column"] else ""
            click.echo(f"  {where}{column}: {error['message']}", err=True)
        raise SystemExit(1)


@click.command("tax-leads")
@click.option("--month", help="Comparison month YYYY-MM (default: the latest month of the tax data).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--office", "office_code", help="Office code (default: the only office).")
def tax_leads_command(month: str | None, fmt: str, office_code: str | None) -> None:
    """Print the evasion leads of a month (read-only; PRODUCT.md §10)."""
    from enforcement.services.leads import compute_leads, parse_month

    office = office_option(office_code)
    try:
        report = compute_leads(office.id, parse_month(month, office.id))
    except ValidationFailed as exc:
        fail(exc.message, 2)
    payload = report.to_dict()
    if fmt == "json":
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for code, lead in payload["leads"].items():
        writer.writerow(
            {
                **lead,
                "tax_code": code,
                "kinds": " ".join(lead["kinds"]),
                "months": " ".join(lead["months"]),
                "unit_code": lead["unit_code"] or "",
                "new_business": "true" if lead["new_business"] else "false",
            }
        )
    click.echo(out.getvalue(), nl=False)


@click.command("refresh-leads")
@click.option("--month", help="Comparison month YYYY-MM (default: the latest month of the tax data).")
@click.option("--office", "office_code", help="Office code (default: the only office).")
def refresh_leads_command(month: str | None, office_code: str | None) -> None:
    """Open, update and close the office's lead records for a month; print what changed."""
    from enforcement.services.leads import refresh_leads

    office = office_option(office_code)
    try:
        result = refresh_leads(office, month)
    except ValidationFailed as exc:
        fail(exc.message, 2)
    click.echo(f"month={result.month} opened={result.opened} updated={result.updated} closed={result.closed} "
               f"unchanged={result.unchanged}")


@click.command("follow-up-commitments")
@click.option("--office", "office_code", help="Office code (default: the only office).")
def follow_up_commitments_command(office_code: str | None) -> None:
    """Commitments made at conferences whose date has passed: open (or continue) a case for each (daily)."""
    from enforcement.services.conferences import follow_up

    office = office_option(office_code)
    click.echo(f"cases={follow_up(office.id, None)}")


COMMANDS = (import_tax_command, tax_leads_command, refresh_leads_command, follow_up_commitments_command)
