"""``return_for_penalty``: the police do not prosecute a repeat offence and return the file (LR-SANCTIONS).

Decree 283/2026 Art. 4(3), XLVPHC Art. 62(3): the file goes back for an administrative penalty; the case
returns to the inspection conclusion and ``issue_penalty`` is no longer blocked as a repeat offence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from enforcement.steps.base import StepDef
from enforcement.steps.fields import date_field, text_field, textarea_field
from enforcement.workflow import Trigger


@dataclass(frozen=True)
class ReturnInput:
    reference: str = text_field(_l("Số, ký hiệu văn bản trả hồ sơ của cơ quan tố tụng"))
    return_date: date = date_field(_l("Ngày văn bản"))
    note: str = textarea_field(_l("Ghi chú"), required=False)


class ReturnForPenalty(StepDef):
    trigger = Trigger.RETURN_FOR_PENALTY
    Input = ReturnInput
