"""Jinja filters: money as ``1.234.567 đ``, dates as ``dd/mm/yyyy``, labels of states and roles."""

from __future__ import annotations

import re
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


_INTERNAL_REFERENCE = re.compile(
    r"LEGAL\.md|\bLR-[A-Z0-9-]+(?:\s+C\d)?|\bR\d+(?:\s*[–-]\s*R?\d+)?\b|Phần B|§\s*[\d.–-]*\d(?:\s*\([a-z]\))?"
)


def public_source(text: str | None) -> str:
    """A legal source as people read it: the law's own citation, without the program's internal references
    (the specification's rule ids and section numbers: "(LEGAL.md R14)", "LR-ARREARS", "Phần B §9.1")."""
    if not text:
        return ""
    cleaned = iso_dates_vi(_INTERNAL_REFERENCE.sub("", str(text)))
    previous = None
    while previous != cleaned:
        previous = cleaned
        cleaned = re.sub(r"\(\s*[,;]?\s*\)", "", cleaned)  # a parenthesis left empty
        cleaned = re.sub(r"\(\s*[,;]\s*", "(", cleaned)
        cleaned = re.sub(r"\s*[,;]\s*\)", ")", cleaned)
        cleaned = re.sub(r"\s*([,;])(?:\s*[,;])+", r"\1", cleaned)
    return " ".join(cleaned.split()).strip(" ;,")


_ISO_DATE = re.compile(r"(?<![\w/.-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")


def iso_dates_vi(text: str) -> str:
    """ISO dates inside a text (a source citing "CV 3511/BHXH-TST 2022-11-18") written dd/mm/yyyy."""
    return _ISO_DATE.sub(lambda m: f"{m.group(3)}/{m.group(2)}/{m.group(1)}", text)


def param_value(value: object) -> str:
    """A legal parameter's simple value as the parameters page shows it (lists and tables stay JSON)."""
    if value is None:
        return str(_l("chưa có giá trị (chưa biết)"))
    if isinstance(value, bool):
        return str(_l("Có")) if value else str(_l("Không"))
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, str):
        return iso_dates_vi(value)
    return str(value)


def init_app(app: Flask) -> None:
    for name, fn in {
        "money": money,
        "words": words,
        "date_vi": date_vi,
        "datetime_vi": datetime_vi,
        "period_vi": period_vi,
        "state_label": state_label,
        "role_label": role_label,
        "public_source": public_source,
        "param_value": param_value,
    }.items():
        app.add_template_filter(fn, name)
