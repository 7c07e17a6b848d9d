"""API token commands: ``flask create-token USERNAME``, ``flask revoke-token ID``, ``flask list-tokens USERNAME``."""

from __future__ import annotations

import click

from enforcement.commands import fail, flatten
from enforcement.errors import DomainError
from enforcement.extensions import db
from enforcement.models import User


def _user(username: str) -> User:
    user = db.session.scalar(db.select(User).where(User.username == username.strip().lower()))
    if user is None:
        fail(f"Không có người dùng {username!r}.")
    return user  # type: ignore[return-value]


@click.command("create-token")
@click.argument("username")
@click.option("--name", default="", help="What the token is for (shown in lists).")
def create_token_command(username: str, name: str) -> None:
    """Create an API token acting as USERNAME; the token is printed once and never again."""
    from enforcement.services.tokens import create_token

    user = _user(username)
    try:
        raw, token = create_token(user, name)
    except DomainError as exc:
        fail("\n".join([exc.message, *flatten(exc.details.get("errors", {}))]))
    click.echo(f"Đã tạo mã truy cập API số {token.id} cho {user.username} ({user.role}).")
    click.echo("Mã chỉ hiển thị một lần, hãy lưu lại ngay:")
    click.echo(raw)


@click.command("revoke-token")
@click.argument("token_id", type=int)
def revoke_token_command(token_id: int) -> None:
    """Revoke the API token with id TOKEN_ID."""
    from enforcement.services.tokens import revoke

    try:
        token = revoke(token_id)
    except DomainError as exc:
        fail(exc.message)
    click.echo(f"Đã thu hồi mã truy cập API số {token.id} ({token.prefix}…).")


@click.command("list-tokens")
@click.argument("username")
def list_tokens_command(username: str) -> None:
    """List USERNAME's API tokens (id, prefix, name, created, last used, revoked)."""
    from enforcement.services.tokens import tokens_of

    for token in tokens_of(_user(username)):
        revoked = f"thu hồi {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "đang dùng"
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "chưa dùng"
        click.echo(f"{token.id}\t{token.prefix}…\t{token.name or '—'}\t{token.created_at:%Y-%m-%d}\t{used}\t{revoked}")


COMMANDS = (create_token_command, revoke_token_command, list_tokens_command)
