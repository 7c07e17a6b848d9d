"""Jinja filters: money as ``1.234.567 đ``, dates as ``dd/mm/yyyy``, labels of states and roles."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import lazy_gettext as _l

from enforcement.domain.money import amount_in_words, format_money
from enforcement.domain.periods import format_date
from enforcement.models.user import Role
from enforcement.workflow import STATE_LABELS, CaseState

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

ROLE_LABELS = {
    Role.INSPECTOR: _l("Cán bộ kiểm tra"),
    Role.LEGAL: _l("Cán bộ pháp chế"),
    Role.SUPERVISOR: _l("Lãnh đạo phòng"),
    Role.ADMIN: _l("Quản trị hệ thống"),
}


def money(value: int | None) -> str:
    return "" if value is None else format_money(int(value))


def words(value: int | None) -> str:
    """An amount in Vietnamese words (LR-WORDS): "Mười tám triệu đồng"."""
    return "" if value is None else amount_in_words(int(value))


def date_vi(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_time(value).date()
    return format_date(value)


def local_time(value: datetime) -> datetime:
    """A stored UTC timestamp in Vietnam's time zone."""
    return value.astimezone(LOCAL_TZ)


def datetime_vi(value: datetime | None) -> str:
    """``dd/mm/yyyy HH:MM`` in Asia/Ho_Chi_Minh."""
    if value is None:
        return ""
    local = local_time(value)
    return f"{format_date(local.date())} {local:%H:%M}"


def period_vi(value: str | None) -> str:
    """A contribution month ``2025-06`` as ``06/2025``."""
    if not value:
        return ""
    year, month = value.split("-")
    return f"{month}/{year}"


def state_label(value: str | CaseState) -> str:
    return str(STATE_LABELS.get(CaseState(value), value))


def role_label(value: str | Role) -> str:
    return str(ROLE_LABELS[Role(value)])


def init_app(app: Flask) -> None:
    for name, fn in {
        "money": money,
        "words": words,
        "date_vi": date_vi,
        "datetime_vi": datetime_vi,
        "period_vi": period_vi,
        "state_label": state_label,
        "role_label": role_label,
    }.items():
        app.add_template_filter(fn, name)
