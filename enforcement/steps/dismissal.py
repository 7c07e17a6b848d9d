"""``request_dismissal`` (inspector or legal staff) and ``dismiss`` (supervisor): closing a case without result."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from enforcement.models import Case
from enforcement.steps.base import Computed, StepDef
from enforcement.steps.fields import textarea_field
from enforcement.workflow import Trigger


@dataclass(frozen=True)
class DismissalRequestInput:
    reason: str = textarea_field(_l("Lý do đề nghị đình chỉ"))


@dataclass(frozen=True)
class DismissalInput:
    reason: str = textarea_field(_l("Lý do đình chỉ hồ sơ"))


class RequestDismissal(StepDef):
    trigger = Trigger.REQUEST_DISMISSAL
    Input = DismissalRequestInput

    def record(self, case: Case, value: DismissalRequestInput, computed: Computed) -> None:
        case.dismissal_requested = True


class Dismiss(StepDef):
    trigger = Trigger.DISMISS
    Input = DismissalInput

    def record(self, case: Case, value: DismissalInput, computed: Computed) -> None:
        case.outcome = "dismissed"
        case.dismissal_requested = False
