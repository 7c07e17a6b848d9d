"""``record_outcome``: what the investigating agency decided; the case closes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from enforcement.domain.vocabulary import Outcome
from enforcement.models import Case
from enforcement.steps.base import Computed, StepDef
from enforcement.steps.fields import choice_field, date_field, text_field, textarea_field
from enforcement.workflow import Trigger


@dataclass(frozen=True)
class OutcomeInput:
    outcome: str = choice_field(_l("Kết quả"), Outcome)
    reference: str = text_field(_l("Số, ký hiệu văn bản của cơ quan tố tụng"))
    outcome_date: date = date_field(_l("Ngày văn bản"))
    note: str = textarea_field(_l("Ghi chú"), required=False)


class RecordOutcome(StepDef):
    trigger = Trigger.RECORD_OUTCOME
    Input = OutcomeInput

    def record(self, case: Case, value: OutcomeInput, computed: Computed) -> None:
        case.outcome = value.outcome
