"""``record_explanation``: the employer's written explanation (the decision deadline becomes one month, XLVPHC
Art. 66; a complex case's extension is its own step, ``extend_decision``, with the superior's approval)."""

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


class RecordExplanation(StepDef):
    trigger = Trigger.RECORD_EXPLANATION
    Input = ExplanationInput
