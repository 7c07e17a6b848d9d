"""The navigation bar: each role sees the areas it may use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from enforcement.permissions import Permission, has_permission

# (endpoint, label, permission needed; None = any logged-in user)
NAV = (
    ("home.index", _l("Trang chính"), None),
    ("cases.index", _l("Hồ sơ"), Permission.CASE_READ),
    ("imports.index", _l("Nhập sổ"), Permission.LEDGER_IMPORT),
    ("leads.index", _l("Đầu mối trốn đóng"), Permission.CASE_READ),
    ("conferences.index", _l("Hội nghị"), Permission.CASE_READ),
    ("calculators.article216", _l("Tính Điều 216"), Permission.CALCULATOR_USE),
    ("calculators.fine", _l("Tính mức phạt"), Permission.CALCULATOR_USE),
    ("audit.index", _l("Nhật ký"), Permission.AUDIT_READ),
    ("admin.users", _l("Người dùng"), Permission.ADMIN_USERS),
    ("admin.office", _l("Cơ quan"), Permission.ADMIN_OFFICE),
    ("admin.legal_params", _l("Tham số pháp lý"), Permission.ADMIN_LEGAL_PARAMS),
)


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def nav_items() -> list[NavItem]:
    """The entries the current user may open (only areas that exist in this app)."""
    items = []
    for endpoint, label, permission in NAV:
        if endpoint not in current_app.view_functions:
            continue
        if permission is not None and not has_permission(current_user, permission):
            continue
        active = request.endpoint == endpoint
        items.append(NavItem(url_for(endpoint), str(label), active))
    return items


def header_notifications() -> tuple[int, list[Any]]:
    """The header's count of the current user's unread notifications and their latest six, unread first
    (one query on every page)."""
    from enforcement.services import notifications

    return notifications.latest(current_user, 6) if current_user.is_authenticated else (0, [])


def init_app(app: Flask) -> None:
    app.jinja_env.globals["nav_items"] = nav_items
    app.jinja_env.globals["header_notifications"] = header_notifications
    app.jinja_env.globals["view_functions"] = app.view_functions
    app.jinja_env.globals["get_locale"] = get_locale
