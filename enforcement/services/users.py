"""Users: creation, passwords (hashed, with a policy) and login with lockout."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from enforcement.db import utc_now
from enforcement.errors import AccountLocked, InvalidCredentials, ValidationFailed
from enforcement.extensions import db
from enforcement.models import Office, Role, User
from enforcement.services import unit_of_work

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


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def create_user(*, username: str, full_name: str, password: str, role: Role, office: Office) -> User:
    """Create a user after checking the username and the password policy.

    :raises ValidationFailed: with ``errors`` per field.
    """
    username = username.strip().lower()
    errors: dict[str, list[str]] = {}
    if not _USERNAME.match(username):
        errors["username"] = [_("Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu . _ - (3–80 ký tự).")]
    elif db.session.scalar(db.select(User.id).where(User.username == username)):
        errors["username"] = [_("Tên đăng nhập đã tồn tại.")]
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


def _lockout(user: User, now: datetime) -> None:
    cfg = current_app.config
    user.failed_logins += 1
    if user.failed_logins >= cfg["LOGIN_MAX_FAILURES"]:
        user.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCKOUT_MINUTES"])
        user.failed_logins = 0


# A real hash to compare against when the username does not exist, so that the
# time taken does not reveal which usernames exist.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="pbkdf2:sha256:1000")


def authenticate(username: str, password: str) -> User:
    """Check a username and password; count failures and lock the account after too many.

    :raises AccountLocked: while the account is locked (the password is not checked).
    :raises InvalidCredentials: on any other failure, with one message for all causes.
    """
    now = utc_now()
    bad = InvalidCredentials(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    with unit_of_work() as session:
        user = session.scalar(db.select(User).where(User.username == username.strip().lower()))
        if user is None:
            check_password_hash(_DUMMY_HASH, password)
            raise bad
        if user.locked_until and user.locked_until > now:
            raise AccountLocked(
                _(
                    "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Thử lại sau %(m)d phút.",
                    m=max(1, int((user.locked_until - now).total_seconds() // 60) + 1),
                )
            )
        if not check_password_hash(user.password_hash, password) or not user.active:
            _lockout(user, now)
            session.commit()
            raise bad
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
    return user
