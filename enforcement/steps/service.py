"""``record_service``: the day the employer received the decision (D-SERVE, XLVPHC Art. 70).

D-COMPLY runs from it (XLVPHC Art. 73); without it, from the decision's date plus D-SERVE's working days,
marked as assumed.  The employer's sanction history takes the same date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.domain.periods import format_date
from enforcement.steps.base import StepDef
from enforcement.steps.fields import Errors, InputContext, date_field, text_field
from enforcement.workflow import Trigger


@dataclass(frozen=True)
class ServiceInput:
    received_on: date = date_field(_l("Ngày đơn vị nhận quyết định"))
    how: str = text_field(
        _l("Hình thức giao"), required=False,
        help=_l("Ví dụ: giao trực tiếp, bưu chính (phiếu báo phát), điện tử, niêm yết công khai."),
    )


class RecordService(StepDef):
    trigger = Trigger.RECORD_SERVICE
    Input = ServiceInput

    def check(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> None:
        decision = ctx.decision
        if decision is not None and values["received_on"] < decision.decision_date:
            errors.add("received_on", _("Ngày nhận không được trước ngày quyết định (%(d)s).",
                                        d=format_date(decision.decision_date)))
