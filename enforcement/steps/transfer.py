"""``transfer_case``: the transfer letter (công văn chuyển hồ sơ vụ vi phạm) to the competent authority.

LR-COMPETENCE: when the top of a violation's band for this case is beyond the office's competence (XLVPHC
Art. 52), the file goes to the authority that may decide it (XLVPHC Art. 58); the case waits in
``decision_transferred`` until legal staff record the decision received.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.domain.periods import format_date
from enforcement.legal_bases import competence_article, organisation_fine_article
from enforcement.models import Case
from enforcement.steps.base import Computed, StepDef
from enforcement.steps.data import TransferData, penalty_data, refs_fields
from enforcement.steps.fields import Errors, InputContext, date_field, signer_field, text_field, textarea_field
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView

DEFAULT_AUTHORITY = "Tổng Giám đốc Bảo hiểm xã hội Việt Nam"

TRANSFER_ENCLOSURES = (
    "Biên bản vi phạm hành chính",
    "Quyết định kiểm tra",
    "Biên bản làm việc",
    "Kết luận kiểm tra",
    "Bảng kê số tiền chậm đóng, trốn đóng theo từng tháng",
)


@dataclass(frozen=True)
class TransferInput:
    letter_date: date = date_field(_l("Ngày công văn chuyển hồ sơ"), dates_documents=True)
    authority: str = text_field(
        _l("Người có thẩm quyền xử phạt nhận hồ sơ (chức danh, cơ quan)"),
        help=_l("Ví dụ: Tổng Giám đốc Bảo hiểm xã hội Việt Nam (Nghị định số 283/2026/NĐ-CP Điều 57)."),
    )
    authority_address: str = text_field(_l("Địa chỉ nhận hồ sơ"), required=False)
    reason: str = textarea_field(
        _l("Lý do chuyển hồ sơ"),
        help=_l("Ví dụ: mức tối đa của khung tiền phạt đối với hành vi vượt thẩm quyền xử phạt của Giám đốc."),
    )
    signer_id: int = signer_field()


class TransferCase(StepDef):
    trigger = Trigger.TRANSFER_CASE
    Input = TransferInput

    def check(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> None:
        day = values["letter_date"]
        if ctx.record_date is not None and day < ctx.record_date:
            errors.add("letter_date", _("Ngày công văn không được trước ngày lập biên bản vi phạm hành chính (%(d)s).",
                                        d=format_date(ctx.record_date)))

    def record(self, case: Case, value: TransferInput, computed: Computed) -> None:
        """Nothing on the row: the state says the case waits; the timeline keeps the letter."""

    def document_data(self, kind: DocKind, view: CaseView, value: Any, *, issue_date: date,
                      extra: Mapping[str, Any]) -> TransferData:
        return TransferData(
            **refs_fields(view),
            penalty=penalty_data(view, organisation_fine_article=organisation_fine_article(issue_date),
                                 competence_article=competence_article(issue_date)),
            competence_article=competence_article(issue_date),
            enclosures=list(TRANSFER_ENCLOSURES),
        )

    def defaults(self, view: CaseView, ctx: InputContext) -> dict[str, Any]:
        values = super().defaults(view, ctx)
        values["authority"] = DEFAULT_AUTHORITY
        values["reason"] = view.facts.competence_reason or (
            "Mức tối đa của khung tiền phạt đối với hành vi vi phạm vượt thẩm quyền xử phạt của Giám đốc "
            + view.case.office.name
        )
        return values
