"""Background-job status: JSON for the progress bar (``/jobs/<id>``) and a page that works without JavaScript."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from enforcement.filters import role_label
from enforcement.models import Job
from enforcement.permissions import Permission, get_in_office, has_permission, require, roles_with
from enforcement.services import jobs
from enforcement.web.forms import DetectForm

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@bp.route("/<int:job_id>")
@require(Permission.CASE_READ)
def status(job_id: int) -> Response:
    """The job's status, progress (0–100) and result, as JSON."""
    job = get_in_office(Job, job_id)
    response = jsonify(jobs.state_of(job).to_dict())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:job_id>/view")
@require(Permission.CASE_READ)
def view(job_id: int) -> str:
    """The progress page: a bar that ``static/jobs.js`` keeps current, or a refresh link without JavaScript."""
    job = get_in_office(Job, job_id)
    state = jobs.state_of(job)
    # After an accepted import a supervisor is offered the next step: the arrears scan.
    accepted = state.status == "done" and (state.result or {}).get("status") == "accepted"
    may_scan = has_permission(current_user, Permission.DETECTION_RUN)
    detect_form = DetectForm() if accepted and may_scan else None
    # Others are told who runs it (an inspector imports, the supervisor scans).
    scan_by = ", ".join(role_label(r) for r in roles_with(Permission.DETECTION_RUN)).lower() if accepted else ""
    return render_template("jobs/view.html", job=job, state=state, detect_form=detect_form, scan_by=scan_by)
