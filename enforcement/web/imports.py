"""Ledger imports: upload (run as a background job with progress), history, and the per-row error report.

Supervisors also start arrears detection here, as a background job.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from enforcement.file_names import BadFileName, upload_name
from enforcement.filters import role_label
from enforcement.models import ImportBatch
from enforcement.permissions import Permission, get_in_office, has_permission, require, roles_with
from enforcement.services import dashboard, jobs, queries
from enforcement.services.ledger_parse import columns
from enforcement.web.args import page_arg
from enforcement.web.exports import table_response
from enforcement.web.forms import DetectForm, UploadForm
from enforcement.web.outcomes import flash_errors

bp = Blueprint("imports", __name__, url_prefix="/imports")

ERRORS_PER_PAGE = 100


@bp.route("/")
@require(Permission.LEDGER_IMPORT)
def index() -> str:
    """The upload form, the import history and (supervisors) the detection runs."""
    office = current_user.office_id
    can_detect = has_permission(current_user, Permission.DETECTION_RUN)
    return render_template(
        "imports/index.html",
        form=UploadForm(),
        detect_form=DetectForm() if can_detect else None,
        history=dashboard.import_history(office, page_arg()),
        detections=dashboard.recent_detections(office, 10) if can_detect else [],
        jobs=dashboard.recent_jobs(office, 10),
        max_mb=current_app.config["MAX_LEDGER_BYTES"] // (1024 * 1024),
        scan_by=", ".join(role_label(r) for r in roles_with(Permission.DETECTION_RUN)).lower(),
    )


@bp.route("/upload", methods=["POST"])
@require(Permission.LEDGER_IMPORT)
def upload() -> Response:
    """Queue the uploaded file for import and show its progress."""
    form = UploadForm()
    if not form.validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn, vui lòng thử lại."), "error")
        return redirect(url_for("imports.index"))
    upload = request.files.get("file")
    limit = current_app.config["MAX_LEDGER_BYTES"]
    data = upload.stream.read(limit + 1) if upload else b""
    if not data:
        flash(_("Chưa chọn tệp hoặc tệp rỗng."), "error")
        return redirect(url_for("imports.index"))
    if len(data) > limit:
        flash(_("Tệp quá lớn (tối đa %(n)d MB).", n=limit // (1024 * 1024)), "error")
        return redirect(url_for("imports.index"))
    try:
        file_name = upload_name(upload.filename, "ledger")
    except BadFileName as bad:
        flash(bad.message, "error")
        return redirect(url_for("imports.index"))
    job = jobs.enqueue(jobs.IMPORT_LEDGER, current_user.office, current_user, {"file_name": file_name}, data)
    flash(_("Đã nhận tệp “%(name)s”: đang nhập trong nền.", name=job.params["file_name"]), "info")
    return redirect(url_for("jobs.view", job_id=job.id))


@bp.route("/detect", methods=["POST"])
@require(Permission.DETECTION_RUN)
def detect() -> Response:
    """Queue an arrears detection run for the office."""
    form = DetectForm()
    if not form.validate_on_submit():
        flash(_("Ngày tính nợ không hợp lệ."), "error")
        return redirect(request.referrer or url_for("imports.index"))
    params = {"as_of": form.as_of.data.isoformat()} if form.as_of.data else {}
    with flash_errors(details=False) as failure:
        job = jobs.enqueue(jobs.DETECT, current_user.office, current_user, params)
    if failure:
        return redirect(url_for("imports.index"))
    flash(_("Đã bắt đầu quét nợ trong nền."), "info")
    return redirect(url_for("jobs.view", job_id=job.id))


@bp.route("/<int:batch_id>")
@require(Permission.LEDGER_IMPORT)
def show(batch_id: int) -> str:
    """One import: its counts and every rejected row (row, column, value, reason), paginated."""
    batch = get_in_office(ImportBatch, batch_id)
    errors = batch.errors or []
    page = page_arg()
    start = (page - 1) * ERRORS_PER_PAGE
    page_data = queries.Page(errors[start : start + ERRORS_PER_PAGE], len(errors), page, ERRORS_PER_PAGE)
    bad_rows = len({e.get("row") for e in errors if e.get("row") is not None})
    return render_template("imports/show.html", batch=batch, errors=page_data, bad_rows=bad_rows)


@bp.route("/<int:batch_id>/errors.<any(csv, xlsx):fmt>")
@require(Permission.LEDGER_IMPORT)
def errors_file(batch_id: int, fmt: str) -> Response:
    """Every rejected row of an import (row, column, value, reason) as a file, to fix the ledger beside it."""
    batch = get_in_office(ImportBatch, batch_id)
    header = [_("Dòng"), _("Cột"), _("Giá trị"), _("Lỗi")]
    rows = [[e.get("row"), e.get("column") or "", e.get("value") or "", e.get("message") or ""]
            for e in batch.errors or []]
    return table_response(fmt, f"loi-nhap-so-{batch.id}", header, rows, _("Lỗi"))


@bp.route("/template.<any(csv, xlsx):fmt>")
@require(Permission.LEDGER_IMPORT)
def template(fmt: str) -> Response:
    """An empty ledger file with the format's header (XLSX: and a sheet explaining each column)."""
    header = [column.name for column in columns()]
    guide = [
        [column.name, column.label, _("bắt buộc") if column.required else _("không bắt buộc"),
         ", ".join(column.aliases)]
        for column in columns()
    ]
    guide_sheet = (_("Hướng dẫn"), [_("Cột"), _("Tên cột"), _("Bắt buộc"), _("Tên khác được chấp nhận")], guide)
    return table_response(fmt, "mau-so-theo-doi-thu", header, [], _("Sổ theo dõi thu"), more=[guide_sheet])
