"""``flask refresh-deadlines``: recompute the nearest running deadline kept on each open case."""

from __future__ import annotations

import click

from enforcement.services.cases import refresh_next_deadlines


@click.command("refresh-deadlines")
def refresh_deadlines_command() -> None:
    """Recompute each open case's nearest running deadline (after an upgrade that changes deadlines)."""
    changed = refresh_next_deadlines()
    click.echo(f"{changed} hồ sơ được cập nhật thời hạn gần nhất.")


COMMANDS = [refresh_deadlines_command]
