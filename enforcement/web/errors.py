"""Custom error pages (403, 404, 500) that never show a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from enforcement.errors import DomainError
from enforcement.filters import role_label
from enforcement.permissions import Permission, roles_with


def _page(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    allowed: list[str] = []
    if code == 403 and isinstance(error.description, Permission):
        # Say who may do it ("Nhập sổ: cán bộ kiểm tra, lãnh đạo phòng"), not only "no".
        allowed = [role_label(role) for role in roles_with(error.description)]
    return render_template("errors/error.html", code=code, allowed=allowed), code


def _internal(error: Exception) -> tuple[str, int]:
    return render_template("errors/error.html", code=500), 500


def _domain(error: DomainError) -> tuple[str, int]:
    """A domain error no view turned into a message (a case of another office: ``NotFound``): its page."""
    code = error.status if error.status in PAGES else 400
    return render_template("errors/error.html", code=code), code


PAGES = (400, 403, 404, 405, 409, 413, 422, 423, 429)


def init_app(app: Flask) -> None:
    for code in PAGES:
        app.register_error_handler(code, _page)
    app.register_error_handler(500, _internal)
    app.register_error_handler(DomainError, _domain)
