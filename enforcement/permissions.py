"""Named permissions, the role → permission table, and office scoping.

Every route declares the permission it needs with ``@require``; every lookup of
an office's records goes through ``get_in_office`` / ``in_office`` so that a
user of office A gets 404 for anything of office B (PRODUCT §2).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from enforcement.extensions import db
from enforcement.models.user import Role


class Permission(enum.StrEnum):
    """``resource:action`` names of what a user may do."""

    CASE_READ = "case:read"
    CASE_ACT = "case:act"
    CASE_ASSIGN = "case:assign"
    CASE_COMMENT = "case:comment"
    LEDGER_IMPORT = "ledger:import"
    DETECTION_RUN = "detection:run"
    REPORT_READ = "report:read"
    AUDIT_READ = "audit:read"
    CALCULATOR_USE = "calculator:use"
    DOCUMENT_READ = "document:read"
    DOCUMENT_CORRECT = "document:correct"  # a correction supersedes an issued document with a new one
    DOSSIER_PRINT = "dossier:print"
    SANCTION_EDIT = "sanction:edit"  # enter decisions from before the system, record compliance (LR-SANCTIONS)
    ADMIN_USERS = "admin:users"
    ADMIN_OFFICE = "admin:office"
    ADMIN_LEGAL_PARAMS = "admin:legal_params"


_CASE_WORK = {
    Permission.CASE_READ,
    Permission.CASE_ACT,
    Permission.CASE_COMMENT,
    Permission.DOCUMENT_READ,
    Permission.CALCULATOR_USE,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.INSPECTOR: frozenset(_CASE_WORK | {Permission.LEDGER_IMPORT}),
    Role.LEGAL: frozenset(
        _CASE_WORK | {Permission.DOSSIER_PRINT, Permission.REPORT_READ, Permission.DOCUMENT_CORRECT,
                      Permission.SANCTION_EDIT}
    ),
    Role.SUPERVISOR: frozenset(
        _CASE_WORK
        | {
            Permission.CASE_ASSIGN,
            Permission.LEDGER_IMPORT,
            Permission.DETECTION_RUN,
            Permission.REPORT_READ,
            Permission.AUDIT_READ,
            Permission.DOSSIER_PRINT,
            Permission.DOCUMENT_CORRECT,
        }
    ),
    Role.ADMIN: frozenset({Permission.ADMIN_USERS, Permission.ADMIN_OFFICE, Permission.ADMIN_LEGAL_PARAMS}),
}


def roles_with(permission: Permission) -> list[Role]:
    """The roles that hold ``permission``, in the order of the role table."""
    return [role for role, granted in ROLE_PERMISSIONS.items() if permission in granted]


def has_permission(user: Any, permission: Permission) -> bool:
    """Whether ``user`` (logged in and active) holds ``permission``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return permission in ROLE_PERMISSIONS.get(user.role, frozenset())


F = TypeVar("F", bound=Callable[..., Any])


def require(permission: Permission) -> Callable[[F], F]:
    """Decorate a view: the user must be logged in and hold ``permission`` (else 403)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not has_permission(current_user, permission):
                abort(403, description=permission)  # the error page names the roles that may
            return view(*args, **kwargs)

        wrapped.required_permission = permission  # type: ignore[attr-defined]
        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


M = TypeVar("M")


def get_in_office(model: type[M], ident: int, user: Any = None) -> M:
    """Load ``model`` by primary key, or 404 when it is missing or of another office."""
    user = user or current_user
    obj = db.session.get(model, ident)
    if obj is None or obj.office_id != user.office_id:  # type: ignore[attr-defined]
        abort(404)
    return obj


def in_office(model: Any, user: Any = None) -> Any:
    """A ``select(model)`` limited to the user's office."""
    user = user or current_user
    return db.select(model).where(model.office_id == user.office_id)
