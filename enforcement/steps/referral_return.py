"""``return_referral``: the supervisor returns the drafted referral with a request for what is missing.

The case stays ``referral_drafted``; approval is blocked until legal staff draft it again
(``draft_referral`` from ``referral_drafted``, allowed only after a return). The request is on the
timeline, on the case page, on the drafting form and in the drafter's notification.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from enforcement.steps.base import StepDef
from enforcement.steps.fields import textarea_field
from enforcement.workflow import Trigger


@dataclass(frozen=True)
class ReferralReturnInput:
    request: str = textarea_field(
        _l("Yêu cầu bổ sung, chỉnh sửa"),
        help=_l("Nêu rõ tài liệu còn thiếu hoặc nội dung cần sửa; cán bộ pháp chế thấy yêu cầu này khi dự thảo lại."),
    )


class ReturnReferral(StepDef):
    trigger = Trigger.RETURN_REFERRAL
    Input = ReferralReturnInput
