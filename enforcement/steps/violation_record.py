"""``record_violation``: the administrative violation record (legal staff)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from enforcement.domain.fines import FineInputError
from enforcement.domain.vocabulary import FineOffender
from enforcement.steps.base import StepDef
from enforcement.steps.case_fines import case_fines
from enforcement.steps.data import PenaltyData, penalty_data
from enforcement.steps.fields import (
    InputContext,
    bool_field,
    choice_field,
    date_field,
    lines_field,
    multichoice_field,
    optional_int_field,
    text_field,
    textarea_field,
    time_field,
)
from enforcement.steps.penalty_choices import AGGRAVATING_CHOICES, MITIGATING_CHOICES
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class ViolationRecordInput:
    record_date: date = date_field(_l("Ngày lập biên bản"), dates_documents=True)
    record_time: str = time_field(_l("Giờ lập biên bản (giờ:phút)"), required=False)
    place: str = text_field(_l("Địa điểm lập biên bản"))
    offender: str = choice_field(
        _l("Đối tượng vi phạm"), FineOffender, required=False,
        help=_l("Tổ chức bị phạt gấp 02 lần cá nhân; hộ kinh doanh bị xử phạt như cá nhân (Điều 7 Nghị định số "
                "283/2026/NĐ-CP). Để trống: tổ chức."),
    )
    violation: str = textarea_field(
        _l("Hành vi vi phạm (theo đúng lời văn của nghị định)"),
        help=_l("Điền sẵn từ kết luận kiểm tra: mỗi hành vi (BHXH, BHTN) là một vi phạm riêng."),
    )
    clause: str = text_field(_l("Điểm, khoản, điều quy định"))
    ended_on: date | None = date_field(
        _l("Ngày đơn vị chấm dứt hành vi (đã nộp đủ)"), required=False,
        help=_l("Để trống khi đơn vị vẫn còn nợ (vi phạm đang thực hiện). Vi phạm chấm dứt trước 10/09/2026 "
                "áp dụng Nghị định số 12/2022/NĐ-CP (Điều 67 Nghị định số 283/2026/NĐ-CP)."),
    )
    unregistered_workers: int | None = optional_int_field(
        _l("Số người lao động chưa được đăng ký tham gia BHXH, BHTN (phát hiện khi kiểm tra)"),
        help=_l("Để trống nếu không có. Mức phạt theo số người: khoản 2 Điều 43, khoản 1 Điều 44, khoản 2 "
                "Điều 45, khoản 1 Điều 46 Nghị định số 283/2026/NĐ-CP."),
    )
    unregistered_after_60_days: bool = bool_field(
        _l("Chưa đăng ký sau thời hạn 60 ngày (trốn đóng: khoản 1 Điều 44, khoản 1 Điều 46)"))
    aggravating: list[str] = multichoice_field(_l("Tình tiết tăng nặng (Luật XLVPHC Điều 10)"), AGGRAVATING_CHOICES)
    mitigating: list[str] = multichoice_field(_l("Tình tiết giảm nhẹ (Luật XLVPHC Điều 9)"), MITIGATING_CHOICES)
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
        return penalty_data(view, issue_date=issue_date, recording=value)

    def defaults(self, view: CaseView, ctx: InputContext) -> dict[str, Any]:
        """The wording and the clause of every violation the conclusion found (LR-FINE), as proposals."""
        values = {**super().defaults(view, ctx), "offender": "organisation"}
        try:
            result = case_fines(view, "organisation")
        except (FineInputError, LookupError, ValueError):
            result = None
        if result is not None:
            values["violation"] = "; ".join(v.wording for v in result.violations)
            values["clause"] = "; ".join(v.citation for v in result.violations)
        values.pop("ended_on", None)
        return values
