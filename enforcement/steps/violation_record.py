"""``record_violation``: the administrative violation record (legal staff)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from enforcement.legal_bases import competence_article, organisation_fine_article
from enforcement.steps.base import StepDef
from enforcement.steps.data import PenaltyData, penalty_data
from enforcement.steps.fields import date_field, lines_field, text_field, textarea_field, time_field
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class ViolationRecordInput:
    record_date: date = date_field(_l("Ngày lập biên bản"), dates_documents=True)
    record_time: str = time_field(_l("Giờ lập biên bản (giờ:phút)"), required=False)
    place: str = text_field(_l("Địa điểm lập biên bản"))
    violation: str = textarea_field(_l("Hành vi vi phạm (theo đúng lời văn của nghị định)"))
    clause: str = text_field(_l("Điểm, khoản, điều quy định"))
    recorder: str = text_field(_l("Người lập biên bản (họ tên – chức vụ)"))
    witnesses: list[str] = lines_field(_l("Người chứng kiến"), required=False)
    offender_statement: str = textarea_field(
        _l("Ý kiến trình bày của đại diện tổ chức vi phạm"), required=False,
        help=_l("Để trống nếu đại diện đơn vị không có ý kiến: biên bản ghi “Không có ý kiến”."),
    )
    witness_statement: str = textarea_field(
        _l("Ý kiến của người chứng kiến, của tổ chức, cá nhân bị thiệt hại"), required=False,
        help=_l("Để trống nếu không có ý kiến: biên bản ghi “Không có ý kiến”."),
    )
    appear_on: date | None = date_field(
        _l("Ngày yêu cầu đại diện đơn vị có mặt để giải quyết vụ việc"), required=False, future=True
    )
    appear_time: str = time_field(_l("Giờ có mặt (giờ:phút)"), required=False)
    finished_time: str = time_field(_l("Giờ lập xong biên bản (giờ:phút)"), required=False)
    refusal_reason: str = text_field(
        _l("Lý do đại diện đơn vị không ký biên bản"), required=False,
        help=_l("Chỉ điền khi đại diện đơn vị không ký; người chứng kiến hoặc đại diện chính quyền cấp xã "
                "ký xác nhận."),
    )


class RecordViolation(StepDef):
    trigger = Trigger.RECORD_VIOLATION
    Input = ViolationRecordInput

    def document_data(self, kind: DocKind, view: CaseView, value: Any, *, issue_date: date,
                      extra: Mapping[str, Any]) -> PenaltyData:
        return penalty_data(view, organisation_fine_article=organisation_fine_article(issue_date),
                            competence_article=competence_article(issue_date))
