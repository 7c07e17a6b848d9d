"""``record_explanation``: the employer's written explanation (may extend the decision deadline)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from enforcement.steps.base import StepDef
from enforcement.steps.fields import date_field, textarea_field
from enforcement.workflow import Trigger


@dataclass(frozen=True)
class ExplanationInput:
    received_on: date = date_field(_l("Ngày nhận văn bản giải trình"))
    summary: str = textarea_field(_l("Tóm tắt nội dung giải trình"))
    complex_reason: str = textarea_field(_l("Vụ việc phức tạp (lý do gia hạn 2 tháng)"), required=False)


class RecordExplanation(StepDef):
    trigger = Trigger.RECORD_EXPLANATION
    Input = ExplanationInput
