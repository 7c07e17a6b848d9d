"""``settle``: the principal is paid; the case ends with a settlement notice (also fired by detection)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from enforcement.models import Case
from enforcement.steps.base import Computed, StepDef
from enforcement.steps.data import SettlementData, refs_fields
from enforcement.steps.fields import textarea_field
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class SettlementInput:
    note: str = textarea_field(_l("Ghi chú"), required=False)


class Settle(StepDef):
    trigger = Trigger.SETTLE
    Input = SettlementInput

    def record(self, case: Case, value: SettlementInput, computed: Computed) -> None:
        case.outcome = "settled"

    def document_data(self, kind: DocKind, view: CaseView, value: Any, *, issue_date: date,
                      extra: Mapping[str, Any]) -> SettlementData:
        return SettlementData(**refs_fields(view), batch=extra.get("batch"))
