"""Command-line interface (``flask …``): each command is a thin shell around a service."""

from __future__ import annotations

import click
from flask import Flask, current_app

from enforcement.errors import DomainError
from enforcement.extensions import db
from enforcement.models import Office, Role


def _fail(message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    raise SystemExit(code)


@click.command("create-user")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--office", "office_code", required=True, help="Office code, e.g. HN")
@click.password_option(help="Prompted (hidden, twice) when not given.")
def create_user_command(username: str, full_name: str, role: str, office_code: str, password: str) -> None:
    """Create a user of an office."""
    from enforcement.services.users import create_user

    office = db.session.scalar(db.select(Office).where(Office.code == office_code))
    if office is None:
        _fail(f"Không có cơ quan mã {office_code!r}.")
    try:
        user = create_user(
            username=username, full_name=full_name, password=password, role=Role(role), office=office
        )
    except DomainError as exc:
        _fail("\n".join([exc.message, *_flatten(exc.details.get("errors", {}))]))
    click.echo(f"Đã tạo người dùng {user.username} ({user.role}) của {office.code}.")


def _flatten(errors: dict[str, list[str]]) -> list[str]:
    return [f"  {field}: {msg}" for field, msgs in errors.items() for msg in msgs]


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has an office.")
def seed_demo_command(if_empty: bool) -> None:
    """Fill the database with DEMO data: one office, one user per role, employers, cases."""
    from enforcement.services import demo

    if not current_app.config["ALLOW_DEMO_SEED"]:
        _fail("Không được nạp dữ liệu mẫu trong môi trường production (ENFORCEMENT_ENV=production).")
    if if_empty and db.session.scalar(db.select(Office.id).limit(1)) is not None:
        click.echo("Cơ sở dữ liệu đã có dữ liệu: bỏ qua dữ liệu mẫu.")
        return
    try:
        result = demo.seed()
    except DomainError as exc:
        _fail("\n".join([exc.message, *_flatten(exc.details.get("errors", {})), *exc.details.get("reasons", [])]))
    click.echo("Đã nạp DỮ LIỆU MẪU (demo) — không dùng cho hồ sơ thật.")
    click.echo(f"Cơ quan: {result.office.code} — {result.office.name}")
    click.echo("Tài khoản (mật khẩu chỉ in một lần, hãy ghi lại):")
    for username, role, password in result.credentials:
        click.echo(f"  {role:<11} {username:<12} {password}")
    click.echo(f"Đơn vị: {result.employers}, dòng sổ: {result.ledger_rows}, hồ sơ: {result.cases}")


def init_app(app: Flask) -> None:
    for command in (create_user_command, seed_demo_command):
        app.cli.add_command(command)
