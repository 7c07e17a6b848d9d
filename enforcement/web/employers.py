"""The employer's sanction history page (LR-SANCTIONS), reachable from each of its cases.

Everyone who works on cases reads it; legal staff enter decisions issued before
the system (with the signed PDF) and record what happened to a decision later
(receipt, compliance, payment, evasion of enforcement). The view parses the
form and calls ``services.sanctions``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from enforcement import clock
from enforcement.domain.sanctions import BEHAVIOUR_LABELS
from enforcement.errors import DomainError, ValidationFailed
from enforcement.extensions import db
from enforcement.models import Case, Employer, SanctionDecision
from enforcement.permissions import Permission, get_in_office, has_permission, require
from enforcement.services import sanctions
from enforcement.web.forms import SanctionEntryForm, SanctionUpdateForm, apply_errors, money_or_none

bp = Blueprint("employers", __name__, url_prefix="/employers")


def _page(employer: Employer, form: SanctionEntryForm | None = None, status: int = 200) -> tuple[str, int]:
    entries = sanctions.history(employer.id, clock.today())
    cases = db.session.scalars(db.select(Case).where(Case.employer_id == employer.id).order_by(Case.id)).all()
    may_edit = has_permission(current_user, Permission.SANCTION_EDIT)
    return render_template(
        "employers/sanctions.html",
        employer=employer,
        entries=entries,
        cases=cases,
        form=form or (SanctionEntryForm() if may_edit else None),
        update_form=SanctionUpdateForm() if may_edit else None,
        behaviour_labels=BEHAVIOUR_LABELS,
        today=clock.today(),
    ), status


@bp.route("/<int:employer_id>/sanctions")
@require(Permission.CASE_READ)
def sanctions_page(employer_id: int) -> tuple[str, int]:
    """Every penalty decision of the employer with its status (live / cleared and the day it clears)."""
    return _page(get_in_office(Employer, employer_id))


def _months(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").replace("\n", ",").split(",") if p.strip()]


@bp.route("/<int:employer_id>/sanctions", methods=["POST"])
@require(Permission.SANCTION_EDIT)
def enter_sanction(employer_id: int) -> Any:
    """Legal staff enter a decision issued before the system, with its signed PDF."""
    employer = get_in_office(Employer, employer_id)
    form = SanctionEntryForm()
    if not form.validate_on_submit():
        return _page(employer, form, 422)
    upload = request.files.get("document")
    data = upload.stream.read(current_app.config["MAX_EVIDENCE_BYTES"] + 1) if upload else b""
    try:
        row = sanctions.enter_manual(
            employer.id,
            current_user,
            document=(upload.filename if upload else None, data),
            number=form.number.data or "",
            decision_date=form.decision_date.data,
            signer=form.signer.data or "",
            form=form.penalty_form.data,
            behaviours=form.behaviours.data or [],
            articles=[line for line in (form.articles.data or "").splitlines() if line.strip()],
            conduct_months=_months(form.conduct_months.data or ""),
            fine_total=money_or_none(form.fine_total.data) or 0,
            received_on=form.received_on.data,
            compliance_days=form.compliance_days.data,
            complied_on=form.complied_on.data,
            fine_paid_on=form.fine_paid_on.data,
            note=form.note.data or "",
        )
    except ValidationFailed as exc:
        apply_errors(form, exc.details.get("errors"))
        flash(exc.message, "error")
        return _page(employer, form, 422)
    flash(_("Đã ghi Quyết định số %(n)s vào lịch sử xử phạt của đơn vị.", n=row.number), "success")
    return redirect(url_for("employers.sanctions_page", employer_id=employer.id))


@bp.route("/<int:employer_id>/sanctions/<int:decision_id>", methods=["POST"])
@require(Permission.SANCTION_EDIT)
def update_sanction(employer_id: int, decision_id: int) -> Any:
    """Record receipt, compliance, payment or evasion of enforcement of one decision."""
    row = get_in_office(SanctionDecision, decision_id)
    if row.employer_id != employer_id:
        abort(404)
    form = SanctionUpdateForm()
    target = url_for("employers.sanctions_page", employer_id=employer_id) + f"#decision-{row.id}"
    if not form.validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn hoặc thông tin chưa hợp lệ, vui lòng thử lại."), "error")
        return redirect(target)
    changes: dict[str, Any] = {
        name: getattr(form, name).data
        for name in ("received_on", "complied_on", "fine_paid_on", "enforcement_evaded_until")
        if getattr(form, name).data is not None
    }
    if form.fine_paid_amount.data:
        changes["fine_paid_amount"] = money_or_none(form.fine_paid_amount.data)
    if form.payment_receipt.data:
        changes["payment_receipt"] = form.payment_receipt.data
    if form.evading_enforcement.data:
        changes["evading_enforcement"] = True
    try:
        sanctions.update_from_form(row.id, current_user, **changes)
    except ValidationFailed as exc:
        messages = [m for ms in exc.details.get("errors", {}).values() for m in ms]
        flash("; ".join([exc.message, *messages]), "error")
    else:
        flash(_("Đã cập nhật quyết định số %(n)s.", n=row.number), "success")
    return redirect(target)


@bp.route("/<int:employer_id>/sanctions/<int:decision_id>/document")
@require(Permission.DOCUMENT_READ)
def sanction_document(employer_id: int, decision_id: int) -> Response:
    """The signed decision attached to a manual entry (SHA-256 checked)."""
    from enforcement.web.cases import _file

    row = get_in_office(SanctionDecision, decision_id)
    if row.employer_id != employer_id or row.document_sha256 is None:
        abort(404)
    try:
        data = sanctions.document_bytes(row)
    except DomainError:
        abort(409)
    return _file(data, row.document_mime or "application/pdf", row.document_name or "quyet-dinh.pdf",
                 request.args.get("download") == "1")
