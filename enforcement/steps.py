"""The input each workflow trigger needs, and its validation (PRODUCT §5).

Each trigger declares its fields as ``FieldSpec``s; the web forms are drawn
from them and the API documents them, and ``validate_input`` turns raw input
(form fields or JSON) into clean, typed values or raises ``ValidationFailed``
with Vietnamese messages per field.  Rules that need the case (months to
classify, the fine band, the signer's competence) come in through
``InputContext``; this module touches no database.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.domain.fines import FineProposal, check_chosen_fine, check_signer_competence
from enforcement.domain.money import format_money, parse_amount
from enforcement.domain.periods import Period, format_date
from enforcement.errors import ValidationFailed

BEHAVIOURS = ("evasion", "late_payment", "none")
BEHAVIOUR_LABELS = {
    "evasion": _l("Trốn đóng"),
    "late_payment": _l("Chậm đóng"),
    "none": _l("Không vi phạm"),
    "manual": _l("Cần phân loại thủ công"),
}
OFFENDER_CHOICES = (("organisation", _l("Tổ chức")), ("person", _l("Cá nhân")))
OUTCOME_CHOICES = (
    ("prosecuted", _l("Đã khởi tố vụ án")),
    ("not_prosecuted", _l("Không khởi tố vụ án")),
    ("suspended", _l("Tạm đình chỉ giải quyết")),
    ("returned", _l("Trả hồ sơ để xử lý hành chính")),
)
ENFORCEMENT_MEASURES = (
    ("account_deduction", _l("Khấu trừ tiền từ tài khoản tại tổ chức tín dụng")),
    ("income_deduction", _l("Khấu trừ một phần lương hoặc thu nhập")),
    ("asset_seizure", _l("Kê biên tài sản có giá trị tương ứng để bán đấu giá")),
    ("third_party_collection", _l("Thu tiền, tài sản do tổ chức, cá nhân khác đang giữ")),
)


@dataclass(frozen=True)
class MonthToClassify:
    """A month the inspection conclusion must classify, with the LR-EVASION suggestion."""

    period: str
    outstanding: int
    employees: int
    suggestion: str
    reason: str


@dataclass(frozen=True)
class SignerChoice:
    id: int
    label: str
    cap_person: int | None
    cap_organisation: int | None


@dataclass(frozen=True)
class InputContext:
    """What validation needs to know about the case (built by the service)."""

    today: date
    signers: tuple[SignerChoice, ...] = ()
    months: tuple[MonthToClassify, ...] = ()
    fine_proposal: Callable[[date, str, bool, bool], FineProposal] | None = None
    evaded_behaviour: str = "evasion"


@dataclass(frozen=True)
class FieldSpec:
    """One input of a trigger."""

    name: str
    kind: str  # date | time | text | textarea | int | money | lines | period | choice | bool | signer | behaviours
    label: Any
    required: bool = True
    choices: tuple[tuple[str, Any], ...] = ()
    help: Any = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON description for the API."""
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.kind,
            "label": str(self.label),
            "required": self.required,
        }
        if self.choices:
            out["choices"] = [{"value": v, "label": str(lbl)} for v, lbl in self.choices]
        if self.help:
            out["help"] = str(self.help)
        return out


def _date(name: str, label: Any, required: bool = True, help: Any = "") -> FieldSpec:
    return FieldSpec(name, "date", label, required, help=help)


_SIGNER = FieldSpec("signer_id", "signer", _l("Người ký"))

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "issue_statement": (_date("issue_date", _l("Ngày lập")), _SIGNER),
    "send_demand": (
        _date("issue_date", _l("Ngày ban hành")),
        _date("pay_by", _l("Hạn nộp đề nghị"), help=_l("Ngày đơn vị phải nộp đủ số tiền còn nợ")),
        _SIGNER,
    ),
    "decide_inspection": (
        _date("decision_date", _l("Ngày quyết định")),
        FieldSpec("team", "lines", _l("Đoàn kiểm tra"), help=_l("Mỗi dòng một người: họ tên – chức vụ")),
        FieldSpec("period_from", "period", _l("Kiểm tra từ kỳ (tháng/năm)")),
        FieldSpec("period_to", "period", _l("Đến kỳ (tháng/năm)")),
        _date("planned_date", _l("Ngày dự kiến làm việc tại đơn vị")),
        _SIGNER,
    ),
    "open_inspection": (
        _date("date", _l("Ngày làm việc")),
        FieldSpec("place", "text", _l("Địa điểm")),
        FieldSpec(
            "present",
            "lines",
            _l("Thành phần tham dự"),
            help=_l("Mỗi dòng một người: họ tên – chức vụ – đơn vị"),
        ),
        FieldSpec("notes", "textarea", _l("Nội dung làm việc"), required=False),
    ),
    "conclude_inspection": (
        _date("conclusion_date", _l("Ngày kết luận")),
        FieldSpec("behaviours", "behaviours", _l("Phân loại hành vi từng tháng")),
        FieldSpec("employees_affected", "int", _l("Số người lao động bị ảnh hưởng")),
        FieldSpec(
            "withheld_not_paid",
            "money",
            _l("Tiền đã trích của người lao động nhưng chưa nộp"),
            help=_l("Phần đóng của người lao động đã khấu trừ từ lương mà đơn vị chưa nộp (đồng)"),
        ),
        FieldSpec(
            "payroll_used", "bool", _l("Đoàn kiểm tra đã sử dụng bảng lương, hồ sơ tiền lương của đơn vị"),
            required=False,
            help=_l("Khi có, hồ sơ kiến nghị khởi tố phải kèm bảng lương đó (Văn bản 5659/BCA-CSKT)"),
        ),
        FieldSpec("findings", "textarea", _l("Kết luận, kiến nghị")),
        _SIGNER,
    ),
    "record_violation": (
        _date("record_date", _l("Ngày lập biên bản")),
        FieldSpec("record_time", "time", _l("Giờ lập biên bản (giờ:phút)"), required=False),
        FieldSpec("place", "text", _l("Địa điểm lập biên bản")),
        FieldSpec("violation", "textarea", _l("Hành vi vi phạm (theo đúng lời văn của nghị định)")),
        FieldSpec("clause", "text", _l("Điểm, khoản, điều quy định")),
        FieldSpec("recorder", "text", _l("Người lập biên bản (họ tên – chức vụ)")),
        FieldSpec("witnesses", "lines", _l("Người chứng kiến"), required=False),
    ),
    "record_explanation": (
        _date("received_on", _l("Ngày nhận văn bản giải trình")),
        FieldSpec("summary", "textarea", _l("Tóm tắt nội dung giải trình")),
        FieldSpec(
            "complex_reason", "textarea", _l("Vụ việc phức tạp (lý do gia hạn 2 tháng)"), required=False
        ),
    ),
    "issue_penalty": (
        _date("decision_date", _l("Ngày quyết định")),
        FieldSpec("offender", "choice", _l("Đối tượng bị xử phạt"), choices=OFFENDER_CHOICES),
        FieldSpec("mitigating", "bool", _l("Có tình tiết giảm nhẹ"), required=False),
        FieldSpec("aggravating", "bool", _l("Có tình tiết tăng nặng"), required=False),
        FieldSpec("fine", "money", _l("Mức phạt tiền (đồng)")),
        FieldSpec("fine_reason", "textarea", _l("Lý do chọn mức phạt"), required=False),
        FieldSpec(
            "legal_basis", "textarea", _l("Căn cứ pháp lý bổ sung"), required=False,
            help=_l("Mỗi dòng một căn cứ, thêm vào các căn cứ chuẩn của quyết định"),
        ),
        FieldSpec("remedies", "textarea", _l("Biện pháp khắc phục hậu quả")),
        _date("served_on", _l("Ngày giao quyết định cho đơn vị"), required=False),
        FieldSpec("compliance_days", "int", _l("Thời hạn chấp hành (ngày)")),
        _SIGNER,
    ),
    "order_enforcement": (
        _date("decision_date", _l("Ngày quyết định cưỡng chế")),
        FieldSpec("measure", "choice", _l("Biện pháp cưỡng chế"), choices=ENFORCEMENT_MEASURES),
        FieldSpec("bank", "text", _l("Tổ chức tín dụng / nơi thực hiện"), required=False),
        _SIGNER,
    ),
    "draft_referral": (
        FieldSpec("prior_offences", "int", _l("Số lần phạm tội trốn đóng trước (chưa bị truy cứu)")),
        FieldSpec("notes", "textarea", _l("Ghi chú cho hồ sơ"), required=False),
    ),
    "approve_referral": (
        _date("approval_date", _l("Ngày duyệt")),
        FieldSpec(
            "agency",
            "text",
            _l("Cơ quan nhận kiến nghị"),
            help=_l("Ví dụ: Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội"),
        ),
        FieldSpec("note", "textarea", _l("Ý kiến"), required=False),
        _SIGNER,
    ),
    "send_referral": (
        FieldSpec("agency", "text", _l("Cơ quan tiếp nhận")),
        FieldSpec("dispatch_number", "text", _l("Số công văn chuyển")),
        _date("dispatch_date", _l("Ngày chuyển")),
        FieldSpec("receiver", "text", _l("Người nhận hồ sơ"), required=False),
    ),
    "record_outcome": (
        FieldSpec("outcome", "choice", _l("Kết quả"), choices=OUTCOME_CHOICES),
        FieldSpec("reference", "text", _l("Số, ký hiệu văn bản của cơ quan tố tụng")),
        _date("outcome_date", _l("Ngày văn bản")),
        FieldSpec("note", "textarea", _l("Ghi chú"), required=False),
    ),
    "return_for_penalty": (
        FieldSpec("reference", "text", _l("Số, ký hiệu văn bản trả hồ sơ của cơ quan tố tụng")),
        _date("return_date", _l("Ngày văn bản")),
        FieldSpec("note", "textarea", _l("Ghi chú"), required=False),
    ),
    "request_dismissal": (FieldSpec("reason", "textarea", _l("Lý do đề nghị đình chỉ")),),
    "dismiss": (FieldSpec("reason", "textarea", _l("Lý do đình chỉ hồ sơ")),),
    "settle": (FieldSpec("note", "textarea", _l("Ghi chú"), required=False),),
}

_EMPTY: dict[str, Any] = {"text": "", "textarea": "", "lines": []}
MAX_TEXT = 500
MAX_TEXTAREA = 5000


def clean_text(value: Any) -> str:
    """NFC text with surrounding whitespace removed."""
    return unicodedata.normalize("NFC", str(value)).strip()


def _parse_date(text: str) -> date:
    text = text.strip()
    if "/" in text:
        day, month, year = text.split("/")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text)


class _Errors(dict[str, list[str]]):
    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)


def _one(spec: FieldSpec, raw: Any, ctx: InputContext, errors: _Errors) -> Any:
    """Parse one field; record an error and return None when it is wrong."""
    empty = raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []
    if spec.kind == "bool":
        return raw in (True, "on", "true", "1", 1, "yes")
    if spec.kind == "behaviours":
        return _behaviours(raw, ctx, errors)
    if empty:
        if spec.required:
            errors.add(spec.name, _("Không được để trống."))
        return _EMPTY.get(spec.kind)
    try:
        return _PARSERS[spec.kind](spec, raw, ctx)
    except (ValueError, TypeError) as exc:
        errors.add(spec.name, str(exc) or _("Giá trị không hợp lệ."))
        return None


def _p_date(spec: FieldSpec, raw: Any, ctx: InputContext) -> date:
    try:
        return _parse_date(str(raw))
    except ValueError:
        raise ValueError(_("Ngày không hợp lệ: %(v)s (dạng dd/mm/yyyy).", v=str(raw)[:40])) from None


def _p_text(spec: FieldSpec, raw: Any, ctx: InputContext) -> str:
    text = clean_text(raw)
    limit = MAX_TEXTAREA if spec.kind == "textarea" else MAX_TEXT
    if len(text) > limit:
        raise ValueError(_("Quá dài (tối đa %(n)d ký tự).", n=limit))
    return text


def _p_int(spec: FieldSpec, raw: Any, ctx: InputContext) -> int:
    if isinstance(raw, bool):
        raise ValueError(_("Phải là số nguyên không âm."))
    text = str(raw).strip()
    if not text.isdigit() or len(text) > 9:
        raise ValueError(_("Phải là số nguyên không âm."))
    return int(text)


def _p_money(spec: FieldSpec, raw: Any, ctx: InputContext) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        if raw < 0:
            raise ValueError(_("Số tiền không được âm."))
        return raw
    return parse_amount(str(raw))


def _p_lines(spec: FieldSpec, raw: Any, ctx: InputContext) -> list[str]:
    items = raw if isinstance(raw, list) else str(raw).splitlines()
    lines = [clean_text(item) for item in items if clean_text(item)]
    if not lines:
        raise ValueError(_("Phải có ít nhất một dòng."))
    if any(len(line) > MAX_TEXT for line in lines):
        raise ValueError(_("Mỗi dòng tối đa %(n)d ký tự.", n=MAX_TEXT))
    return lines


def _p_time(spec: FieldSpec, raw: Any, ctx: InputContext) -> str:
    """A time of day ``HH:MM``, printed on records as "10 giờ 30 phút"."""
    text = str(raw).strip()
    hours, _sep, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and int(hours) < 24 and int(minutes) < 60):
        raise ValueError(_("Giờ không hợp lệ: %(v)s (dạng giờ:phút, ví dụ 09:30).", v=text[:20]))
    return f"{int(hours):02d} giờ {minutes} phút"


def _p_period(spec: FieldSpec, raw: Any, ctx: InputContext) -> str:
    return str(Period.parse(str(raw).strip()))


def _p_choice(spec: FieldSpec, raw: Any, ctx: InputContext) -> str:
    value = str(raw)
    if value not in {v for v, _label in spec.choices}:
        raise ValueError(_("Lựa chọn không hợp lệ."))
    return value


def _p_signer(spec: FieldSpec, raw: Any, ctx: InputContext) -> int:
    ident = _p_int(spec, raw, ctx)
    if ident not in {s.id for s in ctx.signers}:
        raise ValueError(_("Người ký không thuộc danh sách người ký của cơ quan."))
    return ident


_PARSERS: dict[str, Callable[[FieldSpec, Any, InputContext], Any]] = {
    "date": _p_date,
    "text": _p_text,
    "textarea": _p_text,
    "int": _p_int,
    "money": _p_money,
    "lines": _p_lines,
    "period": _p_period,
    "time": _p_time,
    "choice": _p_choice,
    "signer": _p_signer,
}


MAX_WORKERS = 10_000_000


def _confirmed(item: Any, month: MonthToClassify, name: str, errors: _Errors) -> tuple[int | None, int]:
    """An evasion month's workers actually evaded as confirmed by the inspector (None: not confirmed; the ledger
    headcount is only the form's suggestion) and the employee shares withheld and not paid over (LR-ART216)."""
    if not isinstance(item, Mapping):
        return None, 0
    raw_workers, raw_withheld = item.get("employees"), item.get("withheld")
    workers: int | None = None
    if raw_workers not in (None, ""):
        text = str(raw_workers).strip()
        if isinstance(raw_workers, bool) or not text.isdigit() or int(text) > MAX_WORKERS:
            errors.add(name, _("Kỳ %(p)s: số lao động bị trốn đóng phải là số nguyên không âm.", p=month.period))
        else:
            workers = int(text)
    withheld = 0
    if raw_withheld not in (None, ""):
        try:
            withheld = _p_money(FieldSpec("withheld", "money", ""), raw_withheld, InputContext(today=date.min))
        except (ValueError, TypeError):
            errors.add(name, _("Kỳ %(p)s: số tiền đã khấu trừ chưa nộp không hợp lệ.", p=month.period))
        else:
            if withheld > month.outstanding:
                errors.add(
                    name,
                    _(
                        "Kỳ %(p)s: số tiền đã khấu trừ chưa nộp lớn hơn số tiền còn nợ của kỳ (%(a)s).",
                        p=month.period,
                        a=format_money(month.outstanding),
                    ),
                )
    return workers, withheld


def _behaviours(raw: Any, ctx: InputContext, errors: _Errors) -> list[dict[str, Any]]:
    """Per-month classification: ``{"2025-08": {"behaviour": "evasion", "reason": "…", "employees": 12,
    "withheld": 3000000}}`` (the last two for evasion months: workers confirmed by the inspector, blank while
    not confirmed, and the employee shares withheld and not paid over).

    Form posts use ``behaviour_<period>`` / ``reason_<period>`` fields; the
    service folds them into this mapping before validation.  A reason is
    required when the choice differs from the LR-EVASION suggestion, and for
    every month the rule leaves to the inspector ("manual").
    """
    given = raw if isinstance(raw, Mapping) else {}
    out = []
    for month in ctx.months:
        item = given.get(month.period) or {}
        choice = item.get("behaviour") if isinstance(item, Mapping) else item
        reason = clean_text(item.get("reason", "")) if isinstance(item, Mapping) else ""
        name = f"behaviours.{month.period}"
        if choice not in BEHAVIOURS:
            errors.add(name, _("Chọn hành vi của kỳ %(p)s.", p=month.period))
            continue
        needs_reason = month.suggestion == "manual" or choice != month.suggestion
        if needs_reason and not reason:
            errors.add(
                name,
                _(
                    "Kỳ %(p)s: phải ghi căn cứ khi phân loại khác gợi ý (%(s)s) hoặc khi cần phân loại thủ công.",
                    p=month.period,
                    s=str(BEHAVIOUR_LABELS[month.suggestion]),
                ),
            )
        workers, withheld = _confirmed(item, month, name, errors) if choice == "evasion" else (None, 0)
        out.append(
            {
                "period": month.period,
                "behaviour": choice,
                "suggestion": month.suggestion,
                "reason": reason,
                "amount": month.outstanding,
                "employees": month.employees,  # the ledger headcount (a suggestion only)
                "ledger_employees": month.employees,
                "confirmed_employees": workers,
                "withheld": withheld,
            }
        )
    return out


def validate_input(trigger: str, raw: Mapping[str, Any], ctx: InputContext) -> dict[str, Any]:
    """Clean, typed input of ``trigger``.

    :raises ValidationFailed: with ``errors`` mapping each field to its messages.
    """
    errors = _Errors()
    clean = {spec.name: _one(spec, raw.get(spec.name), ctx, errors) for spec in FIELDS.get(trigger, ())}
    if not errors:
        _cross_checks(trigger, clean, ctx, errors)
    if errors:
        raise ValidationFailed(_("Thông tin nhập chưa hợp lệ."), errors=dict(errors))
    return clean


def _not_future(clean: dict[str, Any], ctx: InputContext, errors: _Errors) -> None:
    for spec_name, value in clean.items():
        if isinstance(value, date) and value > ctx.today and spec_name not in ("pay_by", "planned_date"):
            errors.add(spec_name, _("Ngày không được sau hôm nay (%(d)s).", d=format_date(ctx.today)))


def _cross_checks(trigger: str, clean: dict[str, Any], ctx: InputContext, errors: _Errors) -> None:
    _not_future(clean, ctx, errors)
    if trigger == "decide_inspection" and clean["period_from"] > clean["period_to"]:
        errors.add("period_to", _("Kỳ kết thúc phải sau kỳ bắt đầu."))
    if trigger == "send_demand" and clean["pay_by"] < clean["issue_date"]:
        errors.add("pay_by", _("Hạn nộp phải sau ngày ban hành."))
    if trigger == "issue_penalty":
        _check_fine(clean, ctx, errors)


def _check_fine(clean: dict[str, Any], ctx: InputContext, errors: _Errors) -> None:
    """LR-FINE: the chosen fine is inside the band (reason when it differs) and within the signer's competence."""
    if ctx.fine_proposal is None:
        return
    proposal = ctx.fine_proposal(
        clean["decision_date"], clean["offender"], clean["mitigating"], clean["aggravating"]
    )
    check = check_chosen_fine(proposal, clean["fine"], clean.get("fine_reason") or "")
    if not check.ok:
        for reason in check.reasons:
            errors.add("fine", reason)
    signer = next(s for s in ctx.signers if s.id == clean["signer_id"])
    ok, reason = check_signer_competence(
        clean["fine"], signer.cap_person, signer.cap_organisation, clean["offender"]
    )
    if not ok:
        errors.add("signer_id", reason)
    clean["fine_proposal"] = proposal.to_dict()
