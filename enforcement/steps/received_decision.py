"""``record_received_decision``: the competent authority's penalty decision, received after a transfer.

LR-COMPETENCE: legal staff record its number, date, signer's title and the fine of each violation, and name
the signed PDF uploaded to the case's evidence; from then on it is the case's penalty decision for every
later step (service and payment, enforcement, Article 216, the referral dossier, the sanction history).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.domain.money import parse_amount
from enforcement.domain.periods import format_date
from enforcement.domain.vocabulary import Offender
from enforcement.models import Case
from enforcement.steps.base import Computed, StepDef
from enforcement.steps.fields import (
    Errors,
    InputContext,
    check_decision_date,
    choice_field,
    date_field,
    derived_field,
    evidence_field,
    int_field,
    lines_field,
    text_field,
)
from enforcement.workflow import Trigger

MIN_COMPLIANCE_DAYS = 10  # XLVPHC Art. 73


@dataclass(frozen=True)
class ReceivedDecisionInput:
    decision_number: str = text_field(_l("Số quyết định xử phạt"), help=_l("Ví dụ: 125/QĐ-XPHC"))
    decision_date: date = date_field(_l("Ngày quyết định"))
    signer_title: str = text_field(
        _l("Chức danh người ký quyết định"), help=_l("Ví dụ: Tổng Giám đốc Bảo hiểm xã hội Việt Nam"),
    )
    offender: str = choice_field(_l("Đối tượng bị xử phạt"), Offender)
    fines: list[str] = lines_field(
        _l("Tiền phạt từng hành vi vi phạm"),
        help=_l("Mỗi dòng một hành vi: điểm, khoản, điều – dấu hai chấm – số tiền; ví dụ "
                "“điểm b khoản 2 Điều 44 Nghị định số 283/2026/NĐ-CP: 150.000.000”."),
    )
    compliance_days: int = int_field(_l("Thời hạn chấp hành ghi trong quyết định (ngày)"))
    served_on: date | None = date_field(_l("Ngày đơn vị nhận quyết định"), required=False)
    evidence_id: int = evidence_field(
        _l("Bản quyết định (tệp PDF đã tải lên mục Tài liệu, chứng cứ)"),
        help=_l("Tải bản quyết định đã ký lên mục Tài liệu, chứng cứ của hồ sơ trước, rồi chọn tệp đó ở đây."),
    )
    fine_items: list[dict[str, Any]] | None = derived_field()  # [{"violation", "amount"}] from ``fines``
    fine_total: int | None = derived_field()


def parse_fine_lines(lines: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """``"provision: amount"`` lines as ``[{"violation", "amount"}]``, and a message per faulty line."""
    items, problems = [], []
    for number, line in enumerate(lines, start=1):
        provision, sep, amount = line.rpartition(":")
        provision = provision.strip()
        if not sep or not provision:
            problems.append(_("Dòng %(n)d: ghi “điểm, khoản, điều: số tiền”.", n=number))
            continue
        try:
            value = parse_amount(amount.replace("đ", "").replace("đồng", "").strip())
        except ValueError as exc:
            problems.append(_("Dòng %(n)d: %(e)s", n=number, e=str(exc)))
            continue
        items.append({"violation": provision, "amount": value})
    return items, problems


class RecordReceivedDecision(StepDef):
    trigger = Trigger.RECORD_RECEIVED_DECISION
    Input = ReceivedDecisionInput

    def check(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> None:
        decided = values["decision_date"]
        check_decision_date("decision_date", decided, ctx, errors, explanation=False)
        if ctx.transferred_on is not None and decided < ctx.transferred_on:
            errors.add("decision_date", _("Ngày quyết định không được trước ngày công văn chuyển hồ sơ (%(d)s).",
                                          d=format_date(ctx.transferred_on)))
        served = values.get("served_on")
        if served is not None and served < decided:
            errors.add("served_on", _("Ngày nhận quyết định không được trước ngày quyết định."))
        if values["compliance_days"] < MIN_COMPLIANCE_DAYS:
            errors.add("compliance_days", _("Thời hạn chấp hành ít nhất 10 ngày (Luật XLVPHC Điều 73)."))
        _items, problems = parse_fine_lines(values["fines"])
        for problem in problems:
            errors.add("fines", problem)

    def derive(self, values: dict[str, Any], ctx: InputContext) -> dict[str, Any]:
        items, _problems = parse_fine_lines(values["fines"])
        return {"fine_items": items, "fine_total": sum(i["amount"] for i in items)}

    def compute(self, view: Any, value: ReceivedDecisionInput) -> dict[str, Any]:
        return {"behaviour": view.case.concluded_behaviour}

    def record(self, case: Case, value: ReceivedDecisionInput, computed: Computed) -> None:
        case.penalty_decided_on = value.decision_date

    def defaults(self, view: Any, ctx: InputContext) -> dict[str, Any]:
        values = super().defaults(view, ctx)
        values["compliance_days"] = str(MIN_COMPLIANCE_DAYS)
        values["offender"] = Offender.ORGANISATION.value
        if ctx.evidence:
            values["evidence_id"] = str(ctx.evidence[-1].id)
        return values
