"""Bearer-token authentication and permission checks of the API.

Every protected route is decorated with ``@api_require(Permission.X)``: without
a valid ``Authorization: Bearer <token>`` header it answers 401 (with
``WWW-Authenticate: Bearer``), without the permission 403, both as JSON.  The
token's user is then ``g.api_user``; the cookie session is never consulted.  The request is then
checked against the OpenAPI document (``enforcement.api.validation``: 422 naming each field).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Response, g, jsonify, request
from flask_babel import gettext as _

from enforcement.errors import InvalidCredentials
from enforcement.models import User
from enforcement.permissions import Permission, has_permission
from enforcement.services import tokens

F = TypeVar("F", bound=Callable[..., Any])


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer …`` header, or None."""
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    value = value.strip()
    return value if scheme.lower() == "bearer" and value else None


def unauthorized(invalid_token: bool) -> Response:
    """401 JSON with the ``WWW-Authenticate`` challenge of RFC 6750."""
    response = jsonify(
        error="Unauthorized",
        message=_("Cần mã truy cập API hợp lệ: gửi tiêu đề “Authorization: Bearer <mã truy cập>”."),
    )
    response.status_code = 401
    challenge = 'Bearer realm="api"'
    response.headers["WWW-Authenticate"] = challenge + (', error="invalid_token"' if invalid_token else "")
    return response


def forbidden() -> Response:
    response = jsonify(error="Forbidden", message=_("Vai trò của bạn không có quyền thực hiện thao tác này."))
    response.status_code = 403
    return response


def current_api_user() -> User:
    """The user the request's token acts as (inside an ``api_require`` view)."""
    return g.api_user


def api_require(permission: Permission) -> Callable[[F], F]:
    """Decorate an API view: a valid bearer token (else 401) whose user holds ``permission`` (else 403)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            raw = bearer_token()
            if raw is None:
                return unauthorized(invalid_token=False)
            try:
                user = tokens.authenticate(raw)
            except InvalidCredentials:
                return unauthorized(invalid_token=True)
            if not has_permission(user, permission):
                return forbidden()
            g.api_user = user
            from enforcement.api.validation import validate_request

            validate_request()  # what the OpenAPI document forbids is a 422 before the view runs
            return view(*args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: F) -> F:
    """Mark an API view that needs no token (the OpenAPI description)."""
    view.required_permission = None  # type: ignore[attr-defined]
    return view
