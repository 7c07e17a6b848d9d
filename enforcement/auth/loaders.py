"""Flask-Login wiring: how the current user is loaded from the session."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from enforcement.extensions import db, login_manager
from enforcement.models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
