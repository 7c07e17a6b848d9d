"""Cases: list (filters, search, pages), one case, its timeline, deadlines and Article 216 evaluation."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _

from enforcement.api import inputs, schemas
from enforcement.api.auth import api_require, current_api_user
from enforcement.api.blueprint import api
from enforcement.permissions import Permission
from enforcement.services import queries
from enforcement.services.case_view import view_of
from enforcement.services.queries import load_case


@api.get("/cases")
@api_require(Permission.CASE_READ)
def list_cases() -> dict[str, Any]:
    """One page of the office's cases matching the query-string filters."""
    user = current_api_user()
    filters = inputs.case_filters(request.args, user)
    page, per_page = inputs.pagination(request.args)
    found = queries.list_cases(user, filters, page, per_page)
    return {
        "items": [schemas.case_summary(case) for case in found.items],
        "total": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "pages": found.pages,
    }


@api.get("/cases/<int:case_id>")
@api_require(Permission.CASE_READ)
def get_case(case_id: int) -> dict[str, Any]:
    """The case with its employer, state, assignee, version, arrears snapshot and next deadline."""
    return schemas.case_detail(load_case(case_id, current_api_user()))


@api.get("/cases/<int:case_id>/timeline")
@api_require(Permission.CASE_READ)
def case_timeline(case_id: int) -> dict[str, Any]:
    """The case's hash-chained events, oldest first."""
    events = queries.case_timeline(queries.load_case(case_id, current_api_user()).id)
    return {"case_id": case_id, "items": [schemas.event(e) for e in events]}


@api.get("/cases/<int:case_id>/deadlines")
@api_require(Permission.CASE_READ)
def case_deadlines(case_id: int) -> dict[str, Any]:
    """The statutory deadlines of the case as of today (LR-DEADLINES)."""
    view = view_of(load_case(case_id, current_api_user()))
    return {"case_id": case_id, "today": view.today.isoformat(), "items": [d.to_dict() for d in view.deadlines]}


@api.get("/cases/<int:case_id>/article216")
@api_require(Permission.CASE_READ)
def case_article216(case_id: int) -> dict[str, Any]:
    """The Article 216 evaluation on the case's concluded figures, or why there is none yet."""
    view = view_of(load_case(case_id, current_api_user()))
    if view.art216 is None:
        return {
            "case_id": case_id,
            "available": False,
            "reason": _("Chưa đánh giá được Điều 216: hồ sơ chưa có kết luận kiểm tra phân loại hành vi từng tháng."),
        }
    return {"case_id": case_id, "available": True, **view.art216.to_dict()}
