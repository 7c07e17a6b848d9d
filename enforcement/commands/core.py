"""Commands for users and demo data: ``flask create-user``, ``flask unlock-user``, ``flask seed-demo``."""

from __future__ import annotations

import click
from flask import current_app

from enforcement.commands import fail, flatten
from enforcement.errors import DomainError
from enforcement.extensions import db
from enforcement.models import Office, Role


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
        fail(f"Không có cơ quan mã {office_code!r}.")
    try:
        user = create_user(username=username, full_name=full_name, password=password, role=Role(role), office=office)
    except DomainError as exc:
        fail("\n".join([exc.message, *flatten(exc.details.get("errors", {}))]))
    click.echo(f"Đã tạo người dùng {user.username} ({user.role}) của {office.code}.")


@click.command("unlock-user")
@click.argument("username")
def unlock_user_command(username: str) -> None:
    """Lift a login lockout: the account's failed logins and every address's count for USERNAME."""
    from enforcement.models import User
    from enforcement.services.users import unlock

    user = db.session.scalar(db.select(User).where(User.username == username.strip().lower()))
    if user is None:
        fail(f"Không có người dùng {username!r}.")
    unlock(user)
    click.echo(f"Đã mở khóa đăng nhập cho {user.username}.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has an office.")
def seed_demo_command(if_empty: bool) -> None:
    """Fill the database with DEMO data: one office, one user per role, employers, cases."""
    from enforcement.services import demo

    if not current_app.config["ALLOW_DEMO_SEED"]:
        fail("Không được nạp dữ liệu mẫu trong môi trường production (ENFORCEMENT_ENV=production).")
    if if_empty and db.session.scalar(db.select(Office.id).limit(1)) is not None:
        click.echo("Cơ sở dữ liệu đã có dữ liệu: bỏ qua dữ liệu mẫu.")
        return
    try:
        result = demo.seed()
    except DomainError as exc:
        fail("\n".join([exc.message, *flatten(exc.details.get("errors", {})), *exc.details.get("reasons", [])]))
    click.echo("Đã nạp DỮ LIỆU MẪU (demo) — không dùng cho hồ sơ thật.")
    click.echo(f"Cơ quan: {result.office.code} — {result.office.name}")
    click.echo("Tài khoản (mật khẩu chỉ in một lần, hãy ghi lại):")
    for username, role, password in result.credentials:
        click.echo(f"  {role:<11} {username:<12} {password}")
    click.echo(f"Đơn vị: {result.employers}, dòng sổ: {result.ledger_rows}, hồ sơ: {result.cases}")


COMMANDS = (create_user_command, unlock_user_command, seed_demo_command)
