"""Custom error pages (403, 404, 500) that never show a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException


def _page(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    return render_template("errors/error.html", code=code), code


def _internal(error: Exception) -> tuple[str, int]:
    return render_template("errors/error.html", code=500), 500


def init_app(app: Flask) -> None:
    for code in (400, 403, 404, 405, 409, 413, 422, 423, 429):
        app.register_error_handler(code, _page)
    app.register_error_handler(500, _internal)
