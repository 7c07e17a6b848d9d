"""The user's notifications: the list (newest first), open one (marks it read), mark all read, e-mail address."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from enforcement.errors import ValidationFailed
from enforcement.services import notifications

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.route("/")
@login_required  # every user has their own notifications
def index() -> str:
    return render_template(
        "notifications/index.html",
        items=notifications.recent(current_user),
        form=FlaskForm(),
        mail=notifications.mail_configured(),
    )


@bp.route("/<int:notification_id>")
@login_required
def open_one(notification_id: int) -> Response:
    """Mark it read and go to its case (404 for another user's notification)."""
    item = notifications.open_one(current_user, notification_id)
    if item is None:
        abort(404)
    if item.case_id is None:
        return redirect(url_for("notifications.index"))
    return redirect(url_for("cases.show", case_id=item.case_id))


@bp.route("/read", methods=["POST"])
@login_required
def read_all() -> Response:
    if FlaskForm().validate_on_submit():
        notifications.mark_all_read(current_user)
    return redirect(url_for("notifications.index"))


@bp.route("/email", methods=["POST"])
@login_required
def email() -> Response:
    if not FlaskForm().validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn, vui lòng thử lại."), "error")
        return redirect(url_for("notifications.index"))
    try:
        address = notifications.set_email(current_user, request.form.get("email", "")[:300])
    except ValidationFailed as exc:
        flash("; ".join([exc.message, *[m for ms in exc.details.get("errors", {}).values() for m in ms]]), "error")
    else:
        flash(_("Thông báo sẽ được gửi đến %(a)s.", a=address) if address
              else _("Đã tắt gửi thông báo qua thư điện tử."), "success")
    return redirect(url_for("notifications.index"))
