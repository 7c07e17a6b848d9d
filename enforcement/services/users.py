"""Users: creation, passwords (hashed, with a policy), login with lockout, ending sessions and tokens."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from enforcement.db import utc_now
from enforcement.errors import InvalidCredentials, ValidationFailed
from enforcement.extensions import db
from enforcement.models import Office, Role, User
from enforcement.services import tokens, unit_of_work

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[a-z0-9._-]{3,80}$")


def password_problems(password: str) -> list[str]:
    """What is wrong with ``password`` under the policy (empty list when it is fine)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(_("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_PASSWORD_LENGTH))
    if not re.search(r"[^\W\d_]", password) or not re.search(r"\d", password):
        problems.append(_("Mật khẩu phải có cả chữ và số."))
    return problems


def username_problems(username: str) -> list[str]:
    """What is wrong with a (lower-cased, stripped) username: its form, or that it is taken."""
    if not _USERNAME.match(username):
        return [_("Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu . _ - (3–80 ký tự).")]
    if db.session.scalar(db.select(User.id).where(User.username == username)):
        return [_("Tên đăng nhập đã tồn tại.")]
    return []


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def create_user(*, username: str, full_name: str, password: str, role: Role, office: Office) -> User:
    """Create a user after checking the username and the password policy.

    :raises ValidationFailed: with ``errors`` per field.
    """
    username = username.strip().lower()
    errors: dict[str, list[str]] = {}
    if problems := username_problems(username):
        errors["username"] = problems
    if not full_name.strip():
        errors["full_name"] = [_("Họ tên không được để trống.")]
    if problems := password_problems(password):
        errors["password"] = problems
    if errors:
        raise ValidationFailed(_("Không tạo được người dùng."), errors=errors)
    with unit_of_work() as session:
        user = User(
            username=username,
            full_name=full_name.strip(),
            password_hash=hash_password(password),
            role=role,
            office_id=office.id,
        )
        session.add(user)
    return user


_DUMMY_PASSWORD = "not-a-real-password-0"  # noqa: S105  (hashed once, checked against unknown usernames)


@lru_cache(maxsize=8)
def _dummy_hash(method: str) -> str:
    return generate_password_hash(_DUMMY_PASSWORD, method=method)


def dummy_hash() -> str:
    """A hash made with the algorithm and cost of real ones, to check when there is no real one.

    Unknown, deactivated and locked accounts cost the same password check as a
    wrong password, so the time taken does not tell them apart.
    """
    return _dummy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def bad_credentials() -> InvalidCredentials:
    """The one answer to every failed login (unknown, wrong password, deactivated, locked)."""
    return InvalidCredentials(_(
        "Tên đăng nhập hoặc mật khẩu không đúng. Sau %(n)d lần sai liên tiếp, tài khoản tạm khóa %(m)d phút; "
        "quản trị viên có thể mở khóa sớm hơn.",
        n=current_app.config["LOGIN_ACCOUNT_MAX_FAILURES"], m=current_app.config["LOGIN_LOCKOUT_MINUTES"],
    ))


def _not_locked(now: datetime) -> Any:
    return sa.or_(User.locked_until.is_(None), User.locked_until <= now)


def authenticate(username: str, password: str) -> User:
    """Check a username and password; count failures in SQL and lock the account after too many.

    Each attempt at an existing account first takes its place in the count with
    one ``UPDATE … SET failed_logins = failed_logins + 1 … RETURNING`` (only
    while the account is not locked), and only then is the password checked: so
    however many attempts run at once, at most ``LOGIN_ACCOUNT_MAX_FAILURES``
    passwords are checked before the lock.  The attempt that reaches it locks
    the account for ``LOGIN_LOCKOUT_MINUTES``; a correct password sets the count
    back to 0.

    :raises InvalidCredentials: on any failure, with one message, one status and the
        cost of one password check whatever the cause (unknown, deactivated, locked).
    """
    cfg = current_app.config
    most = int(cfg["LOGIN_ACCOUNT_MAX_FAILURES"])
    now = utc_now()
    name = (username or "").strip().lower()
    user_id = db.session.scalar(db.select(User.id).where(User.username == name, User.active.is_(True)))
    row = None
    if user_id is not None:
        row = db.session.execute(
            sa.update(User)
            .where(User.id == user_id, _not_locked(now))
            .values(failed_logins=User.failed_logins + 1)
            .returning(User.failed_logins, User.password_hash)
            .execution_options(synchronize_session=False)
        ).first()
        db.session.commit()
    if row is None or row.failed_logins > most:
        check_password_hash(dummy_hash(), password)  # unknown, deactivated or locked: the same cost
        raise bad_credentials()
    if not check_password_hash(row.password_hash, password):
        if row.failed_logins >= most:
            db.session.execute(
                sa.update(User).where(User.id == user_id)
                .values(locked_until=now + timedelta(minutes=int(cfg["LOGIN_LOCKOUT_MINUTES"])), failed_logins=0)
                .execution_options(synchronize_session=False)
            )
            db.session.commit()
            log.warning("account %s locked for %s minutes after %d failed logins", name,
                        cfg["LOGIN_LOCKOUT_MINUTES"], most)
        raise bad_credentials()
    db.session.execute(
        sa.update(User).where(User.id == user_id)
        .values(failed_logins=0, locked_until=None, last_login_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    user = db.session.get(User, user_id)
    db.session.refresh(user)
    return user


def end_sessions_and_tokens(user: User) -> int:
    """Inside the caller's transaction: every session of ``user`` ends, every token is revoked.

    Raises ``session_epoch`` (each session carries the value it was opened under)
    and revokes the live API tokens; the number revoked.
    """
    user.session_epoch = (user.session_epoch or 0) + 1
    return tokens.revoke_all(user.id)


def unlock(user: User, actor: User | None = None) -> User:
    """Lift a lockout: the account's count and lock, and every address's count for its username.

    :param actor: the admin who unlocks (``None``: the operator at the command line); an admin
        does not unlock their own account (a second admin does).
    :raises ValidationFailed: an admin unlocking themselves.
    """
    if actor is not None and actor.id == user.id:
        raise ValidationFailed(_("Tài khoản của chính mình do một quản trị viên khác mở khóa."),
                               errors={"user": [_("Không hợp lệ.")]})
    with unit_of_work():
        user.failed_logins = 0
        user.locked_until = None
    from enforcement.security import unlock as forget_attempts

    forget_attempts(user.username)
    log.warning("account %s unlocked by %s", user.username, actor.username if actor else "the command line")
    return user
