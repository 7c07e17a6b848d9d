"""Administration: a new office; an office's users, settings, signers, number-register symbols; calendar days.

Each function is one transaction and checks its input, raising
``ValidationFailed`` with Vietnamese messages per field.  An admin acts only
on the records of their own office (``NotFound`` otherwise) and cannot lock
themselves out (deactivate or demote their own account).  Calendar days are
national (LR-DEADLINES), not per office.

There is no audit table for administration (the hash-chained timeline is per
case): the signing certificate and the fine account keep who changed them last
and when in ``settings["changed"]``, and every such change, like every deletion
of a calendar day, is written to the application log (logger ``enforcement.admin``).
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from enforcement.db import utc_now
from enforcement.errors import NotFound, ValidationFailed
from enforcement.extensions import db
from enforcement.legal_bases import KINDS
from enforcement.models import CalendarDay, DayKind, Office, Role, Signer, User
from enforcement.pdf.signing import SigningCheck, check_signing
from enforcement.services import unit_of_work
from enforcement.services.users import end_sessions_and_tokens, hash_password, password_problems
from enforcement.workflow import DocKind

_SYMBOL = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ./-]{1,30}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
CERTIFICATE_SUFFIXES = (".p12", ".pfx")
MAX_FINE_ACCOUNT = 300
MAX_FINE_CAP = 10**15  # đồng: far above any fine a signer may impose, far below the BIGINT column's limit
_OFFICE_CODE = re.compile(r"^[A-Z0-9]{2,20}$")
DEFAULT_PARENT = "BẢO HIỂM XÃ HỘI VIỆT NAM"
OFFICE_LIMITS = {"code": 20, "name": 200, "province": 100, "place_name": 100, "address": 300, "phone": 50,
                 "parent_name": 200}


log = logging.getLogger("enforcement.admin")


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()


def _user_of_office(user_id: int, actor: User) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.office_id != actor.office_id:
        raise NotFound(_("Không tìm thấy người dùng."))
    return user


# --------------------------------------------------------------------------- users


def users_of(office_id: int) -> list[User]:
    query = db.select(User).where(User.office_id == office_id).order_by(User.role, User.username)
    return list(db.session.scalars(query))


def set_active(user_id: int, active: bool, actor: User) -> User:
    """Activate or deactivate a user (a deactivated user cannot log in).

    Either change ends every session and revokes every API token of the user, so a
    reactivated user starts afresh: nothing from before the deactivation works again.
    """
    with unit_of_work():
        user = _user_of_office(user_id, actor)
        if user.id == actor.id and not active:
            raise ValidationFailed(_("Không thể tự khóa tài khoản của mình."), errors={"active": [_("Không hợp lệ.")]})
        if user.active != active:
            end_sessions_and_tokens(user)  # deactivation ends them; reactivation never revives them
        user.active = active
        if active:
            user.failed_logins = 0
            user.locked_until = None
    return user


def reset_password(user_id: int, password: str, actor: User) -> User:
    """Give a user a new password (policy checked), end their sessions, revoke their tokens, lift any lockout."""
    if problems := password_problems(password):
        raise ValidationFailed(_("Mật khẩu mới chưa đạt yêu cầu."), errors={"password": problems})
    with unit_of_work():
        user = _user_of_office(user_id, actor)
        user.password_hash = hash_password(password)
        end_sessions_and_tokens(user)
        user.failed_logins = 0
        user.locked_until = None
    return user


def change_role(user_id: int, role: str, actor: User) -> User:
    """Change a user's role; an admin cannot give up their own admin role."""
    try:
        new_role = Role(role)
    except ValueError:
        raise ValidationFailed(_("Vai trò không hợp lệ."), errors={"role": [_("Vai trò không hợp lệ.")]}) from None
    with unit_of_work():
        user = _user_of_office(user_id, actor)
        if user.id == actor.id and new_role != Role.ADMIN:
            raise ValidationFailed(
                _("Không thể tự bỏ vai trò quản trị của mình."), errors={"role": [_("Không hợp lệ.")]}
            )
        user.role = new_role
    return user


# --------------------------------------------------------------------------- office


def update_office(office_id: int, *, name: str, place_name: str, address: str, phone: str,
                  parent_name: str) -> Office:
    """Change the office's name and contact details (documents already issued keep theirs)."""
    values = {
        "name": _text(name),
        "place_name": _text(place_name),
        "address": _text(address),
        "phone": _text(phone),
        "parent_name": _text(parent_name),
    }
    errors = {k: [_("Không được để trống.")] for k in ("name", "place_name", "parent_name") if not values[k]}
    limits = {"name": 200, "place_name": 100, "address": 300, "phone": 50, "parent_name": 200}
    for key, limit in limits.items():
        if len(values[key]) > limit:
            errors.setdefault(key, []).append(_("Tối đa %(n)d ký tự.", n=limit))
    if errors:
        raise ValidationFailed(_("Thông tin cơ quan chưa hợp lệ."), errors=errors)
    with unit_of_work():
        office = db.session.get(Office, office_id)
        for key, value in values.items():
            setattr(office, key, value)
    return office


def add_dated_name(office_id: int, name: str, valid_from: date | None) -> Office:
    """Record the office's name in force from a date (documents print the name of their issue date)."""
    name = _text(name)
    errors: dict[str, list[str]] = {}
    if not name or len(name) > 200:
        errors["name"] = [_("Tên phải từ 1 đến 200 ký tự.")]
    if valid_from is None:
        errors["valid_from"] = [_("Phải có ngày bắt đầu dùng tên.")]
    if errors:
        raise ValidationFailed(_("Không thêm được tên cơ quan."), errors=errors)
    with unit_of_work():
        office = db.session.get(Office, office_id)
        settings = dict(office.settings or {})
        names = [n for n in settings.get("names", []) if n.get("from") != valid_from.isoformat()]
        names.append({"name": name, "from": valid_from.isoformat()})
        settings["names"] = sorted(names, key=lambda n: n["from"])
        office.settings = settings
    return office


def remove_dated_name(office_id: int, valid_from: str) -> Office:
    with unit_of_work():
        office = db.session.get(Office, office_id)
        settings = dict(office.settings or {})
        settings["names"] = [n for n in settings.get("names", []) if n.get("from") != valid_from]
        office.settings = settings
    return office


def symbols_of(office: Office) -> list[dict[str, Any]]:
    """Every numbered document kind with its default and the office's symbol."""
    own = (office.settings or {}).get("symbols", {})
    return [
        {"kind": kind.value, "title": KINDS[kind].title, "default": KINDS[kind].symbol or "",
         "symbol": own.get(kind.value, "")}
        for kind in DocKind
        if KINDS[kind].register is not None
    ]


def clean_symbols(symbols: dict[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The number symbols per document kind that are set, and the errors per kind."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for kind in DocKind:
        value = _text(symbols.get(kind.value, ""))
        if not value:
            continue
        if not _SYMBOL.match(value):
            errors[kind.value] = [_("Ký hiệu chỉ gồm chữ, số và các dấu - . / (tối đa 30 ký tự).")]
        clean[kind.value] = value
    return clean, errors


def set_symbols(office_id: int, symbols: dict[str, str]) -> Office:
    """Set the number symbols per document kind (empty = the default symbol)."""
    clean, errors = clean_symbols(symbols)
    if errors:
        raise ValidationFailed(_("Ký hiệu văn bản chưa hợp lệ."), errors=errors)
    with unit_of_work():
        office = db.session.get(Office, office_id)
        settings = dict(office.settings or {})
        settings["symbols"] = clean
        office.settings = settings
    return office


def _set_setting(office_id: int, key: str, value: Any, actor: User) -> Office:
    """Set (or, when ``value`` is empty, remove) ``settings[key]``; note who changed it and when, and log it."""
    with unit_of_work():
        office = db.session.get(Office, office_id)
        settings = dict(office.settings or {})
        if value:
            settings[key] = value
        else:
            settings.pop(key, None)
        changed = dict(settings.get("changed") or {})
        changed[key] = {"by": actor.id, "name": actor.full_name, "at": utc_now().isoformat(timespec="seconds")}
        settings["changed"] = changed
        office.settings = settings
    log.info("office %s: settings[%r] %s by user %s", office.code, key, "set" if value else "removed", actor.id)
    return office


def changes_of(office: Office) -> dict[str, dict[str, Any]]:
    """Who last changed each recorded setting, and when: ``{"signing": {"by": 3, "name": "…", "at": datetime}}``."""
    out = {}
    for key, change in ((office.settings or {}).get("changed") or {}).items():
        try:
            at = datetime.fromisoformat(str(change.get("at")))
        except ValueError:
            at = None
        out[key] = {**change, "at": at}
    return out


def is_env_name(text: Any) -> bool:
    """Whether ``text`` can be the name of an environment variable (a password typed by mistake usually cannot)."""
    return bool(_ENV_NAME.match(_text(text)))


def signing_status(office: Office) -> SigningCheck | None:
    """Whether the office's signing settings can sign now; None when documents are not signed."""
    signing = (office.settings or {}).get("signing")
    return check_signing(signing) if signing else None


def set_signing(office_id: int, *, pkcs12_path: str, password_env: str, location: str, reason: str,
                actor: User) -> Office:
    """Set the office's signing certificate (``settings["signing"]``); with no path and no variable, remove it.

    Only the PKCS#12 file's path and the NAME of the environment variable that holds its
    password are stored, never a password.  The settings must sign now: the file must
    exist, the variable be set and the file open with it, since every document issued
    afterwards is signed with them (and none could be issued otherwise).

    :raises ValidationFailed: a path that is not an absolute ``.p12``/``.pfx`` path, a
        variable name that is not one, or settings that cannot sign.
    """
    values = {"pkcs12_path": _text(pkcs12_path), "password_env": _text(password_env),
              "location": _text(location), "reason": _text(reason)}
    if not values["pkcs12_path"] and not values["password_env"]:
        return _set_setting(office_id, "signing", None, actor)
    errors = _signing_shape_errors(values)
    if not errors:
        errors = _signing_check_errors(values)
    if errors:
        raise ValidationFailed(_("Chưa lưu được cấu hình ký số."), errors=errors)
    return _set_setting(office_id, "signing", {k: v for k, v in values.items() if v}, actor)


def _signing_shape_errors(values: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    path = values["pkcs12_path"]
    if not path:
        errors["pkcs12_path"] = [_("Phải ghi đường dẫn tệp chứng thư số.")]
    elif len(path) > 500 or not os.path.isabs(path) or not path.lower().endswith(CERTIFICATE_SUFFIXES):
        errors["pkcs12_path"] = [_("Ghi đường dẫn tuyệt đối đến tệp .p12 hoặc .pfx trên máy chủ (tối đa 500 ký tự).")]
    if not _ENV_NAME.match(values["password_env"]):
        errors["password_env"] = [_("Ghi TÊN biến môi trường (chữ không dấu, số, dấu gạch dưới, ví dụ "
                                    "ENFORCEMENT_P12_PASSWORD), không ghi mật khẩu.")]
    for key in ("location", "reason"):
        if len(values[key]) > 200:
            errors[key] = [_("Tối đa %(n)d ký tự.", n=200)]
    return errors


def _signing_check_errors(values: dict[str, str]) -> dict[str, list[str]]:
    check = check_signing(values)
    errors: dict[str, list[str]] = {}
    if not check.file_exists:
        errors["pkcs12_path"] = [_("Không tìm thấy tệp này trên máy chủ.")]
    if not check.variable_set:
        name = values["password_env"]
        errors["password_env"] = [_("Biến môi trường %(name)s chưa được đặt trên máy chủ.", name=name)]
    if check.file_exists and check.variable_set and not check.opens:
        errors["pkcs12_path"] = [_("Không mở được tệp chứng thư số với mật khẩu trong biến môi trường: %(why)s",
                                   why=check.problem)]
    return errors


def fine_account_value(account: Any) -> tuple[str, str | None]:
    """The account on one line, and what is wrong with it (None when it may be saved; empty removes it)."""
    value = " ".join(_text(account).split())  # one line
    if len(value) > MAX_FINE_ACCOUNT:
        return value, _("Tối đa %(n)d ký tự.", n=MAX_FINE_ACCOUNT)
    if value and not any(c in "0123456789" for c in value):
        return value, _("Phải có số tài khoản.")
    return value, None


def set_fine_account(office_id: int, account: str, actor: User) -> Office:
    """The State Treasury account fines are paid into (``settings["fine_account"]``, printed on penalty
    decisions: "… nộp vào <account> trong thời hạn …"); empty removes it (the decision prints a blank to fill in).

    :raises ValidationFailed: more than 300 characters, or no account number in it.
    """
    value, problem = fine_account_value(account)
    if problem is None:
        return _set_setting(office_id, "fine_account", value, actor)
    raise ValidationFailed(_("Tài khoản nộp tiền phạt chưa hợp lệ."), errors={"fine_account": [problem]})


# --------------------------------------------------------------------------- a new office


@dataclass(frozen=True)
class FirstSigner:
    """The person who signs a new office's documents (more are added on its office page)."""

    full_name: str
    title: str
    is_deputy: bool = False
    cap_person: int | None = None
    cap_organisation: int | None = None
    competence_basis: str = ""


@dataclass(frozen=True)
class FirstAdmin:
    """The new office's first administrator (who then creates its other users)."""

    username: str
    full_name: str
    password: str


def offices() -> list[Office]:
    """Every office, by code (codes and names are public: a new office's code must not clash)."""
    return list(db.session.scalars(db.select(Office).order_by(Office.code)))


def _office_errors(values: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not _OFFICE_CODE.match(values["code"]):
        errors["code"] = [_("Mã cơ quan gồm 2–20 chữ in hoa không dấu hoặc số, ví dụ HN, HCM, 79.")]
    elif db.session.scalar(db.select(Office.id).where(Office.code == values["code"])):
        errors["code"] = [_("Đã có cơ quan mã %(code)s.", code=values["code"])]
    for key in ("name", "province", "place_name", "parent_name"):
        if not values[key]:
            errors[key] = [_("Không được để trống.")]
    for key, limit in OFFICE_LIMITS.items():
        if len(values[key]) > limit:
            errors.setdefault(key, []).append(_("Tối đa %(n)d ký tự.", n=limit))
    return errors


def _first_admin_errors(first_admin: FirstAdmin) -> dict[str, list[str]]:
    from enforcement.services.users import username_problems

    errors: dict[str, list[str]] = {}
    if problems := username_problems(first_admin.username.strip().lower()):
        errors["admin_username"] = problems
    if not _text(first_admin.full_name) or len(_text(first_admin.full_name)) > 200:
        errors["admin_full_name"] = [_("Họ tên phải từ 1 đến 200 ký tự.")]
    if problems := password_problems(first_admin.password):
        errors["admin_password"] = problems
    return errors


def create_office(*, code: str, name: str, province: str, place_name: str, parent_name: str = DEFAULT_PARENT,
                  address: str = "", phone: str = "", fine_account: str = "", symbols: dict[str, str] | None = None,
                  signer: FirstSigner | None = None, first_admin: FirstAdmin | None = None,
                  signing: dict[str, str] | None = None, actor: User | None = None) -> Office:
    """Create an office with the settings of the README, in one transaction (all or nothing).

    The office's name and contact details; the State Treasury account printed on penalty
    decisions (``fine_account``); number symbols per document kind (``symbols``, empty: the
    defaults); a first signer with their fine caps and competence basis; a PKCS#12 signing
    certificate (``signing``: ``pkcs12_path``, ``password_env``, optional ``location`` and
    ``reason``, checked to sign now); and the office's first administrator. Dated names and
    further signers and users are added afterwards by that administrator.

    :param actor: the admin who creates it (``None``: the operator at the command line).
    :raises ValidationFailed: every problem at once, per field (``signer_*``, ``admin_*`` for the
        signer and the administrator, a document kind for a symbol).
    """
    values = {"code": _text(code).upper(), "name": _text(name), "province": _text(province),
              "place_name": _text(place_name), "parent_name": _text(parent_name), "address": _text(address),
              "phone": _text(phone)}
    errors = _office_errors(values)
    account, problem = fine_account_value(fine_account)
    if problem:
        errors["fine_account"] = [problem]
    clean, symbol_errors = clean_symbols(symbols or {})
    errors.update(symbol_errors)
    signer_values: dict[str, Any] = {}
    if signer is not None:
        try:
            signer_values = _signer_values(signer.full_name, signer.title, signer.cap_person, signer.cap_organisation,
                                           signer.competence_basis)
        except ValidationFailed as failed:
            errors.update({f"signer_{k}": v for k, v in failed.details["errors"].items()})
    if first_admin is not None:
        errors.update(_first_admin_errors(first_admin))
    signing_values = None
    if signing:
        signing_values = {k: _text(signing.get(k)) for k in ("pkcs12_path", "password_env", "location", "reason")}
        signing_errors = _signing_shape_errors(signing_values) or _signing_check_errors(signing_values)
        errors.update(signing_errors)
    if errors:
        raise ValidationFailed(_("Chưa tạo được cơ quan."), errors=errors)
    now = utc_now().isoformat(timespec="seconds")
    who = {"by": actor.id if actor else None, "name": actor.full_name if actor else "flask create-office", "at": now}
    settings: dict[str, Any] = {}
    if account:
        settings["fine_account"] = account
    if clean:
        settings["symbols"] = clean
    if signing_values:
        settings["signing"] = {k: v for k, v in signing_values.items() if v}
    if account or signing_values:
        settings["changed"] = {key: who for key in ("fine_account", "signing") if key in settings}
    with unit_of_work() as session:
        office = Office(**values, settings=settings)
        session.add(office)
        session.flush()
        if signer is not None:
            session.add(Signer(office_id=office.id, is_deputy=signer.is_deputy, **signer_values))
        if first_admin is not None:
            session.add(User(username=first_admin.username.strip().lower(), full_name=_text(first_admin.full_name),
                             password_hash=hash_password(first_admin.password), role=Role.ADMIN,
                             office_id=office.id))
    log.info("office %s (%s) created by %s", office.code, office.name,
             f"user {actor.id} of office {actor.office_id}" if actor else "the command line")
    return office


# --------------------------------------------------------------------------- signers


def fine_cap_too_large() -> str:
    """The field error of a fine cap above ``MAX_FINE_CAP`` (the form and the service say the same)."""
    return _("Mức phạt tối đa không được vượt quá 1.000.000.000.000.000 đồng (10^15).")


COMPETENCE_TITLES = ("bhxh_province_director", "vss_inspection_team_head", "vss_director_general")
"""LR-COMPETENCE: the ids of the competence table (Decree 283/2026 Art. 57) a signer may exercise."""


def _signer_values(full_name: str, title: str, cap_person: int | None, cap_organisation: int | None,
                   competence_basis: str, competence_title: str = "", delegation_number: str = "",
                   delegation_date: date | None = None) -> dict[str, Any]:
    values = {
        "full_name": _text(full_name),
        "title": _text(title),
        "fine_cap_person": cap_person,
        "fine_cap_organisation": cap_organisation,
        "competence_basis": _text(competence_basis),
        "competence_title": _text(competence_title),
        "delegation_number": _text(delegation_number),
        "delegation_date": delegation_date,
    }
    errors: dict[str, list[str]] = {}
    if values["competence_title"] and values["competence_title"] not in COMPETENCE_TITLES:
        errors["competence_title"] = [_("Chức danh có thẩm quyền không hợp lệ.")]
    if len(values["delegation_number"]) > 100:
        errors["delegation_number"] = [_("Số quyết định giao quyền tối đa 100 ký tự.")]
    if bool(values["delegation_number"]) != bool(delegation_date):
        key = "delegation_date" if values["delegation_number"] else "delegation_number"
        errors[key] = [_("Quyết định giao quyền xử phạt phải có cả số và ngày.")]
    if not values["full_name"] or len(values["full_name"]) > 200:
        errors["full_name"] = [_("Họ tên phải từ 1 đến 200 ký tự.")]
    if not values["title"] or len(values["title"]) > 100:
        errors["title"] = [_("Chức vụ phải từ 1 đến 100 ký tự.")]
    for key in ("fine_cap_person", "fine_cap_organisation"):
        if values[key] is not None and values[key] < 0:
            errors[key] = [_("Mức phạt tối đa không được âm.")]
        elif values[key] is not None and values[key] > MAX_FINE_CAP:
            errors[key] = [fine_cap_too_large()]
    if (cap_person or cap_organisation) and not values["competence_basis"] and not values["competence_title"]:
        errors["competence_basis"] = [_("Phải ghi căn cứ thẩm quyền xử phạt.")]
    if errors:
        raise ValidationFailed(_("Thông tin người ký chưa hợp lệ."), errors=errors)
    return values


def add_signer(office_id: int, *, full_name: str, title: str, is_deputy: bool, cap_person: int | None,
               cap_organisation: int | None, competence_basis: str, competence_title: str = "",
               delegation_number: str = "", delegation_date: date | None = None) -> Signer:
    values = _signer_values(full_name, title, cap_person, cap_organisation, competence_basis, competence_title,
                            delegation_number, delegation_date)
    with unit_of_work() as session:
        signer = Signer(office_id=office_id, is_deputy=is_deputy, **values)
        session.add(signer)
    return signer


def update_signer(signer_id: int, office_id: int, *, full_name: str, title: str, is_deputy: bool,
                  cap_person: int | None, cap_organisation: int | None, competence_basis: str,
                  active: bool, competence_title: str = "", delegation_number: str = "",
                  delegation_date: date | None = None) -> Signer:
    values = _signer_values(full_name, title, cap_person, cap_organisation, competence_basis, competence_title,
                            delegation_number, delegation_date)
    with unit_of_work():
        signer = db.session.get(Signer, signer_id)
        if signer is None or signer.office_id != office_id:
            raise NotFound(_("Không tìm thấy người ký."))
        for key, value in values.items():
            setattr(signer, key, value)
        signer.is_deputy = is_deputy
        signer.active = active
    return signer


# --------------------------------------------------------------------------- calendar


def calendar_days(year: int | None = None) -> list[CalendarDay]:
    """The national calendar's declared days (of ``year``), each with who declared it (and their office)."""
    query = (
        db.select(CalendarDay)
        .options(joinedload(CalendarDay.created_by).joinedload(User.office))
        .order_by(CalendarDay.day)
    )
    if year is not None:
        query = query.where(CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31)))
    return list(db.session.scalars(query))


def add_calendar_day(day: date | None, kind: str, note: str, actor: User) -> CalendarDay:
    """Declare a weekday off, or a weekend day a working day (a swap), for the deadline calendar."""
    errors: dict[str, list[str]] = {}
    try:
        day_kind = DayKind(kind)
    except ValueError:
        errors["kind"] = [_("Loại ngày không hợp lệ.")]
        day_kind = DayKind.DAY_OFF
    if day is None:
        errors["day"] = [_("Phải chọn ngày.")]
    elif day_kind == DayKind.WORKING_DAY and day.weekday() < 5:
        errors["day"] = [_("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")]
    elif day_kind == DayKind.DAY_OFF and day.weekday() >= 5:
        errors["day"] = [_("Ngày nghỉ bù phải là ngày trong tuần (thứ Hai đến thứ Sáu).")]
    elif db.session.scalar(db.select(CalendarDay.id).where(CalendarDay.day == day)):
        errors["day"] = [_("Ngày này đã được khai báo.")]
    note = _text(note)
    if len(note) > 300:
        errors["note"] = [_("Ghi chú tối đa 300 ký tự.")]
    if errors:
        raise ValidationFailed(_("Không thêm được ngày."), errors=errors)
    with unit_of_work() as session:
        row = CalendarDay(day=day, kind=day_kind, note=note, created_by_id=actor.id)
        session.add(row)
    return row


def remove_calendar_day(day_id: int, actor: User) -> dict[str, Any]:
    """Delete a declared day from the national calendar; the deletion is logged (there is no admin audit table).

    :return: what was deleted (day, kind, note, who had declared it), for the message to the admin.
    :raises NotFound: no such day.
    """
    with unit_of_work() as session:
        row = session.get(CalendarDay, day_id)
        if row is None:
            raise NotFound(_("Không tìm thấy ngày."))
        removed = {"day": row.day, "kind": row.kind, "note": row.note, "created_by_id": row.created_by_id}
        session.delete(row)
    log.info("calendar day %s (%s, %r, declared by user %s) deleted by user %s of office %s", removed["day"],
             removed["kind"], removed["note"], removed["created_by_id"], actor.id, actor.office_id)
    return removed
