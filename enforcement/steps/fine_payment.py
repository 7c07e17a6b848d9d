"""``record_fine_payment``: a payment of the fine into the State Treasury (amount, date, receipt number).

LR-SANCTIONS: the payments are kept on the case and in the employer's sanction history; once they reach the
fine, D-COMPLY is met and — with the amounts and interest also paid — D-CLEAR starts; enforcement orders only
what remains unpaid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.domain.money import format_money
from enforcement.domain.periods import format_date
from enforcement.steps.base import StepDef
from enforcement.steps.fields import Errors, InputContext, date_field, money_field, text_field
from enforcement.workflow import Trigger


@dataclass(frozen=True)
class FinePaymentInput:
    paid_on: date = date_field(_l("Ngày nộp tiền phạt"))
    amount: int = money_field(_l("Số tiền phạt đã nộp (đồng)"))
    receipt_number: str = text_field(_l("Số biên lai, chứng từ nộp tiền vào Kho bạc Nhà nước"))


class RecordFinePayment(StepDef):
    trigger = Trigger.RECORD_FINE_PAYMENT
    Input = FinePaymentInput

    def check(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> None:
        decision = ctx.decision
        if decision is None:
            errors.add("amount", _("Hồ sơ chưa có quyết định xử phạt."))
            return
        if values["paid_on"] < decision.decision_date:
            errors.add("paid_on", _("Ngày nộp không được trước ngày quyết định xử phạt (%(d)s).",
                                    d=format_date(decision.decision_date)))
        if values["amount"] <= 0:
            errors.add("amount", _("Số tiền phải lớn hơn 0."))
        elif values["amount"] > decision.fine_unpaid:
            errors.add("amount", _("Số tiền lớn hơn số tiền phạt còn phải nộp (%(m)s).",
                                   m=format_money(decision.fine_unpaid)))

    def defaults(self, view: Any, ctx: InputContext) -> dict[str, Any]:
        values = super().defaults(view, ctx)
        if ctx.decision is not None and ctx.decision.fine_unpaid:
            values["amount"] = str(ctx.decision.fine_unpaid)
        return values
