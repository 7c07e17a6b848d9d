"""API tokens: created once, stored only as a SHA-256, revocable (PRODUCT §7, issue 4).

A raw token is ``ecm_`` followed by ``secrets.token_urlsafe(32)`` (256 random
bits).  It is shown once, to whoever created it; the database keeps only its
SHA-256 (hex) and its first 8 characters, so a token can be recognised in a
list without being usable from a copy of the database.  A token acts as its
user: same role, same office.  Revoked tokens and tokens of deactivated users
are refused.  A password reset, a deactivation and a reactivation revoke every
token of the user (``revoke_all``): nothing issued before comes back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from enforcement.db import utc_now
from enforcement.errors import Forbidden, InvalidCredentials, NotFound, ValidationFailed
from enforcement.extensions import db
from enforcement.models import ApiToken, Role, User
from enforcement.services import unit_of_work

TOKEN_PREFIX = "ecm_"  # noqa: S105  (a public marker of our tokens, not a secret)
DISPLAY_PREFIX_LENGTH = 8
MAX_NAME_LENGTH = 100
MAX_TOKEN_LENGTH = 200
# ``last_used_at`` is written at most this often per token, so that a busy client
# does not turn every read request into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    """The SHA-256 (hex) under which a raw token is stored."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(user: User, name: str = "") -> tuple[str, ApiToken]:
    """Create a token acting as ``user``.

    :param name: what the token is for (shown in lists), at most 100 characters.
    :return: the raw token (never stored: show it once) and the stored row.
    :raises ValidationFailed: the user is deactivated or the name is too long.
    """
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if len(name) > MAX_NAME_LENGTH:
        errors["name"] = [_("Tên mã truy cập tối đa %(n)d ký tự.", n=MAX_NAME_LENGTH)]
    if not user.active:
        errors["user"] = [_("Người dùng đã bị vô hiệu hóa.")]
    if errors:
        raise ValidationFailed(_("Không tạo được mã truy cập API."), errors=errors)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with unit_of_work() as session:
        token = ApiToken(
            user_id=user.id, name=name, token_hash=hash_token(raw), prefix=raw[:DISPLAY_PREFIX_LENGTH]
        )
        session.add(token)
    return raw, token


def _lookup(raw: str | None) -> ApiToken | None:
    """The live token ``raw`` names (not revoked, its user active), or None."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    digest = hash_token(raw)
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    if token.revoked_at is not None or token.user is None or not token.user.active:
        return None
    return token


def is_valid(raw: str | None) -> bool:
    """Whether ``raw`` is a live token (nothing recorded: the rate limiter asks before the view runs)."""
    return _lookup(raw) is not None


def revoke_all(user_id: int, session: Any = None) -> int:
    """Revoke every live token of a user (password reset, deactivation, reactivation); how many.

    Runs inside the caller's transaction when ``session`` is given.
    """
    current = session or db.session
    result = current.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utc_now())
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0


def authenticate(raw: str | None) -> User:
    """The active user a raw token acts as; records when the token was last used.

    :raises InvalidCredentials: unknown, malformed or revoked token, or deactivated user
        (one message for every cause).
    """
    token = _lookup(raw)
    if token is None:
        raise InvalidCredentials(_("Mã truy cập API không hợp lệ, đã bị thu hồi hoặc người dùng đã bị khóa."))
    _touch(token)
    return token.user


def _touch(token: ApiToken) -> None:
    now = utc_now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    with unit_of_work():
        token.last_used_at = now


def revoke(token_id: int, user: User | None = None) -> ApiToken:
    """Revoke a token (idempotent: a revoked token keeps its first revocation time).

    :param user: who revokes it: the token's owner, or an admin of the owner's office;
        ``None`` for the operator at the command line.
    :raises NotFound: no such token (or not visible to ``user``).
    :raises Forbidden: ``user`` may not revoke someone else's token.
    """
    with unit_of_work():
        token = db.session.get(ApiToken, token_id)
        if token is None or (user is not None and token.user.office_id != user.office_id):
            raise NotFound(_("Không tìm thấy mã truy cập API."))
        if user is not None and user.id != token.user_id and user.role != Role.ADMIN:
            raise Forbidden(_("Chỉ người sở hữu hoặc quản trị viên được thu hồi mã truy cập này."))
        if token.revoked_at is None:
            token.revoked_at = utc_now()
    return token


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (hashes only; the raw tokens are not kept)."""
    return list(
        db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc()))
    )
