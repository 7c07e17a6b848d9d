"""``issue_penalty``: the penalty decision; the fine within the band and the signer's competence (LR-FINE)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.domain.fines import check_chosen_fine, check_signer_competence, propose_fine
from enforcement.domain.vocabulary import Behaviour, Offender
from enforcement.legal_bases import competence_article, organisation_fine_article
from enforcement.models import Case
from enforcement.steps.base import Computed, StepDef
from enforcement.steps.data import PenaltyData, penalty_data
from enforcement.steps.fields import (
    Errors,
    InputContext,
    bool_field,
    check_decision_date,
    choice_field,
    date_field,
    derived_field,
    int_field,
    money_field,
    signer_field,
    textarea_field,
)
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class PenaltyInput:
    decision_date: date = date_field(_l("Ngày quyết định"), dates_documents=True)
    offender: str = choice_field(_l("Đối tượng bị xử phạt"), Offender)
    mitigating: bool = bool_field(_l("Có tình tiết giảm nhẹ"))
    aggravating: bool = bool_field(_l("Có tình tiết tăng nặng"))
    fine: int = money_field(_l("Mức phạt tiền (đồng)"))
    fine_reason: str = textarea_field(_l("Lý do chọn mức phạt"), required=False)
    legal_basis: str = textarea_field(
        _l("Căn cứ pháp lý bổ sung"), required=False,
        help=_l("Mỗi dòng một căn cứ, thêm vào các căn cứ chuẩn của quyết định"),
    )
    remedies: str = textarea_field(_l("Biện pháp khắc phục hậu quả"))
    served_on: date | None = date_field(_l("Ngày giao quyết định cho đơn vị"), required=False)
    compliance_days: int = int_field(_l("Thời hạn chấp hành (ngày)"))
    signer_id: int = signer_field()
    fine_proposal: dict[str, Any] | None = derived_field()  # the LR-FINE band as proposed when decided


class IssuePenalty(StepDef):
    trigger = Trigger.ISSUE_PENALTY
    Input = PenaltyInput

    def context(self, view: CaseView, base: InputContext) -> InputContext:
        recorded = view.history.last(Trigger.RECORD_VIOLATION)
        record_date = (recorded.input.record_date if recorded else None) or view.today
        base_amount = recorded.computed.principal if recorded else view.figures.principal
        behaviour = view.case.concluded_behaviour or Behaviour.LATE_PAYMENT

        def proposal(decision_date: date, offender: str, mitigating: bool, aggravating: bool):
            return propose_fine(record_date, behaviour, offender, base_amount, mitigating, aggravating, view.params)

        return replace(base, fine_proposal=proposal)

    def check(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> None:
        """LR-FINE: the chosen fine is inside the band (reason when it differs) and within the signer's competence."""
        check_decision_date("decision_date", values["decision_date"], ctx, errors)  # LR-DEADLINES
        if ctx.fine_proposal is None:
            return
        proposal = ctx.fine_proposal(
            values["decision_date"], values["offender"], values["mitigating"], values["aggravating"]
        )
        check = check_chosen_fine(proposal, values["fine"], values.get("fine_reason") or "")
        if not check.ok:
            for reason in check.reasons:
                errors.add("fine", reason)
        signer = next(s for s in ctx.signers if s.id == values["signer_id"])
        if not signer.competence and not competence_article(values["decision_date"]):
            errors.add("signer_id", _("Người ký chưa có căn cứ thẩm quyền xử phạt để ghi vào quyết định (Nghị định "
                                      "số 12/2022/NĐ-CP): quản trị viên nhập tại Quản trị → Cơ quan → Người ký."))
        ok, reason = check_signer_competence(
            values["fine"], signer.cap_person, signer.cap_organisation, values["offender"]
        )
        if not ok:
            errors.add("signer_id", reason)

    def derive(self, values: dict[str, Any], ctx: InputContext) -> dict[str, Any]:
        if ctx.fine_proposal is None:
            return {}
        proposal = ctx.fine_proposal(
            values["decision_date"], values["offender"], values["mitigating"], values["aggravating"]
        )
        return {"fine_proposal": proposal.to_dict()}

    def compute(self, view: CaseView, value: PenaltyInput) -> dict[str, Any]:
        return {"behaviour": view.case.concluded_behaviour}

    def record(self, case: Case, value: PenaltyInput, computed: Computed) -> None:
        case.penalty_decided_on = value.decision_date

    def document_data(self, kind: DocKind, view: CaseView, value: Any, *, issue_date: date,
                      extra: Mapping[str, Any]) -> PenaltyData:
        return penalty_data(view, organisation_fine_article=organisation_fine_article(issue_date),
                            competence_article=competence_article(issue_date))

    def defaults(self, view: CaseView, ctx: InputContext) -> dict[str, Any]:
        return {**super().defaults(view, ctx), "compliance_days": "10", "offender": Offender.ORGANISATION.value}
