"""``flask verify-audit``: recompute the hash chains of the case timelines."""

from __future__ import annotations

import click

from enforcement.services.audit import verify


@click.command("verify-audit")
@click.option("--case", "case_id", type=int, help="Only this case.")
def verify_audit_command(case_id: int | None) -> None:
    """Check every timeline's hash chain; name the first broken event of each case (exit 1)."""
    breaks = verify(case_id)
    if not breaks:
        click.echo("OK: mọi chuỗi nhật ký hồ sơ đều toàn vẹn.")
        return
    for b in breaks:
        click.echo(f"HỎNG: hồ sơ {b.case_id}, sự kiện #{b.seq} (id {b.event_id}): {b.reason}", err=True)
    raise SystemExit(1)


COMMANDS = (verify_audit_command,)
