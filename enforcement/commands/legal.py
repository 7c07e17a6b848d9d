"""Legal parameters and calculators: ``flask legal-params …`` and ``flask legal …`` (issue 3).

Calculators print JSON; ``-`` reads the input from standard input; malformed
input exits 2 with a clear message.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from enforcement import clock
from enforcement.calculators import CALCULATORS, CalculatorInputError
from enforcement.commands import fail, flatten
from enforcement.domain.codes import check_tax_code
from enforcement.domain.money import amount_in_words, parse_amount
from enforcement.errors import ValidationFailed
from enforcement.services.legal_params import add_param, current_params, work_calendar


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{name}: ngày không hợp lệ {value!r} (dạng YYYY-MM-DD).", 2)
    return None  # pragma: no cover


@click.group("legal-params")
def legal_params_group() -> None:
    """Legal parameters as dated data (LEGAL.md): list what is in force, add a dated row."""


@legal_params_group.command("list")
@click.option("--on", "on", help="YYYY-MM-DD (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_params(on: str | None, as_json: bool) -> None:
    """Print every parameter in force on a date, with its source and confidence tag."""
    day = _date(on, "--on") or clock.today()
    rows = current_params().in_force(day)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    click.echo(f"Tham số pháp lý áp dụng ngày {day.isoformat()}:")
    for row in rows:
        value = (
            "CHƯA BIẾT (chưa cấu hình)" if row.value is None else json.dumps(row.to_dict()["value"], ensure_ascii=False)
        )
        until = f" → {row.valid_to.isoformat()}" if row.valid_to else ""
        click.echo(f"{row.key} = {value}  [{row.confidence}] từ {row.valid_from.isoformat()}{until}")
        click.echo(f"    nguồn: {row.source}")


@legal_params_group.command("set")
@click.argument("key")
@click.argument("value")
@click.option("--from", "valid_from", required=True, help="YYYY-MM-DD: the first day the value applies.")
@click.option("--to", "valid_to", help="YYYY-MM-DD: the last day (optional).")
@click.option("--source", required=True, help="The legal text the value comes from.")
@click.option("--confidence", type=click.Choice(["V", "S", "U"]), default="V", show_default=True)
def set_param(key: str, value: str, valid_from: str, valid_to: str | None, source: str, confidence: str) -> None:
    """Add a dated row for KEY (rows are never edited or deleted: a later row supersedes)."""
    start = _date(valid_from, "--from")
    try:
        row = add_param(
            key=key,
            value_text=value,
            valid_from=start,
            valid_to=_date(valid_to, "--to"),
            source=source,
            confidence=confidence,
        )
    except ValidationFailed as exc:
        fail("\n".join([exc.message, *flatten(exc.details.get("errors", {}))]), 2)
    click.echo(f"Đã thêm {row.key} = {json.dumps(row.value, ensure_ascii=False)} từ {row.valid_from.isoformat()}.")


@click.group("legal")
def legal_group() -> None:
    """Calculators for legal staff (LEGAL.md Part A)."""


@legal_group.command("tax-code")
@click.argument("code")
@click.option("--kind", help="Employer kind (ho_kinh_doanh allows a 12-digit personal ID).")
def tax_code(code: str, kind: str | None) -> None:
    """LR-TAXCODE: exit 0 when valid, 1 when not; prints the reason."""
    try:
        result = check_tax_code(code, kind)
    except ValueError as exc:
        fail(str(exc), 2)
    click.echo(("HỢP LỆ: " if result.valid else "KHÔNG HỢP LỆ: ") + result.reason)
    if not result.valid:
        raise SystemExit(1)


@legal_group.command("words")
@click.argument("amount")
def words(amount: str) -> None:
    """LR-WORDS: an amount of đồng in Vietnamese words."""
    try:
        click.echo(amount_in_words(parse_amount(amount)))
    except ValueError as exc:
        fail(str(exc), 2)


def _read_json(source: str) -> Any:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"Không đọc được {source}: {exc.strerror}", 2)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}", 2)
    return None  # pragma: no cover


def _calculator(name: str) -> click.Command:
    @click.command(name)
    @click.argument("source", metavar="FILE.json")
    def run(source: str) -> None:
        obj = _read_json(source)
        params = current_params()
        try:
            extra = {"calendar": work_calendar()} if name == "deadlines" else {}
            result = CALCULATORS[name](obj, params, **extra)
        except CalculatorInputError as exc:
            fail("Đầu vào không hợp lệ:\n" + "\n".join(f"  {f}: {m}" for f, m in exc.errors), 2)
        click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))

    run.help = f"The {name} calculator: JSON in (FILE.json or - for standard input), JSON out."
    return run


for _name in CALCULATORS:
    legal_group.add_command(_calculator(_name))

COMMANDS = (legal_params_group, legal_group)
