"""``send_demand``: the demand notice; the first moves a detected case on, later ones are monthly reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.steps.base import StepDef
from enforcement.steps.fields import Errors, InputContext, date_field, signer_field
from enforcement.workflow import Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class DemandInput:
    issue_date: date = date_field(_l("Ngày ban hành"), dates_documents=True)
    pay_by: date = date_field(
        _l("Hạn nộp đề nghị"), help=_l("Ngày đơn vị phải nộp đủ số tiền còn nợ"), future=True
    )
    signer_id: int = signer_field()


class SendDemand(StepDef):
    trigger = Trigger.SEND_DEMAND
    Input = DemandInput

    def check(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> None:
        if values["pay_by"] < values["issue_date"]:
            errors.add("pay_by", _("Hạn nộp phải sau ngày ban hành."))

    def compute(self, view: CaseView, value: DemandInput) -> dict[str, Any]:
        return {"reminder_no": len(view.history.all(Trigger.SEND_DEMAND)) + 1}

    def defaults(self, view: CaseView, ctx: InputContext) -> dict[str, Any]:
        return {**super().defaults(view, ctx), "pay_by": (view.today + timedelta(days=15)).isoformat()}
