"""``flask backup OUTFILE``: a consistent copy of the live SQLite database; for PostgreSQL, how to run pg_dump."""

from __future__ import annotations

import click

from enforcement.commands import fail
from enforcement.extensions import db
from enforcement.services.backup import BackupError, backup_sqlite, is_sqlite, pg_dump_command


@click.command("backup")
@click.argument("outfile", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace OUTFILE if it exists.")
def backup_command(outfile: str, force: bool) -> None:
    """Back up the database to OUTFILE (SQLite: online copy, checked; PostgreSQL: prints the pg_dump command, exit 2).

    Restore a SQLite backup by copying it to where DATABASE_URL points (the
    application stopped); restore a PostgreSQL dump with ``pg_restore``.
    """
    engine = db.engine
    if not is_sqlite(engine):
        click.echo("Cơ sở dữ liệu là PostgreSQL: sao lưu bằng pg_dump (mật khẩu qua PGPASSWORD hoặc ~/.pgpass):")
        click.echo("  " + pg_dump_command(engine.url.render_as_string(hide_password=True), outfile))
        click.echo("Khôi phục: pg_restore --clean --if-exists --no-owner --dbname=<cơ sở dữ liệu> " + outfile)
        raise SystemExit(2)
    try:
        result = backup_sqlite(engine, outfile, overwrite=force)
    except BackupError as exc:
        fail(f"Không sao lưu được: {exc}")
        return
    rows = sum(result.tables.values())
    click.echo(f"OK: đã sao lưu {len(result.tables)} bảng, {rows} dòng, {result.size} byte vào {result.path}")


COMMANDS = (backup_command,)
