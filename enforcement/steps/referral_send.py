"""``send_referral``: the dossier handed over to the investigating agency, with a handover record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from enforcement.steps.base import StepDef
from enforcement.steps.data import HandoverData, refs_fields
from enforcement.steps.fields import date_field, text_field
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class ReferralSendInput:
    agency: str = text_field(_l("Cơ quan tiếp nhận"))
    dispatch_number: str = text_field(_l("Số công văn chuyển"))
    dispatch_date: date = date_field(_l("Ngày chuyển"), dates_documents=True)
    receiver: str = text_field(_l("Người nhận hồ sơ"), required=False)


class SendReferral(StepDef):
    trigger = Trigger.SEND_REFERRAL
    Input = ReferralSendInput

    def document_data(self, kind: DocKind, view: CaseView, value: Any, *, issue_date: date,
                      extra: Mapping[str, Any]) -> HandoverData:
        return HandoverData(**refs_fields(view), handed_over=view.handed_over())
