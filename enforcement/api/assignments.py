"""Assignment of cases to inspectors by supervisors: one case, or many at once (an event per case)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from enforcement.api import inputs, schemas
from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.permissions import Permission
from enforcement.services.cases import assign
from enforcement.services.queries import load_case

MAX_BULK = 1000


def _assignee_id(body: dict[str, Any]) -> int | None:
    if "assignee_id" not in body:
        raise inputs.invalid("assignee_id", _("Thiếu người được phân công (assignee_id; null để bỏ phân công)."))
    value = body["assignee_id"]
    return None if value is None else inputs.integer(value, "assignee_id", minimum=1)


def _case_ids(body: dict[str, Any]) -> list[int]:
    raw = body.get("case_ids")
    if not isinstance(raw, list) or not raw or len(raw) > MAX_BULK:
        raise inputs.invalid("case_ids", _("Phải là danh sách từ 1 đến %(n)d mã hồ sơ.", n=MAX_BULK))
    return [inputs.integer(value, "case_ids", minimum=1) for value in raw]


@api.post("/cases/<int:case_id>/assignment")
@api_require(Permission.CASE_ASSIGN)
def assign_case(case_id: int) -> dict[str, Any]:
    """Assign the case to an inspector of the office (``null`` unassigns it)."""
    user = current_api_user()
    assign([case_id], _assignee_id(inputs.json_object()), user)
    return schemas.case_detail(load_case(case_id, user))


@api.post("/assignments")
@api_require(Permission.CASE_ASSIGN)
def assign_cases() -> dict[str, Any]:
    """Assign many cases at once: all of them, or none when one is refused."""
    body = inputs.json_object()
    case_ids = _case_ids(body)
    changed = assign(case_ids, _assignee_id(body), current_api_user())
    return {"changed": len(changed), "items": [schemas.case_summary(case) for case in changed]}
