"""Language selection: Vietnamese by default, English on request (a switch in the header)."""

from __future__ import annotations

from flask import current_app, session


def select_locale() -> str:
    """The language of this request: the user's choice kept in the session, else Vietnamese."""
    lang = session.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        return lang
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]
