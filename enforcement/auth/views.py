"""Login, logout and the language switch."""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from enforcement import security, sessions
from enforcement.auth.forms import LoginForm
from enforcement.auth.loaders import start_login_session
from enforcement.errors import InvalidCredentials
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
        wait = security.reserve_login(form.username.data)  # before any password is checked
        if wait is not None:
            return _too_many(form, wait)
        try:
            user = users.authenticate(form.username.data, form.password.data)
        except InvalidCredentials as exc:
            if (wait := security.login_failed()) is not None:
                return _too_many(form, wait)
            flash(exc.message, "error")
            status = 401
        else:
            security.login_succeeded(form.username.data)
            _fresh_session()  # a new session id at login (no fixation), the old record deleted
            login_user(user)
            start_login_session(user)
            flash(_("Xin chào, %(name)s.", name=user.full_name), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), status


def _too_many(form: LoginForm, wait: float) -> tuple[str, int]:
    """429 on the login page (with ``Retry-After``): the same for every username, known or not."""
    g.retry_after = wait
    flash(ngettext("Quá nhiều yêu cầu đăng nhập sai. Vui lòng thử lại sau %(num)d phút.",
                   "Quá nhiều yêu cầu đăng nhập sai. Vui lòng thử lại sau %(num)d phút.", max(1, math.ceil(wait / 60))),
          "error")
    return render_template("auth/login.html", form=form), 429


def _fresh_session() -> None:
    """Forget the stored session (a copy of its cookie is worth nothing now); keep only the language."""
    lang = session.get("lang")
    sessions.rotate()
    session.clear()
    if lang:
        session["lang"] = lang


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    logout_user()
    _fresh_session()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language/<lang>", methods=["POST"])
def set_language(lang: str) -> Response:
    """Switch the interface language (vi/en); kept in the session."""
    if lang in ("vi", "en"):
        session["lang"] = lang
    return redirect(_safe_next(request.form.get("next")))
