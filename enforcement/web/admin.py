"""Administration pages: users, office settings (names, signers, number symbols), legal parameters, calendar days."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from enforcement import clock
from enforcement.db import utc_now
from enforcement.filters import date_vi
from enforcement.models import Role, Signer, User
from enforcement.permissions import Permission, get_in_office, require
from enforcement.services import admin
from enforcement.services.legal_params import add_param, current_params
from enforcement.services.users import create_user, unlock
from enforcement.web.args import MAX_YEAR, MIN_YEAR, bounded_int, date_arg
from enforcement.web.forms import (
    CalendarForm,
    CsrfForm,
    FineAccountForm,
    LegalParamForm,
    NameForm,
    NewOfficeForm,
    OfficeForm,
    PasswordForm,
    RoleForm,
    SignerForm,
    SigningForm,
    UserForm,
    money_or_none,
)
from enforcement.web.labels import day_label
from enforcement.web.outcomes import flash_errors, on_domain_error

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _to_users(**_kwargs: Any) -> Response:
    return redirect(url_for("admin.users"))


# --------------------------------------------------------------------------- users


def _users_page(form: UserForm, status: int = 200) -> tuple[str, int]:
    return render_template(
        "admin/users.html",
        users=admin.users_of(current_user.office_id),
        form=form,
        password_form=PasswordForm(formdata=None),
        role_form=RoleForm(formdata=None),
        action_form=CsrfForm(formdata=None),
        roles=list(Role),
        now_utc=utc_now(),
    ), status


@bp.route("/users", methods=["GET", "POST"])
@require(Permission.ADMIN_USERS)
def users() -> Any:
    form = UserForm()
    if request.method == "GET":
        return _users_page(form)
    if not form.validate_on_submit():
        return _users_page(form, 422)
    with flash_errors(form) as failure:
        user = create_user(username=form.username.data, full_name=form.full_name.data, password=form.password.data,
                           role=Role(form.role.data), office=current_user.office)
    if failure:
        return _users_page(form, failure.status)
    flash(_("Đã tạo người dùng %(u)s.", u=user.username), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@require(Permission.ADMIN_USERS)
@on_domain_error(_to_users)
def set_active(user_id: int) -> Response:
    user = get_in_office(User, user_id)
    form = CsrfForm()
    if form.validate_on_submit():
        active = request.form.get("active") == "1"
        admin.set_active(user.id, active, current_user)
        flash(_("Đã mở khóa tài khoản %(u)s.", u=user.username) if active
              else _("Đã khóa tài khoản %(u)s.", u=user.username), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@require(Permission.ADMIN_USERS)
@on_domain_error(_to_users)
def reset_password(user_id: int) -> Response:
    user = get_in_office(User, user_id)
    form = PasswordForm()
    if not form.validate_on_submit():
        flash(_("Phải nhập mật khẩu mới."), "error")
        return redirect(url_for("admin.users"))
    admin.reset_password(user.id, form.password.data, current_user)
    flash(_("Đã đặt lại mật khẩu cho %(u)s.", u=user.username), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
@require(Permission.ADMIN_USERS)
@on_domain_error(_to_users)
def unlock_user(user_id: int) -> Response:
    """Lift a login lockout (the account's and every address's count); never one's own (a second admin does)."""
    user = get_in_office(User, user_id)
    if CsrfForm().validate_on_submit():
        unlock(user, current_user)
        flash(_("Đã mở khóa đăng nhập cho %(u)s.", u=user.username), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@require(Permission.ADMIN_USERS)
@on_domain_error(_to_users)
def change_role(user_id: int) -> Response:
    user = get_in_office(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        admin.change_role(user.id, form.role.data, current_user)
        flash(_("Đã đổi vai trò của %(u)s.", u=user.username), "success")
    return redirect(url_for("admin.users"))


# --------------------------------------------------------------------------- office


def _office_page(**forms: Any) -> tuple[str, int]:
    office = current_user.office
    settings = office.settings or {}
    status = forms.pop("status", 200)
    context = {
        "office": office,
        "office_form": forms.get("office_form") or OfficeForm(formdata=None, obj=office),
        "name_form": forms.get("name_form") or NameForm(formdata=None),
        "signer_form": forms.get("signer_form") or SignerForm(formdata=None),
        "signing_form": forms.get("signing_form") or SigningForm(formdata=None, data=settings.get("signing") or {}),
        "signing": settings.get("signing") or {},
        "signing_check": admin.signing_status(office),
        "fine_form": forms.get("fine_form") or FineAccountForm(formdata=None,
                                                               fine_account=settings.get("fine_account", "")),
        "changed": admin.changes_of(office),
        "symbols": admin.symbols_of(office),
        "symbol_errors": forms.get("symbol_errors", {}),
        "action_form": CsrfForm(formdata=None),
        "names": settings.get("names", []),
    }
    return render_template("admin/office.html", **context), status


def _office_post(slot: str, form: Any, save: Callable[[], Any], done: str, anchor: str | None = None) -> Any:
    """One form of the office page: checked, saved by ``save``; on a problem the page again with the form."""
    if not form.validate_on_submit():
        return _office_page(**{slot: form}, status=422)
    with flash_errors(form) as failure:
        save()
    if failure:
        return _office_page(**{slot: form}, status=failure.status)
    flash(done, "success")
    return redirect(url_for("admin.office", _anchor=anchor))


@bp.route("/office", methods=["GET", "POST"])
@require(Permission.ADMIN_OFFICE)
def office() -> Any:
    if request.method == "GET":
        return _office_page()
    form = OfficeForm()
    return _office_post("office_form", form, lambda: admin.update_office(
        current_user.office_id, name=form.name.data, place_name=form.place_name.data,
        address=form.address.data or "", phone=form.phone.data or "", parent_name=form.parent_name.data,
    ), _("Đã lưu thông tin cơ quan."))


@bp.route("/office/names", methods=["POST"])
@require(Permission.ADMIN_OFFICE)
def add_name() -> Any:
    form = NameForm()
    return _office_post("name_form", form, lambda: admin.add_dated_name(
        current_user.office_id, form.name.data, form.valid_from.data,
    ), _("Đã thêm tên cơ quan theo thời gian."))


@bp.route("/office/names/delete", methods=["POST"])
@require(Permission.ADMIN_OFFICE)
def remove_name() -> Response:
    if CsrfForm().validate_on_submit():
        admin.remove_dated_name(current_user.office_id, request.form.get("valid_from", ""))
        flash(_("Đã xóa tên cơ quan theo thời gian."), "success")
    return redirect(url_for("admin.office"))


@bp.route("/office/symbols", methods=["POST"])
@require(Permission.ADMIN_OFFICE)
def symbols() -> Any:
    if not CsrfForm().validate_on_submit():
        flash(_("Phiên làm việc đã hết hạn, vui lòng thử lại."), "error")
        return redirect(url_for("admin.office"))
    values = {key.removeprefix("symbol_"): value for key, value in request.form.items() if key.startswith("symbol_")}
    with flash_errors(details=False) as failure:
        admin.set_symbols(current_user.office_id, values)
    if failure:
        return _office_page(symbol_errors=failure.error.details.get("errors", {}), status=failure.status)
    flash(_("Đã lưu ký hiệu văn bản của sổ đăng ký."), "success")
    return redirect(url_for("admin.office"))


@bp.route("/office/signing", methods=["POST"])
@require(Permission.ADMIN_OFFICE)
def signing() -> Any:
    """The digital signature: the PKCS#12 file and the NAME of the variable holding its password (both empty: off)."""
    form = SigningForm()
    if not form.validate_on_submit():
        return _office_page(signing_form=form, status=422)
    with flash_errors(form) as failure:
        office = admin.set_signing(current_user.office_id, pkcs12_path=form.pkcs12_path.data,
                                   password_env=form.password_env.data, location=form.location.data,
                                   reason=form.reason.data, actor=current_user)
    if failure:
        if not admin.is_env_name(form.password_env.data):
            form.password_env.data = ""  # not a variable's name, perhaps the password itself: never sent back
        return _office_page(signing_form=form, status=failure.status)
    flash(_("Đã lưu cấu hình ký số: văn bản ban hành từ nay được ký số.") if (office.settings or {}).get("signing")
          else _("Đã tắt ký số: văn bản ban hành từ nay không có chữ ký số."), "success")
    return redirect(url_for("admin.office", _anchor="signing"))


@bp.route("/office/fine-account", methods=["POST"])
@require(Permission.ADMIN_OFFICE)
def fine_account() -> Any:
    """The State Treasury account printed on penalty decisions."""
    form = FineAccountForm()
    return _office_post("fine_form", form, lambda: admin.set_fine_account(
        current_user.office_id, form.fine_account.data, current_user,
    ), _("Đã lưu tài khoản nộp tiền phạt."), anchor="fine-account")


def _signer_values(form: SignerForm) -> dict[str, Any]:
    return {
        "full_name": form.full_name.data,
        "title": form.title.data,
        "is_deputy": bool(form.is_deputy.data),
        "cap_person": money_or_none(form.fine_cap_person.data),
        "cap_organisation": money_or_none(form.fine_cap_organisation.data),
        "competence_basis": form.competence_basis.data or "",
        "competence_title": form.competence_title.data or "",
        "delegation_number": form.delegation_number.data or "",
        "delegation_date": form.delegation_date.data,
    }


@bp.route("/signers", methods=["POST"])
@require(Permission.ADMIN_OFFICE)
def add_signer() -> Any:
    form = SignerForm()
    return _office_post("signer_form", form, lambda: admin.add_signer(current_user.office_id, **_signer_values(form)),
                        _("Đã thêm người ký."))


@bp.route("/signers/<int:signer_id>", methods=["GET", "POST"])
@require(Permission.ADMIN_OFFICE)
def signer(signer_id: int) -> Any:
    item = get_in_office(Signer, signer_id)
    form = SignerForm(obj=item) if request.method == "GET" else SignerForm()
    if request.method == "GET":
        form.fine_cap_person.data = str(item.fine_cap_person or "")
        form.fine_cap_organisation.data = str(item.fine_cap_organisation or "")
        return render_template("admin/signer.html", signer=item, form=form)
    if form.validate_on_submit():
        with flash_errors(form) as failure:
            admin.update_signer(item.id, current_user.office_id, active=bool(form.active.data), **_signer_values(form))
        if not failure:
            flash(_("Đã lưu người ký %(n)s.", n=item.full_name), "success")
            return redirect(url_for("admin.office"))
    return render_template("admin/signer.html", signer=item, form=form), 422


# --------------------------------------------------------------------------- new offices


def _offices_page(form: NewOfficeForm, status: int = 200) -> tuple[str, int]:
    return render_template("admin/offices.html", offices=admin.offices(), form=form), status


@bp.route("/offices", methods=["GET", "POST"])
@require(Permission.ADMIN_OFFICE)
def offices() -> Any:
    """The offices (code, name) and the form creating one with its settings, first signer and administrator."""
    form = NewOfficeForm()
    if request.method == "GET":
        return _offices_page(form)
    if not form.validate_on_submit():
        return _offices_page(form, 422)
    with flash_errors(form) as failure:
        office = admin.create_office(
            code=form.code.data, name=form.name.data, province=form.province.data, place_name=form.place_name.data,
            parent_name=form.parent_name.data, address=form.address.data or "", phone=form.phone.data or "",
            fine_account=form.fine_account.data or "",
            signer=admin.FirstSigner(form.signer_full_name.data, form.signer_title.data,
                                     bool(form.signer_is_deputy.data), money_or_none(form.signer_fine_cap_person.data),
                                     money_or_none(form.signer_fine_cap_organisation.data),
                                     form.signer_competence_basis.data or ""),
            first_admin=admin.FirstAdmin(form.admin_username.data, form.admin_full_name.data,
                                         form.admin_password.data),
            actor=current_user,
        )
    if failure:
        form.admin_password.data = ""
        return _offices_page(form, failure.status)
    flash(_("Đã tạo cơ quan %(code)s — %(name)s với quản trị viên %(user)s. Quản trị viên của cơ quan mới đăng nhập "
            "để tạo người dùng và hoàn thiện cấu hình (tên theo thời gian, ký hiệu văn bản, chữ ký số).",
            code=office.code, name=office.name, user=form.admin_username.data.strip().lower()), "success")
    return redirect(url_for("admin.offices"))


# --------------------------------------------------------------------------- legal parameters, calendar


@bp.route("/legal-params", methods=["GET", "POST"])
@require(Permission.ADMIN_LEGAL_PARAMS)
def legal_params() -> Any:
    """The parameters in force on a date (defaults and added rows); add a dated row (never edit or delete)."""
    form = LegalParamForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            with flash_errors(form) as failure:
                add_param(key=form.key.data, value_text=form.value.data, valid_from=form.valid_from.data,
                          valid_to=form.valid_to.data, source=form.source.data, confidence=form.confidence.data,
                          actor=current_user)
            status = failure.status
            if not failure:
                flash(_("Đã thêm giá trị mới của tham số %(k)s.", k=form.key.data), "success")
                return redirect(url_for("admin.legal_params", on=form.valid_from.data.isoformat()))
        else:
            status = 422
    on = date_arg("on") or clock.today()
    rows = current_params().in_force(on)
    return render_template("admin/legal_params.html", rows=rows, on=on, form=form), status


@bp.route("/calendar", methods=["GET", "POST"])
@require(Permission.ADMIN_LEGAL_PARAMS)
def calendar() -> Any:
    """Compensatory days off and swapped working days used by the deadline calendar."""
    form = CalendarForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            with flash_errors(form) as failure:
                admin.add_calendar_day(form.day.data, form.kind.data, form.note.data or "", current_user)
            status = failure.status
            if not failure:
                flash(_("Đã thêm ngày vào lịch làm việc."), "success")
                return redirect(url_for("admin.calendar", year=form.day.data.year))
        else:
            status = 422
    year = bounded_int(request.args.get("year"), minimum=MIN_YEAR, maximum=MAX_YEAR) or clock.today().year
    return render_template("admin/calendar.html", days=admin.calendar_days(year), year=year, form=form,
                           action_form=CsrfForm(formdata=None)), status


@bp.route("/calendar/<int:day_id>/delete", methods=["POST"])
@require(Permission.ADMIN_LEGAL_PARAMS)
@on_domain_error(lambda **_kwargs: redirect(url_for("admin.calendar")))
def remove_day(day_id: int) -> Response:
    if CsrfForm().validate_on_submit():
        removed = admin.remove_calendar_day(day_id, current_user)
        flash(_("Đã xóa ngày %(day)s (%(kind)s) khỏi lịch làm việc chung của mọi cơ quan.",
                day=date_vi(removed["day"]), kind=day_label(removed["kind"])), "success")
        return redirect(url_for("admin.calendar", year=removed["day"].year))
    return redirect(url_for("admin.calendar"))
