"""Workflow transitions: what may be fired on a case now (with reasons), and firing one."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from enforcement.api import inputs, schemas
from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.errors import NotFound
from enforcement.permissions import Permission
from enforcement.services.cases import fire, transitions_for
from enforcement.services.queries import load_case
from enforcement.workflow import Trigger


@api.get("/cases/<int:case_id>/transitions")
@api_require(Permission.CASE_READ)
def list_transitions(case_id: int) -> dict[str, Any]:
    """Every trigger of the case's current state: allowed or not (with reasons), its input fields."""
    user = current_api_user()
    case = load_case(case_id, user)
    items = [{**a.to_dict(), "forbidden": a.forbidden} for a in transitions_for(case, user)]
    return {"case_id": case.id, "state": case.state.value, "version": case.version, "items": items}


@api.post("/cases/<int:case_id>/transitions/<trigger>")
@api_require(Permission.CASE_ACT)
def fire_transition(case_id: int, trigger: str) -> dict[str, Any]:
    """Fire ``trigger`` with the JSON body's ``version`` and fields; returns the case and the new documents."""
    if trigger not in {t.value for t in Trigger}:
        raise NotFound(_("Thao tác không tồn tại: %(t)s.", t=trigger[:40]))
    body = inputs.json_object()
    version = inputs.version(body)
    data = {key: value for key, value in body.items() if key != "version"}
    result = fire(case_id, trigger, current_api_user(), version=version, data=data)
    return {
        "case": schemas.case_detail(result.case),
        "documents": [schemas.document(d) for d in result.documents],
        "event": schemas.event(result.event),
    }
