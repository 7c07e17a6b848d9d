"""``decide_inspection``: the inspection decision (team, period inspected, planned day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.domain.periods import Period
from enforcement.steps.base import StepDef
from enforcement.steps.fields import Errors, InputContext, date_field, lines_field, period_field, signer_field
from enforcement.workflow import Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class InspectionDecisionInput:
    decision_date: date = date_field(_l("Ngày quyết định"), dates_documents=True)
    team: list[str] = lines_field(_l("Đoàn kiểm tra"), help=_l("Mỗi dòng một người: họ tên – chức vụ"))
    period_from: str = period_field(_l("Kiểm tra từ kỳ (tháng/năm)"))
    period_to: str = period_field(_l("Đến kỳ (tháng/năm)"))
    planned_date: date = date_field(_l("Ngày dự kiến làm việc tại đơn vị"), future=True)
    signer_id: int = signer_field()


class DecideInspection(StepDef):
    trigger = Trigger.DECIDE_INSPECTION
    Input = InspectionDecisionInput

    def check(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> None:
        if values["period_from"] > values["period_to"]:
            errors.add("period_to", _("Kỳ kết thúc phải sau kỳ bắt đầu."))

    def defaults(self, view: CaseView, ctx: InputContext) -> dict[str, Any]:
        today = view.today
        return {
            **super().defaults(view, ctx),
            "period_from": view.case.oldest_unpaid_period or str(Period.of(today).add(-12)),
            "period_to": str(Period.of(today).add(-1)),
            "planned_date": (today + timedelta(days=5)).isoformat(),
        }
