"""Flask-WTF forms of the UI (CSRF on).  They check the shape of the input; the rules stay in the services.

Errors a service reports (``ValidationFailed.errors``) are put next to the
fields with ``apply_errors``.  The workflow actions have no form class per
trigger: ``ActionForm`` carries the CSRF token, the case version and the
stage, and the fields are drawn from ``steps.FIELDS`` by one macro.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from enforcement.domain.legal_params import CONFIDENCE_TAGS, PARAM_KINDS
from enforcement.filters import ROLE_LABELS
from enforcement.models import Role
from enforcement.services.admin import MAX_FINE_CAP, fine_cap_too_large
from enforcement.web.args import ascii_digits
from enforcement.web.labels import CONFIDENCE_LABELS, COPY_FORM_LABELS, DAY_LABELS, EVIDENCE_LABELS

REQUIRED = _l("Không được để trống.")
BAD_DATE = _l("Ngày không hợp lệ.")


def apply_errors(form: FlaskForm, errors: dict[str, list[str]] | None) -> list[str]:
    """Put a service's field errors on the form's fields; return the messages of unknown fields."""
    rest: list[str] = []
    for name, messages in (errors or {}).items():
        field = form._fields.get(name)
        if field is None:
            rest += list(messages)
            continue
        field.errors = [*field.errors, *messages]
    return rest


class CsrfForm(FlaskForm):
    """A form with only the CSRF token (buttons that post)."""


class ActionForm(FlaskForm):
    """The envelope of a workflow action form: the case version it was drawn for and the stage."""

    version = HiddenField()
    stage = HiddenField(default="review")


class CorrectionForm(FlaskForm):
    """Correcting an issued document: the reason, and the stage (``review`` → ``confirm``, or back to ``edit``)."""

    reason = TextAreaField(_l("Lý do đính chính"), validators=[DataRequired(REQUIRED), Length(max=1000)])
    stage = HiddenField(default="review")


class CommentForm(FlaskForm):
    text = TextAreaField(_l("Ghi chú"), validators=[DataRequired(REQUIRED), Length(max=5000)])


class EvidenceForm(FlaskForm):
    file = FileField(_l("Tệp (PDF, PNG, JPEG, XLSX, DOCX)"))
    category = SelectField(_l("Loại tài liệu"), choices=[SelectChoice(k.value, v) for k, v in EVIDENCE_LABELS.items()])
    description = StringField(_l("Mô tả"), validators=[Length(max=500)])
    copy_form = SelectField(
        _l("Tài liệu là"),
        choices=[SelectChoice("", _l("— Chọn —")), *(SelectChoice(k.value, v) for k, v in COPY_FORM_LABELS.items())],
        description=_l("Hồ sơ kiến nghị khởi tố chỉ nhận bản chính, bản sao hợp pháp hoặc bản chuyển đổi điện tử có "
                       "giá trị pháp lý (Văn bản 5659/BCA-CSKT)"),
    )


class AssignForm(FlaskForm):
    assignee_id = SelectField(_l("Phân công cho"), choices=[], validate_choice=False)
    next = HiddenField()


class UploadForm(FlaskForm):
    file = FileField(_l("Tệp sổ theo dõi thu (CSV hoặc XLSX)"))


class DetectForm(FlaskForm):
    as_of = DateField(_l("Tính nợ đến ngày"), validators=[Optional()], format="%Y-%m-%d")


class FineForm(FlaskForm):
    """LR-FINE "The fine calculator" as a form: the same input as ``POST /api/v1/calculators/fine``."""

    violation_date = DateField(_l("Ngày lập biên bản vi phạm"), validators=[InputRequired(BAD_DATE)],
                               format="%Y-%m-%d")
    ended_on = DateField(_l("Ngày chấm dứt hành vi (để trống nếu vẫn đang vi phạm)"), validators=[Optional()],
                         format="%Y-%m-%d")
    offender = SelectField(_l("Đối tượng bị xử phạt"), choices=[
        SelectChoice("organisation", _l("Tổ chức")), SelectChoice("person", _l("Cá nhân")),
        SelectChoice("household", _l("Hộ kinh doanh, hộ gia đình"))])
    violations = TextAreaField(
        _l("Các hành vi vi phạm"),
        validators=[DataRequired(REQUIRED)],
        description=_l(
            "Mỗi dòng một hành vi: mã hành vi; số tiền làm căn cứ (đồng) hoặc số người lao động; số tháng; "
            "mã tình tiết tăng nặng (cách nhau bởi dấu phẩy); mã tình tiết giảm nhẹ. Mã hành vi: si_late, "
            "si_evasion, ui_late, ui_evasion, si_unregistered_late, si_unregistered_evasion, ui_unregistered_late, "
            "ui_unregistered_evasion. Ví dụ: si_evasion; 175950000; 6; ; tu_nguyen_khac_phuc"),
    )
    signer_title = SelectField(_l("Người ký (để kiểm tra thẩm quyền)"), choices=[
        SelectChoice("", _l("— Không kiểm tra —")),
        SelectChoice("bhxh_province_director", _l("Giám đốc Bảo hiểm xã hội cấp tỉnh")),
        SelectChoice("vss_inspection_team_head",
                     _l("Trưởng đoàn kiểm tra chuyên ngành do Bảo hiểm xã hội Việt Nam thành lập")),
        SelectChoice("vss_director_general", _l("Giám đốc Bảo hiểm xã hội Việt Nam"))], validators=[Optional()])


class Art216Form(FlaskForm):
    evaluation_date = DateField(_l("Ngày đánh giá"), validators=[InputRequired(BAD_DATE)], format="%Y-%m-%d")
    offender = SelectField(
        _l("Chủ thể"),
        choices=[SelectChoice("legal_entity", _l("Pháp nhân thương mại")), SelectChoice("person", _l("Cá nhân"))],
    )
    evasion_months = TextAreaField(
        _l("Các tháng trốn đóng"),
        description=_l(
            "Mỗi dòng một tháng: tháng/năm; số tiền trốn đóng; số người lao động bị trốn đóng do kiểm tra viên "
            "xác nhận (để trống nếu chưa xác nhận); tiền đã khấu trừ của người lao động chưa nộp (không bắt buộc). "
            "Ví dụ: 03/2025; 125000000; 40; 41000000"
        ),
    )
    withheld_not_paid = StringField(
        _l("Tiền đã trích của người lao động nhưng chưa nộp (đồng)"),
        default="0",
        description=_l("Tổng số; bỏ qua khi đã ghi theo từng tháng ở trên"),
    )
    prior_offences = IntegerField(
        _l("Số lần phạm tội trước (chưa bị truy cứu)"), default=0, validators=[NumberRange(min=0, max=99)]
    )
    prior_penalties = TextAreaField(
        _l("Quyết định xử phạt trước đó"),
        description=_l(
            "Mỗi dòng một quyết định: ngày quyết định; hành vi (trốn đóng/chậm đóng); các tháng vi phạm bị xử phạt "
            "(cách nhau bằng dấu phẩy); ngày đơn vị nhận quyết định; ngày chấp hành xong (để trống nếu chưa); "
            "số quyết định. Ví dụ: 10/01/2026; trốn đóng; 03/2025, 04/2025; 12/01/2026; ; 15/QĐ-XPHC"
        ),
    )
    still_unpaid = StringField(_l("Số tiền trốn đóng còn chưa nộp (đồng)"), default="0")


def _sanction_behaviours() -> list[SelectChoice]:
    from enforcement.domain.sanctions import BEHAVIOUR_LABELS

    # The labels are Vietnamese data (decisions print them); web.labels.DOMAIN_TEXTS puts them in the catalogue.
    return [SelectChoice(code, gettext(label)) for code, label in BEHAVIOUR_LABELS.items()]


class SanctionEntryForm(FlaskForm):
    """A decision issued before the system (LR-SANCTIONS); the service checks the facts."""

    number = StringField(_l("Số quyết định"), validators=[DataRequired(REQUIRED), Length(max=100)])
    decision_date = DateField(_l("Ngày quyết định"), validators=[InputRequired(BAD_DATE)], format="%Y-%m-%d")
    signer = StringField(_l("Người ký (họ tên – chức vụ)"), validators=[Length(max=300)])
    penalty_form = SelectField(
        _l("Hình thức xử phạt"),
        choices=[SelectChoice("fine", _l("Phạt tiền")), SelectChoice("warning", _l("Cảnh cáo"))],
    )
    behaviours = SelectMultipleField(_l("Hành vi bị xử phạt"), choices=_sanction_behaviours)
    articles = TextAreaField(
        _l("Điều, khoản áp dụng"), validators=[Length(max=2000)],
        description=_l("Mỗi dòng một căn cứ, ví dụ: Nghị định 12/2022/NĐ-CP Điều 39 khoản 7 điểm a"),
    )
    conduct_months = StringField(
        _l("Các tháng vi phạm bị xử phạt"), validators=[DataRequired(REQUIRED), Length(max=2000)],
        description=_l("Cách nhau bằng dấu phẩy, ví dụ: 10/2024, 11/2024"),
    )
    fine_total = StringField(_l("Tổng tiền phạt (đồng)"), default="0", validators=[Length(max=30)])
    received_on = DateField(_l("Ngày đơn vị nhận quyết định"), validators=[Optional()], format="%Y-%m-%d")
    compliance_days = IntegerField(
        _l("Thời hạn chấp hành ghi trong quyết định (ngày)"), validators=[Optional(), NumberRange(min=10, max=3650)]
    )
    complied_on = DateField(_l("Ngày chấp hành xong"), validators=[Optional()], format="%Y-%m-%d")
    fine_paid_on = DateField(_l("Ngày nộp tiền phạt"), validators=[Optional()], format="%Y-%m-%d")
    note = TextAreaField(_l("Ghi chú"), validators=[Length(max=2000)])
    document = FileField(_l("Bản quyết định đã ký (PDF)"))


class SanctionUpdateForm(FlaskForm):
    """What happened to a decision later (LR-SANCTIONS, D-COMPLY, D-CLEAR)."""

    received_on = DateField(_l("Ngày đơn vị nhận quyết định"), validators=[Optional()], format="%Y-%m-%d")
    complied_on = DateField(_l("Ngày chấp hành xong"), validators=[Optional()], format="%Y-%m-%d")
    fine_paid_on = DateField(_l("Ngày nộp tiền phạt"), validators=[Optional()], format="%Y-%m-%d")
    fine_paid_amount = StringField(_l("Số tiền phạt đã nộp (đồng)"), validators=[Length(max=30)])
    payment_receipt = StringField(_l("Số biên lai, chứng từ nộp phạt"), validators=[Length(max=200)])
    evading_enforcement = BooleanField(_l("Đơn vị trốn tránh, trì hoãn thi hành (Luật XLVPHC Điều 74 khoản 2)"))
    enforcement_evaded_until = DateField(
        _l("Ngày chấm dứt trốn tránh, trì hoãn"), validators=[Optional()], format="%Y-%m-%d"
    )


class UserForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(REQUIRED), Length(max=80)])
    full_name = StringField(_l("Họ tên"), validators=[DataRequired(REQUIRED), Length(max=200)])
    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r.value, ROLE_LABELS[r]) for r in Role])
    password = PasswordField(_l("Mật khẩu ban đầu"), validators=[DataRequired(REQUIRED)])


class PasswordForm(FlaskForm):
    password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(REQUIRED)])


class RoleForm(FlaskForm):
    role = SelectField(_l("Vai trò"), choices=[SelectChoice(r.value, ROLE_LABELS[r]) for r in Role])


class OfficeForm(FlaskForm):
    name = StringField(_l("Tên cơ quan"), validators=[DataRequired(REQUIRED), Length(max=200)])
    parent_name = StringField(_l("Cơ quan chủ quản"), validators=[DataRequired(REQUIRED), Length(max=200)])
    place_name = StringField(_l("Địa danh ghi trên văn bản"), validators=[DataRequired(REQUIRED), Length(max=100)])
    address = StringField(_l("Địa chỉ"), validators=[Length(max=300)])
    phone = StringField(_l("Điện thoại"), validators=[Length(max=50)])


class NameForm(FlaskForm):
    name = StringField(_l("Tên cơ quan"), validators=[DataRequired(REQUIRED), Length(max=200)])
    valid_from = DateField(_l("Dùng từ ngày"), validators=[InputRequired(BAD_DATE)], format="%Y-%m-%d")


class SigningForm(FlaskForm):
    """The signing certificate: where the PKCS#12 file is, and the NAME of the variable holding its password."""

    pkcs12_path = StringField(_l("Tệp chứng thư số (.p12, .pfx) trên máy chủ"), validators=[Length(max=500)])
    password_env = StringField(_l("Tên biến môi trường chứa mật khẩu của tệp"), validators=[Length(max=128)])
    location = StringField(_l("Nơi ký (không bắt buộc)"), validators=[Length(max=200)])
    reason = StringField(_l("Lý do ký (không bắt buộc)"), validators=[Length(max=200)])


class FineAccountForm(FlaskForm):
    fine_account = StringField(_l("Tài khoản nộp tiền phạt tại Kho bạc Nhà nước"), validators=[Length(max=300)])


def fine_cap_at_most(form: FlaskForm, field: Any) -> None:
    """A fine cap typed with separators (``75.000.000``) of at most ``MAX_FINE_CAP`` đồng.

    Checked on the digits' count first, so a page of digits is never turned into an int.
    """
    digits = ascii_digits(field.data).lstrip("0")
    if len(digits) > len(str(MAX_FINE_CAP)) or (digits and int(digits) > MAX_FINE_CAP):
        raise ValidationError(fine_cap_too_large())


class SignerForm(FlaskForm):
    full_name = StringField(_l("Họ tên"), validators=[DataRequired(REQUIRED), Length(max=200)])
    title = StringField(_l("Chức vụ"), validators=[DataRequired(REQUIRED), Length(max=100)])
    is_deputy = BooleanField(_l("Cấp phó (ký thay)"))
    fine_cap_person = StringField(_l("Mức phạt tối đa với cá nhân (đồng)"), validators=[fine_cap_at_most])
    fine_cap_organisation = StringField(_l("Mức phạt tối đa với tổ chức (đồng)"), validators=[fine_cap_at_most])
    competence_basis = TextAreaField(_l("Căn cứ thẩm quyền xử phạt"), validators=[Length(max=2000)])
    competence_title = SelectField(
        _l("Chức danh có thẩm quyền xử phạt (Nghị định 283/2026/NĐ-CP Điều 57)"),
        choices=[SelectChoice("", _l("— Không —")),
                 SelectChoice("bhxh_province_director", _l("Giám đốc Bảo hiểm xã hội cấp tỉnh (37.500.000 đ)")),
                 SelectChoice("vss_inspection_team_head",
                              _l("Trưởng đoàn kiểm tra chuyên ngành do Bảo hiểm xã hội Việt Nam thành lập "
                                 "(60.000.000 đ)")),
                 SelectChoice("vss_director_general", _l("Giám đốc Bảo hiểm xã hội Việt Nam (75.000.000 đ)"))],
        validators=[Optional()],
        description=_l("Mức phạt tối đa theo chức danh áp dụng khi không nhập mức riêng; tổ chức gấp 02 lần."),
    )
    delegation_number = StringField(_l("Số quyết định giao quyền xử phạt (cấp phó)"), validators=[Length(max=100)])
    delegation_date = DateField(_l("Ngày quyết định giao quyền"), validators=[Optional()], format="%Y-%m-%d")
    active = BooleanField(_l("Đang ký văn bản"), default=True)


class NewOfficeForm(FlaskForm):
    """A new office: its details, the fine account, a first signer and its first administrator."""

    code = StringField(_l("Mã cơ quan"), validators=[DataRequired(REQUIRED), Length(max=20)])
    name = StringField(_l("Tên cơ quan"), validators=[DataRequired(REQUIRED), Length(max=200)])
    province = StringField(_l("Tỉnh, thành phố"), validators=[DataRequired(REQUIRED), Length(max=100)])
    parent_name = StringField(_l("Cơ quan chủ quản"), default="BẢO HIỂM XÃ HỘI VIỆT NAM",
                              validators=[DataRequired(REQUIRED), Length(max=200)])
    place_name = StringField(_l("Địa danh ghi trên văn bản"), validators=[DataRequired(REQUIRED), Length(max=100)])
    address = StringField(_l("Địa chỉ"), validators=[Length(max=300)])
    phone = StringField(_l("Điện thoại"), validators=[Length(max=50)])
    fine_account = StringField(_l("Tài khoản nộp tiền phạt tại Kho bạc Nhà nước"), validators=[Length(max=300)])
    signer_full_name = StringField(_l("Người ký: họ tên"), validators=[DataRequired(REQUIRED), Length(max=200)])
    signer_title = StringField(_l("Người ký: chức vụ"), validators=[DataRequired(REQUIRED), Length(max=100)])
    signer_is_deputy = BooleanField(_l("Cấp phó (ký thay)"))
    signer_fine_cap_person = StringField(_l("Mức phạt tối đa với cá nhân (đồng)"), validators=[fine_cap_at_most])
    signer_fine_cap_organisation = StringField(_l("Mức phạt tối đa với tổ chức (đồng)"),
                                               validators=[fine_cap_at_most])
    signer_competence_basis = TextAreaField(_l("Căn cứ thẩm quyền xử phạt"), validators=[Length(max=2000)])
    admin_username = StringField(_l("Quản trị viên: tên đăng nhập"), validators=[DataRequired(REQUIRED),
                                                                                   Length(max=80)])
    admin_full_name = StringField(_l("Quản trị viên: họ tên"), validators=[DataRequired(REQUIRED), Length(max=200)])
    admin_password = PasswordField(_l("Quản trị viên: mật khẩu ban đầu"), validators=[DataRequired(REQUIRED)])


class LegalParamForm(FlaskForm):
    key = SelectField(_l("Tham số"), choices=[SelectChoice(k, k) for k in sorted(PARAM_KINDS)])
    value = TextAreaField(_l("Giá trị"), validators=[DataRequired(REQUIRED)])
    valid_from = DateField(_l("Hiệu lực từ ngày"), validators=[InputRequired(BAD_DATE)], format="%Y-%m-%d")
    valid_to = DateField(_l("Hết hiệu lực ngày"), validators=[Optional()], format="%Y-%m-%d")
    source = TextAreaField(_l("Nguồn (văn bản, điều, khoản)"), validators=[DataRequired(REQUIRED)])
    confidence = SelectField(_l("Độ tin cậy"), choices=[SelectChoice(t, CONFIDENCE_LABELS[t]) for t in CONFIDENCE_TAGS])


class CalendarForm(FlaskForm):
    day = DateField(_l("Ngày"), validators=[InputRequired(BAD_DATE)], format="%Y-%m-%d")
    kind = SelectField(_l("Loại"), choices=[SelectChoice(k.value, v) for k, v in DAY_LABELS.items()])
    note = StringField(_l("Ghi chú"), validators=[Length(max=300)])


def money_or_none(text: Any) -> int | None:
    """A money field typed as ``1.234.567`` (or empty → None)."""
    digits = ascii_digits(text)
    return int(digits) if digits else None

