"""Tax data and evasion leads (PRODUCT.md §10): upload, the leads of a month, exports, lead records.

Views parse input, call a service, render. Reading leads needs ``case:read``;
importing tax data ``ledger:import``; bringing the lead records in step with a
month (which opens, updates and closes them, with events) ``detection:run``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from enforcement.api.leads import lead_filters
from enforcement.domain.leads import KINDS
from enforcement.errors import ImportRejected, ValidationFailed
from enforcement.extensions import db
from enforcement.file_names import BadFileName, upload_name
from enforcement.models import Lead, LeadEvent, TaxBatch
from enforcement.permissions import Permission, get_in_office, has_permission, require
from enforcement.services.leads import (
    KIND_LABELS,
    LeadFigures,
    compute_leads,
    kind_label,
    latest_tax_month,
    parse_month,
    refresh_leads,
    show_month,
)
from enforcement.services.tax_import import import_tax
from enforcement.web.exports import table_response
from enforcement.web.forms import UploadForm

bp = Blueprint("leads", __name__, url_prefix="/leads")

LEAD_STATUS_LABELS = {
    "open": _l("Mới phát hiện"),
    "invited": _l("Đã mời hội nghị"),
    "committed": _l("Đã cam kết"),
    "case_opened": _l("Đã mở hồ sơ xử lý"),
    "closed": _l("Đã đóng"),
}
OUTCOME_LABELS = {
    "registered": _l("Đã đăng ký"),
    "committed": _l("Cam kết đăng ký, đóng đến hạn"),
    "refused": _l("Từ chối"),
    "absent": _l("Vắng mặt"),
}


@bp.app_template_filter("lead_status")
def lead_status(value: Any) -> str:
    return str(LEAD_STATUS_LABELS.get(str(value), value))


@bp.app_template_filter("lead_kind")
def lead_kind(value: Any) -> str:
    return kind_label(str(value))


@bp.app_template_filter("outcome_label")
def outcome_label(value: Any) -> str:
    return str(OUTCOME_LABELS.get(str(value), value)) if value else ""

EXPORT_HEADER = [
    "Mã số thuế",
    "Tên người nộp thuế",
    "Loại đầu mối",
    "Mã đơn vị",
    "Quận/Huyện",
    "Các tháng",
    "Số lao động theo thuế (cao nhất)",
    "Chênh lệch lao động (cao nhất)",
    "Ước tính số phải đóng (đồng)",
    "Doanh nghiệp mới",
]


def _report_or_error() -> tuple[Any, list[LeadFigures], str | None]:
    """The report of the requested month and the filtered leads, or the message saying what is wrong."""
    try:
        filters = lead_filters(request.args)
        report = compute_leads(current_user.office_id, parse_month(request.args.get("month"), current_user.office_id))
    except ValidationFailed as exc:
        errors = exc.details.get("errors") or {}
        detail = "; ".join(str(m) for msgs in errors.values() for m in msgs)
        return None, [], detail or exc.message
    return report, filters.apply(report.leads), None


@bp.route("/")
@require(Permission.CASE_READ)
def index() -> str:
    """The leads of a month with filters, largest estimated contributions first; the office's lead records."""
    report, leads, error = _report_or_error()
    records = db.session.scalars(
        sa.select(Lead).where(Lead.office_id == current_user.office_id)
        .order_by(Lead.estimated_contributions.desc(), Lead.tax_code).limit(500)
    ).all()
    districts = sorted({lead.district for lead in (report.leads if report else []) if lead.district})
    return render_template(
        "leads/index.html",
        report=report,
        leads=leads,
        error=error,
        kinds=KINDS,
        kind_labels=KIND_LABELS,
        districts=districts,
        args=request.args,
        total=sum(lead.estimated_contributions for lead in leads),
        records=records,
        show_month=show_month,
        can_refresh=has_permission(current_user, Permission.DETECTION_RUN),
        can_import=has_permission(current_user, Permission.LEDGER_IMPORT),
    )


@bp.route("/export.csv")
@require(Permission.CASE_READ)
def export_csv() -> BaseResponse:
    """The filtered leads as CSV (UTF-8 with BOM, ``;``)."""
    return _export("csv")


@bp.route("/export.xlsx")
@require(Permission.CASE_READ)
def export_xlsx() -> BaseResponse:
    """The filtered leads as an XLSX workbook: codes written as text cells, amounts as numbers."""
    return _export("xlsx")


def _export(fmt: str) -> BaseResponse:
    report, leads, error = _report_or_error()
    if error and not _no_tax_data():
        flash(error, "error")
        return redirect(url_for("leads.index"))
    month = show_month(report.month).replace("/", "-") if report else "chua-co-du-lieu"
    return table_response(fmt, f"dau-moi-{month}", EXPORT_HEADER, (_export_row(lead) for lead in leads),
                          sheet=f"Đầu mối {month}")


def _no_tax_data() -> bool:
    """The office has no tax data yet: exports are then empty files (only the header)."""
    return not request.args.get("month") and latest_tax_month(current_user.office_id) is None


def _export_row(lead: LeadFigures) -> list[Any]:
    return [
        lead.tax_code,
        lead.name,
        ", ".join(kind_label(kind) for kind in lead.kinds),
        lead.unit_code or "",
        lead.district,
        ", ".join(show_month(month) for month in lead.months),
        lead.max_tax_employees,
        lead.max_gap,
        lead.estimated_contributions,
        _("Có") if lead.new_business else _("Không"),
    ]


@bp.route("/tax-data")
@require(Permission.LEDGER_IMPORT)
def tax_data() -> str:
    """The tax-data upload form and the office's tax imports."""
    batches = db.session.scalars(
        sa.select(TaxBatch).where(TaxBatch.office_id == current_user.office_id).order_by(TaxBatch.id.desc()).limit(50)
    ).all()
    return render_template(
        "leads/tax_data.html",
        form=UploadForm(),
        batches=batches,
        max_mb=current_app.config["MAX_LEDGER_BYTES"] // (1024 * 1024),
    )


@bp.route("/tax-data", methods=["POST"])
@require(Permission.LEDGER_IMPORT)
def upload_tax() -> BaseResponse:
    """Import the uploaded tax-data file (all or nothing) and show its record."""
    form = UploadForm()
    if not form.validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn, vui lòng thử lại."), "error")
        return redirect(url_for("leads.tax_data"))
    upload = request.files.get("file")
    limit = current_app.config["MAX_LEDGER_BYTES"]
    data = upload.stream.read(limit + 1) if upload else b""
    if not data:
        flash(_("Chưa chọn tệp hoặc tệp rỗng."), "error")
        return redirect(url_for("leads.tax_data"))
    try:
        result = import_tax(data, upload_name(upload.filename, "tax"), current_user.office, current_user)
    except (ImportRejected, BadFileName) as exc:
        flash(exc.message, "error")
        return redirect(url_for("leads.tax_data"))
    flash(result.message, "error" if result.status == "rejected" else "info")
    return redirect(url_for("leads.tax_batch", tax_batch_id=result.batch_id))


@bp.route("/tax-data/<int:tax_batch_id>")
@require(Permission.LEDGER_IMPORT)
def tax_batch(tax_batch_id: int) -> str:
    """One tax import: its counts and every rejected row (row, column, value, reason)."""
    batch = get_in_office(TaxBatch, tax_batch_id)
    return render_template("leads/tax_batch.html", batch=batch)


@bp.route("/refresh", methods=["POST"])
@require(Permission.DETECTION_RUN)
def refresh() -> BaseResponse:
    """Open, update and close the office's lead records for the month (events on each lead's timeline)."""
    form = UploadForm()  # CSRF only
    if not form.validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn, vui lòng thử lại."), "error")
        return redirect(url_for("leads.index"))
    try:
        result = refresh_leads(current_user.office, request.form.get("month") or None, current_user)
    except ValidationFailed as exc:
        flash(exc.message, "error")
        return redirect(url_for("leads.index"))
    flash(
        _(
            "Đầu mối tháng %(m)s: %(o)d mới, %(u)d cập nhật, %(c)d đã tự đóng, %(s)d không đổi.",
            m=show_month(result.month), o=result.opened, u=result.updated, c=result.closed, s=result.unchanged,
        ),
        "info",
    )
    return redirect(url_for("leads.index", month=result.month))


@bp.route("/<int:lead_id>")
@require(Permission.CASE_READ)
def show(lead_id: int) -> str:
    """One lead record: its figures, where it stands, its conferences and its timeline."""
    lead = get_in_office(Lead, lead_id)
    events = db.session.scalars(sa.select(LeadEvent).where(LeadEvent.lead_id == lead.id).order_by(LeadEvent.seq)).all()
    if lead.office_id != current_user.office_id:  # pragma: no cover - get_in_office already refused
        abort(404)
    from enforcement.models import ConferenceInvitee

    invitations = db.session.scalars(
        sa.select(ConferenceInvitee).where(ConferenceInvitee.lead_id == lead.id).order_by(ConferenceInvitee.id)
    ).all()
    return render_template("leads/show.html", lead=lead, events=events, invitations=invitations,
                           show_month=show_month, kind_label=kind_label)
