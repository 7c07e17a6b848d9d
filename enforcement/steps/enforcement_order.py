"""``order_enforcement``: the enforcement decision once the compliance deadline has passed unpaid."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from enforcement.domain.vocabulary import EnforcementMeasure
from enforcement.steps.base import StepDef
from enforcement.steps.data import PenaltyData, penalty_data
from enforcement.steps.fields import choice_field, date_field, signer_field, text_field
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class EnforcementInput:
    decision_date: date = date_field(_l("Ngày quyết định cưỡng chế"), dates_documents=True)
    measure: str = choice_field(_l("Biện pháp cưỡng chế"), EnforcementMeasure)
    bank: str = text_field(_l("Tổ chức tín dụng / nơi thực hiện"), required=False)
    signer_id: int = signer_field()


class OrderEnforcement(StepDef):
    trigger = Trigger.ORDER_ENFORCEMENT
    Input = EnforcementInput

    def document_data(self, kind: DocKind, view: CaseView, value: EnforcementInput, *, issue_date: date,
                      extra: Mapping[str, Any]) -> PenaltyData:
        return penalty_data(view, measure_label=EnforcementMeasure(value.measure).label)
