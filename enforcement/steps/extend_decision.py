"""``extend_decision``: a complex case's decision deadline extended, with the direct superior's written approval.

XLVPHC Art. 66(1) (LR-DEADLINES D-DECISION): at most one month beyond the deadline that applies, asked for in
writing and approved by the direct superior before that deadline runs out; the approval's number and date
are entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.domain.periods import add_months, format_date
from enforcement.steps.base import StepDef
from enforcement.steps.fields import Errors, InputContext, date_field, text_field, textarea_field
from enforcement.workflow import Trigger


@dataclass(frozen=True)
class ExtensionInput:
    reason: str = textarea_field(_l("Lý do gia hạn (vụ việc phức tạp)"))
    approval_number: str = text_field(_l("Số văn bản đồng ý gia hạn của thủ trưởng trực tiếp"))
    approval_date: date = date_field(_l("Ngày văn bản đồng ý gia hạn"))
    approver: str = text_field(_l("Người đồng ý gia hạn (chức vụ)"))
    extended_to: date = date_field(
        _l("Gia hạn đến ngày"), future=True,
        help=_l("Không quá 01 tháng sau thời hạn ra quyết định xử phạt (Luật XLVPHC Điều 66 khoản 1)."),
    )


class ExtendDecision(StepDef):
    trigger = Trigger.EXTEND_DECISION
    Input = ExtensionInput

    def check(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> None:
        base = ctx.decision_base_due
        if base is None:
            errors.add("extended_to",
                       _("Chưa có biên bản vi phạm hành chính: chưa có thời hạn ra quyết định để gia hạn."))
            return
        approved, until = values["approval_date"], values["extended_to"]
        if ctx.record_date is not None and approved < ctx.record_date:
            errors.add("approval_date", _("Ngày đồng ý gia hạn không được trước ngày lập biên bản (%(d)s).",
                                          d=format_date(ctx.record_date)))
        elif approved > base:
            errors.add("approval_date", _("Việc gia hạn phải được đồng ý trước khi hết thời hạn ra quyết định xử phạt "
                                          "(%(d)s).", d=format_date(base)))
        longest = ctx.decision_max_extended or add_months(base, 1)
        if until <= base:
            errors.add("extended_to", _("Ngày gia hạn phải sau thời hạn hiện tại (%(d)s).", d=format_date(base)))
        elif until > longest:
            errors.add("extended_to", _("Chỉ được gia hạn không quá 01 tháng: muộn nhất ngày %(d)s (Luật XLVPHC "
                                        "Điều 66 khoản 1).", d=format_date(longest)))

    def defaults(self, view: Any, ctx: InputContext) -> dict[str, Any]:
        values = super().defaults(view, ctx)
        if ctx.decision_max_extended is not None:
            values["extended_to"] = ctx.decision_max_extended.isoformat()
        return values
