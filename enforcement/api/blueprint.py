"""The ``/api/v1`` blueprint object that every API module attaches its routes to.

Route modules import ``api`` from here; ``enforcement.api.v1`` imports them all
and exposes the finished blueprint as ``bp`` for the app factory.  The API
never uses the cookie session (every request carries a bearer token), so the
blueprint is exempt from the CSRF protection of the forms.
"""

from __future__ import annotations

from flask import Blueprint

from enforcement.extensions import csrf

PREFIX = "/api/v1"

api = Blueprint("api", __name__, url_prefix=PREFIX)
csrf.exempt(api)
