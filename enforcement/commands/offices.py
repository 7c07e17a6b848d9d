"""``flask create-office``: a real deployment's offices (``seed-demo`` makes only the demo one)."""

from __future__ import annotations

import os

import click

from enforcement.commands import fail, flatten
from enforcement.errors import DomainError
from enforcement.services.admin import DEFAULT_PARENT, FirstAdmin, FirstSigner


def _money(value: str | None) -> int | None:
    digits = "".join(c for c in value or "" if c.isdigit())
    if value and not digits:
        raise click.BadParameter(f"{value!r} không phải số tiền (đồng).")
    return int(digits) if digits else None  # the service refuses a cap over 10^15


@click.command("create-office")
@click.option("--code", required=True, help="Office code, e.g. HN (2–20 capitals or digits).")
@click.option("--name", required=True, help="The office's name as documents print it.")
@click.option("--province", required=True)
@click.option("--place-name", required=True, help="The place on the date line (e.g. Hà Nội).")
@click.option("--parent-name", default=DEFAULT_PARENT, show_default=True)
@click.option("--address", default="")
@click.option("--phone", default="")
@click.option("--fine-account", default="", help="State Treasury account printed on penalty decisions.")
@click.option("--symbol", "symbols", multiple=True, metavar="KIND=SYMBOL",
              help="A number-register symbol, e.g. penalty_decision=QĐ-XPHC (repeatable).")
@click.option("--signer-name", default="", help="The first signer's full name.")
@click.option("--signer-title", default="")
@click.option("--signer-deputy", is_flag=True, help="The first signer signs as a deputy (KT.).")
@click.option("--signer-cap-person", default=None, help="Largest fine the signer may impose on a person (đồng).")
@click.option("--signer-cap-organisation", default=None, help="… on an organisation (đồng).")
@click.option("--signer-competence", default="", help="Legal basis of the signer's competence.")
@click.option("--pkcs12-path", default="", help="Signing certificate (.p12/.pfx, absolute path).")
@click.option("--pkcs12-password-env", default="", help="NAME of the environment variable holding its password.")
@click.option("--admin-username", default="", help="The office's first administrator.")
@click.option("--admin-full-name", default="")
@click.option("--admin-password-env", default="",
              help="NAME of an environment variable holding the administrator's password (else prompted).")
def create_office_command(code: str, name: str, province: str, place_name: str, parent_name: str, address: str,
                          phone: str, fine_account: str, symbols: tuple[str, ...], signer_name: str,
                          signer_title: str, signer_deputy: bool, signer_cap_person: str | None,
                          signer_cap_organisation: str | None, signer_competence: str, pkcs12_path: str,
                          pkcs12_password_env: str, admin_username: str, admin_full_name: str,
                          admin_password_env: str) -> None:
    """Create an office with its settings, and optionally its first signer and first administrator."""
    from enforcement.services.admin import create_office

    kinds = {}
    for item in symbols:
        kind, sep, symbol = item.partition("=")
        if not sep:
            fail(f"--symbol {item!r}: ghi KIND=SYMBOL, ví dụ penalty_decision=QĐ-XPHC.")
        kinds[kind.strip()] = symbol
    signer = None
    if signer_name or signer_title:
        signer = FirstSigner(signer_name, signer_title, signer_deputy, _money(signer_cap_person),
                             _money(signer_cap_organisation), signer_competence)
    first_admin = None
    if admin_username:
        if admin_password_env:
            password = os.environ.get(admin_password_env, "")
            if not password:
                fail(f"Biến môi trường {admin_password_env} chưa được đặt.")
        else:
            password = click.prompt("Mật khẩu của quản trị viên", hide_input=True, confirmation_prompt=True)
        first_admin = FirstAdmin(admin_username, admin_full_name or admin_username, password)
    signing = {"pkcs12_path": pkcs12_path, "password_env": pkcs12_password_env} \
        if pkcs12_path or pkcs12_password_env else None
    try:
        office = create_office(code=code, name=name, province=province, place_name=place_name,
                               parent_name=parent_name, address=address, phone=phone, fine_account=fine_account,
                               symbols=kinds, signer=signer, first_admin=first_admin, signing=signing)
    except DomainError as exc:
        fail("\n".join([exc.message, *flatten(exc.details.get("errors", {}))]))
    click.echo(f"Đã tạo cơ quan {office.code} — {office.name}.")
    if first_admin:
        click.echo(f"Quản trị viên: {first_admin.username.strip().lower()}.")
    else:
        click.echo(f"Tạo quản trị viên: flask create-user --office {office.code} --role admin --username … "
                   "--full-name …")


COMMANDS = (create_office_command,)
