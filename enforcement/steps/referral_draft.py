"""``draft_referral``: the draft referral dossier (LR-ART216 must pass)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from enforcement.steps.base import StepDef
from enforcement.steps.data import PenaltyData, penalty_data
from enforcement.steps.fields import int_field, textarea_field
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class ReferralDraftInput:
    prior_offences: int = int_field(_l("Số lần phạm tội trốn đóng trước (chưa bị truy cứu)"))
    notes: str = textarea_field(_l("Ghi chú cho hồ sơ"), required=False)


class ReferralStep(StepDef):
    """A step of the referral (draft, approval): the Article 216 evaluation as it stood is kept on the
    timeline, and the recommendation to prosecute prints the penalty's facts."""

    def compute(self, view: CaseView, value: Any) -> dict[str, Any]:
        return {"article216": view.art216.to_dict()} if view.art216 is not None else {}

    def document_data(self, kind: DocKind, view: CaseView, value: Any, *, issue_date: date,
                      extra: Mapping[str, Any]) -> PenaltyData:
        return penalty_data(view, agency=getattr(value, "agency", ""))


class DraftReferral(ReferralStep):
    trigger = Trigger.DRAFT_REFERRAL
    Input = ReferralDraftInput

    def defaults(self, view: CaseView, ctx: Any) -> dict[str, Any]:
        return {**super().defaults(view, ctx), "prior_offences": "0"}
