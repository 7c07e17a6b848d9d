"""``approve_referral``: the supervisor approves; the recommendation and the final dossier are issued."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from enforcement.steps.fields import date_field, signer_field, text_field, textarea_field
from enforcement.steps.referral_draft import ReferralStep
from enforcement.workflow import Trigger


@dataclass(frozen=True)
class ReferralApprovalInput:
    approval_date: date = date_field(_l("Ngày duyệt"), dates_documents=True)
    agency: str = text_field(
        _l("Cơ quan nhận kiến nghị"), help=_l("Ví dụ: Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội")
    )
    note: str = textarea_field(_l("Ý kiến"), required=False)
    signer_id: int = signer_field()


class ApproveReferral(ReferralStep):
    trigger = Trigger.APPROVE_REFERRAL
    Input = ReferralApprovalInput
