"""Working conferences with employers (PRODUCT.md §10): plan, invite, letters, outcomes, minutes.

Reading needs ``case:read``; every change ``case:act``. Views parse the form,
call one service of ``services.conferences`` and go back to the conference
page with its message.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from enforcement import clock
from enforcement.errors import ValidationFailed
from enforcement.extensions import db
from enforcement.models import Conference, ConferenceDocument, Outcome, Signer
from enforcement.permissions import Permission, get_in_office, has_permission, require
from enforcement.services import conferences as service
from enforcement.web.args import ids_of

bp = Blueprint("conferences", __name__, url_prefix="/conferences")

STATUS_LABELS = {
    "planned": _l("Đã lập kế hoạch"),
    "invited": _l("Đã phát hành giấy mời"),
    "minutes_issued": _l("Đã phát hành biên bản"),
}


@bp.app_template_filter("conference_status")
def conference_status(value: Any) -> str:
    return str(STATUS_LABELS.get(str(value), value))


def _date(name: str) -> date | None:
    text = (request.form.get(name) or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2100 else None


def _flash_failure(exc: ValidationFailed) -> None:
    errors = exc.details.get("errors") or {}
    messages = [str(m) for msgs in errors.values() for m in msgs] or [exc.message]
    for message in messages:
        flash(message, "error")


@bp.route("/")
@require(Permission.CASE_READ)
def index() -> str:
    """The office's conferences, newest first, and the planning form."""
    conferences = db.session.scalars(
        sa.select(Conference).where(Conference.office_id == current_user.office_id)
        .order_by(Conference.held_on.desc(), Conference.id.desc()).limit(200)
    ).all()
    return render_template("conferences/index.html", conferences=conferences,
                           can_act=has_permission(current_user, Permission.CASE_ACT), today=clock.today())


@bp.route("/", methods=["POST"])
@require(Permission.CASE_ACT)
def create() -> BaseResponse:
    """Plan a conference."""
    form = request.form
    try:
        conference = service.plan(
            current_user.office, current_user, title=form.get("title", ""), held_on=_date("held_on"),
            held_at=form.get("held_at", ""), place=form.get("place", ""), chair_name=form.get("chair_name", ""),
            chair_title=form.get("chair_title", ""), secretary_name=form.get("secretary_name", ""),
        )
    except ValidationFailed as exc:
        _flash_failure(exc)
        return redirect(url_for("conferences.index"))
    flash(_("Đã lập kế hoạch hội nghị."), "info")
    return redirect(url_for("conferences.show", conference_id=conference.id))


@bp.route("/<int:conference_id>")
@require(Permission.CASE_READ)
def show(conference_id: int) -> str:
    """The conference: invitees and candidates, letters, the outcome table, the minutes."""
    conference = get_in_office(Conference, conference_id)
    district = (request.args.get("district") or "").strip() or None
    all_candidates = service.candidates(conference.office_id)
    invited = {i.tax_code for i in conference.invitees}
    candidates = [c for c in all_candidates if c.tax_code not in invited and (not district or c.district == district)]
    signers = db.session.scalars(
        sa.select(Signer).where(Signer.office_id == conference.office_id, Signer.active).order_by(Signer.id)
    ).all()
    documents = service.documents_of(conference)
    letters = {d.invitee_id: d for d in documents if d.kind == "invitation"}
    return render_template(
        "conferences/show.html",
        conference=conference,
        candidates=candidates,
        districts=sorted({c.district for c in all_candidates if c.district}),
        district=district,
        signers=signers,
        documents=documents,
        letters=letters,
        outcomes=list(Outcome),
        can_act=has_permission(current_user, Permission.CASE_ACT),
        today=clock.today(),
    )


def _conference_action(conference_id: int, action: Any, success: str) -> BaseResponse:
    conference = get_in_office(Conference, conference_id)
    try:
        result = action(conference)
    except ValidationFailed as exc:
        _flash_failure(exc)
    else:
        flash(success.format(result=result), "info")
    return redirect(url_for("conferences.show", conference_id=conference.id))


@bp.route("/<int:conference_id>/invite", methods=["POST"])
@require(Permission.CASE_ACT)
def invite(conference_id: int) -> BaseResponse:
    """Invite the employers ticked, or every candidate of the district chosen."""
    lead_ids = ids_of(request.form.getlist("lead_id")) or []
    case_ids = ids_of(request.form.getlist("case_id")) or []
    district = (request.form.get("district") or "").strip() or None
    return _conference_action(
        conference_id,
        lambda c: service.invite(c, current_user, lead_ids=lead_ids, case_ids=case_ids, district=district),
        _("Đã thêm {result} đơn vị vào danh sách mời."),
    )


@bp.route("/<int:conference_id>/addresses", methods=["POST"])
@require(Permission.CASE_ACT)
def addresses(conference_id: int) -> BaseResponse:
    """The invitees' addresses (for letters)."""
    values = {}
    for key, value in request.form.items():
        if key.startswith("address-"):
            ident = ids_of([key.removeprefix("address-")])
            if ident:
                values[ident[0]] = value
    return _conference_action(conference_id, lambda c: service.set_addresses(c, current_user, values),
                              _("Đã lưu địa chỉ."))


@bp.route("/<int:conference_id>/invitations", methods=["POST"])
@require(Permission.CASE_ACT)
def invitations(conference_id: int) -> BaseResponse:
    """Issue the invitation letters (numbered) and the merged print file."""
    signer = ids_of([request.form.get("signer_id", "")])
    return _conference_action(
        conference_id,
        lambda c: len(service.issue_invitations(c, current_user, signer_id=signer[0] if signer else None,
                                                issue_date=_date("issue_date") or clock.today())),
        _("Đã phát hành {result} giấy mời."),
    )


@bp.route("/<int:conference_id>/outcomes", methods=["POST"])
@require(Permission.CASE_ACT)
def outcomes(conference_id: int) -> BaseResponse:
    """The outcome table: one row per invitee."""
    rows = {}
    conference = get_in_office(Conference, conference_id)
    for invitee in conference.invitees:
        key = str(invitee.id)
        if f"outcome-{key}" not in request.form:
            continue
        rows[invitee.id] = service.OutcomeInput(
            request.form.get(f"outcome-{key}", ""), _date(f"due-{key}"),
            request.form.get(f"representative-{key}", ""), request.form.get(f"note-{key}", ""),
        )
    return _conference_action(conference_id, lambda c: service.record_outcomes(c, current_user, rows),
                              _("Đã ghi kết quả ({result} đơn vị thay đổi)."))


@bp.route("/<int:conference_id>/minutes", methods=["POST"])
@require(Permission.CASE_ACT)
def minutes(conference_id: int) -> BaseResponse:
    """Issue the minutes; refusals and absences become cases."""
    return _conference_action(
        conference_id,
        lambda c: service.issue_minutes(c, current_user, issue_date=_date("issue_date") or clock.today()).number_text,
        _("Đã phát hành biên bản hội nghị số {result}."),
    )


@bp.route("/follow-up", methods=["POST"])
@require(Permission.CASE_ACT)
def follow_up() -> BaseResponse:
    """Check the commitments whose date has passed: each broken one opens (or continues) a case."""
    count = service.follow_up(current_user.office_id, current_user)
    flash(ngettext("Đã kiểm tra cam kết quá hạn: %(num)d hồ sơ được mở hoặc tiếp tục.",
                   "Đã kiểm tra cam kết quá hạn: %(num)d hồ sơ được mở hoặc tiếp tục.", count), "info")
    return redirect(request.referrer or url_for("conferences.index"))


@bp.route("/documents/<int:conference_document_id>.pdf")
@require(Permission.DOCUMENT_READ)
def document(conference_document_id: int) -> Response:
    """An invitation, the merged print file or the minutes (SHA-256 checked)."""
    doc = get_in_office(ConferenceDocument, conference_document_id)
    response = Response(service.verified_pdf(doc), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename=hoi-nghi-{doc.conference_id}-{doc.id}.pdf"
    return response
