"""The legal parameters in force: the shipped defaults plus the rows admins added.

Admin rows are appended after the defaults, in the order they were added, so a
row with the same start date supersedes the default (``ParamSet`` rule).  Rows
are never edited or deleted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _

from enforcement.domain.deadlines import WorkCalendar
from enforcement.domain.legal_params import (
    CONFIDENCE_TAGS,
    DEFAULT_PARAMS,
    PARAM_KINDS,
    ParamRow,
    ParamSet,
    parse_param_value,
)
from enforcement.errors import ValidationFailed
from enforcement.extensions import db
from enforcement.models import CalendarDay, DayKind, LegalParam, User
from enforcement.services import unit_of_work


def _to_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _from_json(key: str, value: Any) -> Any:
    if PARAM_KINDS.get(key) == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _row(param: LegalParam) -> ParamRow:
    return ParamRow(
        param.key,
        _from_json(param.key, param.value),
        param.valid_from,
        param.valid_to,
        param.source,
        param.confidence,
    )


def current_params() -> ParamSet:
    """Defaults, then admin rows in the order they were added."""
    added = db.session.scalars(db.select(LegalParam).order_by(LegalParam.id))
    return ParamSet((*DEFAULT_PARAMS, *(_row(p) for p in added)))


def add_param(
    *,
    key: str,
    value_text: str,
    valid_from: date,
    source: str,
    confidence: str = "V",
    valid_to: date | None = None,
    actor: User | None = None,
) -> LegalParam:
    """Add a dated row for ``key`` (never edits an existing row).

    :raises ValidationFailed: unknown key, a value of the wrong type, no source,
        a bad confidence tag, or an end before the start.
    """
    errors: dict[str, list[str]] = {}
    value = None
    try:
        value = None if value_text.strip().lower() in ("null", "none") else parse_param_value(key, value_text)
    except ValueError as exc:
        errors["value"] = [str(exc)]
    if not source.strip():
        errors["source"] = [_("Phải ghi nguồn (văn bản, điều, khoản) của giá trị.")]
    if confidence not in CONFIDENCE_TAGS:
        errors["confidence"] = [_("Độ tin cậy phải là V, S hoặc U.")]
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = [_("Ngày hết hiệu lực phải sau ngày bắt đầu.")]
    if errors:
        raise ValidationFailed(_("Không thêm được tham số pháp lý."), errors=errors)
    with unit_of_work() as session:
        param = LegalParam(
            key=key,
            value=_to_json(value),
            valid_from=valid_from,
            valid_to=valid_to,
            source=source.strip(),
            confidence=confidence,
            created_by_id=actor.id if actor else None,
        )
        session.add(param)
    return param


def work_calendar() -> WorkCalendar:
    """Vietnam's public holidays plus the days off and swapped working days admins entered."""
    days = db.session.execute(db.select(CalendarDay.day, CalendarDay.kind)).all()
    return WorkCalendar(
        days_off=frozenset(d for d, kind in days if kind == DayKind.DAY_OFF),
        working_days=frozenset(d for d, kind in days if kind == DayKind.WORKING_DAY),
    )
