"""Login, logout and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from enforcement.auth.forms import LoginForm
from enforcement.auth.loaders import SESSION_STAMP, password_stamp
from enforcement.errors import AccountLocked, InvalidCredentials
from enforcement.services import users

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after login."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = users.authenticate(form.username.data, form.password.data)
        except (InvalidCredentials, AccountLocked) as exc:
            flash(exc.message, "error")
            status = exc.status if isinstance(exc, AccountLocked) else 401
        else:
            lang = session.get("lang")
            session.clear()  # a fresh session at login (no fixation)
            if lang:
                session["lang"] = lang
            login_user(user)
            session[SESSION_STAMP] = password_stamp(user)
            flash(_("Xin chào, %(name)s.", name=user.full_name), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language/<lang>", methods=["POST"])
def set_language(lang: str) -> Response:
    """Switch the interface language (vi/en); kept in the session."""
    if lang in ("vi", "en"):
        session["lang"] = lang
    return redirect(_safe_next(request.form.get("next")))
