"""Parsing of API input (query strings and JSON bodies) into typed values.

Shape only: anything malformed raises ``ValidationFailed`` with Vietnamese
messages per field (422); the rules themselves stay in the services.  Every
request has already passed the OpenAPI document (``enforcement.api.validation``):
these readers are what turns its values into typed ones, and a guard.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import request
from flask_babel import gettext as _

from enforcement.errors import ValidationFailed
from enforcement.models import User
from enforcement.services.queries import MAX_PER_PAGE, SORTS, CaseFilters
from enforcement.workflow import CaseState

DEFAULT_PER_PAGE = 25
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")


def invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(_("Dữ liệu gửi lên không hợp lệ."), errors={field: [message]})


def json_object(*, required: bool = True) -> dict[str, Any]:
    """The request's JSON body, which must be an object (an empty body is ``{}`` when not required)."""
    if not required and not request.get_data(cache=True):
        return {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationFailed(
            _("Nội dung yêu cầu phải là một đối tượng JSON (Content-Type: application/json)."),
            errors={"$": [_("Phải là một đối tượng JSON.")]},
        )
    return body


def integer(value: Any, field: str, *, minimum: int | None = None) -> int:
    """A whole number from JSON (int) or a query string (digits)."""
    if isinstance(value, bool):
        raise invalid(field, _("Phải là số nguyên."))
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text.lstrip("-").isdigit() or len(text) > 18:
            raise invalid(field, _("Phải là số nguyên."))
        number = int(text)
    if minimum is not None and number < minimum:
        raise invalid(field, _("Phải lớn hơn hoặc bằng %(n)d.", n=minimum))
    return number


def optional_integer(args: Mapping[str, Any], field: str, *, minimum: int | None = None) -> int | None:
    value = args.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return integer(value, field, minimum=minimum)


def flag(args: Mapping[str, str], field: str) -> bool:
    value = (args.get(field) or "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise invalid(field, _("Phải là true hoặc false."))


def iso_date(value: Any, field: str) -> date:
    """A date written exactly ``YYYY-MM-DD`` (Python alone would also take ``20260101``)."""
    try:
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(field, _("Ngày không hợp lệ: %(v)s (dạng YYYY-MM-DD).", v=str(value)[:40])) from None


def _state(args: Mapping[str, str]) -> tuple[str | None, bool]:
    """``state``: one of the states, or ``open`` for every open state."""
    value = (args.get("state") or "").strip()
    if not value:
        return None, False
    if value == "open":
        return None, True
    if value not in {s.value for s in CaseState}:
        raise invalid("state", _("Trạng thái không hợp lệ: %(v)s.", v=value[:40]))
    return value, False


def _assignee(args: Mapping[str, str], user: User) -> tuple[int | None, bool]:
    """``assignee``: a user id, ``me``, or ``none`` for unassigned cases."""
    value = (args.get("assignee") or "").strip().lower()
    if not value:
        return None, False
    if value == "none":
        return None, True
    if value == "me":
        return user.id, False
    return integer(value, "assignee", minimum=1), False


def case_filters(args: Mapping[str, str], user: User) -> CaseFilters:
    """The filters of ``GET /cases`` from its query string."""
    state, open_only = _state(args)
    assignee_id, unassigned = _assignee(args, user)
    sort = (args.get("sort") or "deadline").strip()
    if sort not in SORTS:
        raise invalid("sort", _("Cách sắp xếp không hợp lệ: dùng một trong %(s)s.", s=", ".join(SORTS)))
    return CaseFilters(
        state=state,
        open_only=open_only,
        assignee_id=assignee_id,
        unassigned=unassigned,
        district=(args.get("district") or "").strip() or None,
        min_principal=optional_integer(args, "min_principal", minimum=0),
        max_principal=optional_integer(args, "max_principal", minimum=0),
        overdue=flag(args, "overdue"),
        due_soon=flag(args, "due_soon"),
        q=(args.get("q") or "").strip()[:200] or None,
        sort=sort,
    )


def pagination(args: Mapping[str, str]) -> tuple[int, int]:
    """``page`` (from 1) and ``per_page`` (1–200: the OpenAPI document refuses more before the view; the cap
    stays as a guard)."""
    page = optional_integer(args, "page", minimum=1) or 1
    per_page = optional_integer(args, "per_page", minimum=1) or DEFAULT_PER_PAGE
    return page, min(per_page, MAX_PER_PAGE)


def version(body: Mapping[str, Any]) -> int:
    """The case version the client last saw (optimistic locking)."""
    if body.get("version") is None:
        raise invalid("version", _("Thiếu phiên bản hồ sơ (version) mà bạn đang xem."))
    return integer(body["version"], "version", minimum=1)
