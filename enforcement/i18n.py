"""Language selection: Vietnamese by default, English on request (a switch in the header)."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, session
from flask_babel import get_translations, gettext

from enforcement.domain.text import Text


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


def ui_text(value: Any) -> str:
    """A Vietnamese text of the domain in the reader's language (as it is when the catalogue lacks it).

    A ``Text`` (a sentence the domain built from a template, ``domain.text``) is rendered again from its
    template and parameters; any other text is looked up whole.  Pages use it as the ``ui_text`` filter;
    a step's message that quotes the domain's sentences uses it too.
    """
    if isinstance(value, Text):
        return value.render(get_translations())
    return gettext(str(value)) if value else ""
