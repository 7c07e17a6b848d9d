"""Flask-Login wiring: how the current user is loaded from the session.

A session carries a stamp of the user's password hash (``password_stamp``,
an HMAC under the secret key): when the password changes (an admin's reset),
every session opened with the old password ends at its next request.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app, session
from flask_babel import lazy_gettext as _l

from enforcement.extensions import db, login_manager
from enforcement.models import User

SESSION_STAMP = "_pw"


def password_stamp(user: User) -> str:
    """What a session of ``user`` must carry: it changes whenever the password does."""
    key = str(current_app.secret_key).encode()
    return hmac.new(key, user.password_hash.encode(), hashlib.sha256).hexdigest()[:32]


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 12 else None
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(session.get(SESSION_STAMP, ""), password_stamp(user)):
        return None  # opened with a password that has since changed
    return user


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
