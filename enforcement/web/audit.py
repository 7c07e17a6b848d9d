"""The audit log for supervisors: every event of the office, filtered, paginated, exported; chain verification."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from enforcement import clock
from enforcement.filters import datetime_vi, state_label
from enforcement.models import EventAction
from enforcement.permissions import Permission, require
from enforcement.services import dashboard, sanctions
from enforcement.web.args import bounded_int, date_arg, id_arg, page_arg
from enforcement.web.exports import table_response
from enforcement.web.labels import action_label, event_summary, trigger_label

bp = Blueprint("audit", __name__, url_prefix="/audit")


def filters_from_args() -> dashboard.AuditFilters:
    """The audit log's filters of the query string (malformed or out-of-range values are ignored)."""
    action = request.args.get("action") or None
    return dashboard.AuditFilters(
        actor_id=id_arg("actor_id"),
        action=action if action in {a.value for a in EventAction} else None,
        case_id=bounded_int(request.args.get("case_id", "").strip().lstrip("#")),
        date_from=date_arg("date_from"),
        date_to=date_arg("date_to"),
    )


@bp.route("/")
@require(Permission.AUDIT_READ)
def index() -> str:
    filters = filters_from_args()
    events = dashboard.audit_page(current_user.office_id, filters, page_arg())
    return render_template(
        "audit/index.html",
        events=events,
        filters=filters,
        staff=dashboard.staff(current_user.office_id),
        actions=list(EventAction),
    )


@bp.route("/export.<any(csv, xlsx):fmt>")
@require(Permission.AUDIT_READ)
def export(fmt: str) -> Response:
    """Every matching event as CSV (UTF-8 with BOM, formula-safe)."""
    filters = filters_from_args()
    header = [_("Mã sự kiện"), _("Hồ sơ"), _("Thứ tự"), _("Thời điểm"), _("Người thực hiện"), _("Loại"),
              _("Thao tác"), _("Từ trạng thái"), _("Sang trạng thái"), _("Nội dung"), _("Mã băm")]
    rows = [
        [e.id, e.case_id, e.seq, datetime_vi(e.created_at), e.actor.full_name if e.actor else _("Hệ thống"),
         action_label(e.action), trigger_label(e.trigger), state_label(e.from_state) if e.from_state else "",
         state_label(e.to_state) if e.to_state else "", event_summary(e), e.hash]
        for e in dashboard.audit_rows(current_user.office_id, filters)
    ]  # built inside the request: the session closes before the response is sent
    rows += _sanction_rows(filters)
    return table_response(fmt, f"nhat-ky-{clock.today():%d-%m-%Y}", header, rows, _("Nhật ký"))


def _sanction_rows(filters: dashboard.AuditFilters) -> list[list[object]]:
    """The office's sanction history (LR-SANCTIONS: entries and every later change) in the same columns.

    Its writes are not case events (a decision may predate every case), so the export adds them; an
    action filter (a kind of case event) leaves them out.
    """
    if filters.action:
        return []
    since = dashboard._local_midnight(filters.date_from) if filters.date_from else None
    until = dashboard._local_midnight(filters.date_to + timedelta(days=1)) if filters.date_to else None
    found = sanctions.audit_rows(current_user.office_id, actor_id=filters.actor_id, case_id=filters.case_id,
                                 since=since, until=until)
    names = {u.id: u.full_name for u in dashboard.staff(current_user.office_id)}
    kinds = {"record": _("Ghi quyết định xử phạt"), "update": _("Cập nhật quyết định xử phạt")}
    return [
        [r.ref, r.case_id or "", "", datetime_vi(r.at), names.get(r.actor_id, _("Hệ thống")) if r.actor_id else
         _("Hệ thống"), _("Lịch sử xử phạt"), kinds[r.kind], "", "", r.summary, r.sha256]
        for r in found
    ]


@bp.route("/verify")
@require(Permission.AUDIT_READ)
def verify() -> str:
    """Recompute every timeline's hash chain; show OK or the first broken event of each case."""
    return render_template("audit/verify.html", report=dashboard.verify_office(current_user.office_id))
