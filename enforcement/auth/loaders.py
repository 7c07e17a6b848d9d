"""Flask-Login wiring: how the current user is loaded from the (server-side) session.

A session carries

- a stamp (``password_stamp``, an HMAC under the secret key) of the user's
  password hash and ``session_epoch``: when the password changes or the
  account is deactivated or reactivated (each raises the epoch), every session
  opened before ends at its next request;
- an absolute expiry (``SESSION_EXPIRES``, seconds since the epoch) written at
  login: ``PERMANENT_SESSION_LIFETIME`` (8 hours) after the login, whatever the
  session does afterwards (it never slides).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from flask import Flask, current_app, session
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from enforcement.extensions import db, login_manager
from enforcement.models import User

SESSION_STAMP = "_pw"
SESSION_EXPIRES = "_expires"


def password_stamp(user: User) -> str:
    """What a session of ``user`` must carry: it changes with the password and with ``session_epoch``."""
    key = str(current_app.secret_key).encode()
    message = f"{user.password_hash}|{user.session_epoch or 0}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def start_login_session(user: User) -> None:
    """Write the stamp and the absolute expiry of a login into the (already rotated) session."""
    session[SESSION_STAMP] = password_stamp(user)
    session[SESSION_EXPIRES] = int(time.time() + current_app.permanent_session_lifetime.total_seconds())


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not isinstance(user_id, str) or not user_id.isdigit() or len(user_id) >= 12:
        return None
    expires = session.get(SESSION_EXPIRES)
    if not isinstance(expires, int) or expires <= time.time():
        return None  # past the absolute expiry set at login (or a session without one)
    # with the office: every page reads it (header, scoping), so one query instead of two
    user = db.session.get(User, int(user_id), options=[joinedload(User.office)])
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(str(session.get(SESSION_STAMP, "")), password_stamp(user)):
        return None  # opened before a password reset, a deactivation or a reactivation
    return user


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
