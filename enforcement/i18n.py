"""Language selection: Vietnamese by default, English on request (a switch in the header)."""

from __future__ import annotations

from flask import current_app, has_request_context, session


def select_locale() -> str:
    """The language of this request: the user's choice kept in the session, else Vietnamese.

    Outside a request (CLI, background jobs) the default, Vietnamese.
    """
    lang = session.get("lang") if has_request_context() else None
    if lang in current_app.config["LANGUAGES"]:
        return lang
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]
