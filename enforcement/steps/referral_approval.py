"""``approve_referral``: the supervisor approves; the recommendation and the final dossier are issued."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from enforcement.steps.base import StepDef
from enforcement.steps.data import PenaltyData, penalty_data
from enforcement.steps.fields import date_field, signer_field, text_field, textarea_field
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class ReferralApprovalInput:
    approval_date: date = date_field(_l("Ngày duyệt"))
    agency: str = text_field(
        _l("Cơ quan nhận kiến nghị"), help=_l("Ví dụ: Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội")
    )
    note: str = textarea_field(_l("Ý kiến"), required=False)
    signer_id: int = signer_field()


class ApproveReferral(StepDef):
    trigger = Trigger.APPROVE_REFERRAL
    Input = ReferralApprovalInput
    issue_date_field = "approval_date"

    def compute(self, view: CaseView, value: Any) -> dict[str, Any]:
        return {"article216": view.art216.to_dict()} if view.art216 is not None else {}

    def document_data(self, kind: DocKind, view: CaseView, value: ReferralApprovalInput, *, issue_date: date,
                      extra: Mapping[str, Any]) -> PenaltyData:
        return penalty_data(view, agency=value.agency)
