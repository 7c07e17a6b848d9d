"""``issue_penalty``: the penalty decision, one fine per violation (LR-FINE) by a competent signer (LR-COMPETENCE)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.domain.fines import FineBehaviour, FineInputError, FineResult
from enforcement.domain.money import format_money, parse_amount
from enforcement.domain.vocabulary import FineOffender
from enforcement.i18n import ui_text
from enforcement.legal_bases import competence_article
from enforcement.models import Case
from enforcement.steps.base import Computed, StepDef
from enforcement.steps.case_fines import case_fines
from enforcement.steps.data import PenaltyData, penalty_data
from enforcement.steps.fields import (
    Errors,
    InputContext,
    check_decision_date,
    choice_field,
    date_field,
    derived_field,
    int_field,
    lines_field,
    multichoice_field,
    signer_field,
    textarea_field,
)
from enforcement.steps.penalty_choices import AGGRAVATING_CHOICES, MITIGATING_CHOICES
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView



@dataclass(frozen=True)
class PenaltyInput:
    decision_date: date = date_field(_l("Ngày quyết định"), dates_documents=True)
    offender: str = choice_field(_l("Đối tượng bị xử phạt"), FineOffender)
    aggravating: list[str] = multichoice_field(
        _l("Tình tiết tăng nặng (Luật XLVPHC Điều 10)"), AGGRAVATING_CHOICES,
        help=_l("“Vi phạm hành chính nhiều lần” được tính tự động cho hành vi có từ 2 tháng vi phạm."),
    )
    mitigating: list[str] = multichoice_field(_l("Tình tiết giảm nhẹ (Luật XLVPHC Điều 9)"), MITIGATING_CHOICES)
    fine_choices: list[str] = lines_field(
        _l("Mức phạt khác mức đề xuất (không bắt buộc)"), required=False,
        help=_l("Mỗi dòng: mã hành vi = số tiền, ví dụ “si_late = 12.000.000”; phải nằm trong khung và ghi lý do."),
    )
    fine_reason: str = textarea_field(_l("Lý do chọn mức phạt khác mức đề xuất"), required=False)
    legal_basis: str = textarea_field(
        _l("Căn cứ pháp lý bổ sung"), required=False,
        help=_l("Mỗi dòng một căn cứ, thêm vào các căn cứ chuẩn của quyết định"),
    )
    remedies: str = textarea_field(
        _l("Biện pháp khắc phục hậu quả"),
        help=_l("Điền sẵn theo từng hành vi của Nghị định (bảo hiểm xã hội, bảo hiểm thất nghiệp); bảo hiểm y tế "
                "thu theo Luật Bảo hiểm y tế, không phải biện pháp của nghị định xử phạt."),
    )
    served_on: date | None = date_field(_l("Ngày giao quyết định cho đơn vị"), required=False)
    compliance_days: int = int_field(_l("Thời hạn chấp hành (ngày)"))
    signer_id: int = signer_field()
    fine_proposal: dict[str, Any] | None = derived_field()  # the LR-FINE result as decided (every violation)
    fine: int = derived_field(0)  # the decision's total


def parse_choices(lines: list[str]) -> tuple[dict[str, int], list[str]]:
    """``["si_late = 12.000.000"]`` → ``{"si_late": 12000000}`` and the problems found."""
    chosen: dict[str, int] = {}
    problems: list[str] = []
    codes = {b.value for b in FineBehaviour}
    for line in lines:
        code, sep, amount = line.partition("=")
        code = code.strip()
        if not sep or code not in codes:
            problems.append(_("Dòng “%(l)s”: phải có dạng mã hành vi = số tiền (mã: %(c)s).", l=line[:60],
                              c=", ".join(sorted(codes))))
            continue
        try:
            chosen[code] = parse_amount(amount.strip())
        except ValueError as exc:
            problems.append(f"{code}: {exc}")
    return chosen, problems


def apply_choices(result: FineResult, chosen: Mapping[str, int]) -> tuple[list[dict[str, Any]], list[str]]:
    """Every violation with its decided fine (the proposal, or the figure chosen within the band)."""
    out, problems = [], []
    known = {v.behaviour for v in result.violations}
    for code in chosen:
        if code not in known:
            problems.append(_("Hành vi %(c)s không có trong vụ việc này.", c=code))
    for v in result.violations:
        row = v.to_dict()
        figure = chosen.get(v.behaviour, v.proposal)
        if v.form == "warning" and figure:
            problems.append(_("%(c)s: phạt cảnh cáo, không phạt tiền (khoản 1 Điều %(a)s).", c=v.behaviour,
                              a=v.article.split("(")[0]))
        elif not v.band_min <= figure <= v.band_max:
            problems.append(_("%(c)s: mức phạt %(f)s nằm ngoài khung %(lo)s – %(hi)s.", c=v.behaviour,
                              f=format_money(figure), lo=format_money(v.band_min), hi=format_money(v.band_max)))
        row["fine"] = figure
        out.append(row)
    return out, problems


class IssuePenalty(StepDef):
    trigger = Trigger.ISSUE_PENALTY
    Input = PenaltyInput

    def context(self, view: CaseView, base: InputContext) -> InputContext:
        def proposal(decision_date: date, offender: str, aggravating: list[str], mitigating: list[str],
                     signer_id: int | None = None) -> FineResult | None:
            signer = next((s.authority() for s in base.signers if s.id == signer_id), None)
            return case_fines(view, offender, aggravating, mitigating, signer, decision_date)

        return replace(base, fine_proposal=proposal)

    def _result(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> FineResult | None:
        if ctx.fine_proposal is None:
            return None
        try:
            return ctx.fine_proposal(values["decision_date"], values["offender"], values.get("aggravating") or [],
                                     values.get("mitigating") or [], values.get("signer_id"))
        except FineInputError as exc:
            for where, message in exc.errors:
                name = where.rsplit(".", 1)[-1] if where.rsplit(".", 1)[-1] in ("aggravating", "mitigating") \
                    else "fine_choices"
                errors.add(name, message)
            return None

    def check(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> None:
        """LR-FINE: each chosen figure inside its band (with a reason); LR-COMPETENCE: the signer covers every top."""
        check_decision_date("decision_date", values["decision_date"], ctx, errors)  # LR-DEADLINES
        result = self._result(values, ctx, errors)
        if result is None:
            if ctx.fine_proposal is not None and not errors:
                errors.add("offender", _("Kết luận kiểm tra không có hành vi vi phạm để xử phạt."))
            return
        chosen, problems = parse_choices(values.get("fine_choices") or [])
        _rows, outside = apply_choices(result, chosen)
        for problem in problems + outside:
            errors.add("fine_choices", problem)
        differs = any(chosen.get(v.behaviour, v.proposal) != v.proposal for v in result.violations)
        if differs and not (values.get("fine_reason") or "").strip():
            errors.add("fine_reason", _("Mức phạt khác mức đề xuất: phải ghi lý do (Luật XLVPHC Điều 23 khoản 4)."))
        signer = next((s for s in ctx.signers if s.id == values["signer_id"]), None)
        competence = result.competence
        if signer is not None and competence is not None and not competence.ok:
            errors.add("signer_id", _("Người ký không có thẩm quyền xử phạt vụ việc này: %(r)s.",
                                      r="; ".join(map(ui_text, competence.reasons))))
        elif signer is not None and not (signer.competence or signer.title_id
                                         or competence_article(values["decision_date"])):
            errors.add("signer_id", _("Người ký chưa có căn cứ thẩm quyền xử phạt để ghi vào quyết định: quản trị "
                                      "viên chọn chức danh có thẩm quyền tại Quản trị → Cơ quan → Người ký."))

    def derive(self, values: dict[str, Any], ctx: InputContext) -> dict[str, Any]:
        result = self._result(values, ctx, Errors())
        if result is None:
            return {}
        chosen, _problems = parse_choices(values.get("fine_choices") or [])
        rows, _outside = apply_choices(result, chosen)
        data = result.to_dict()
        data["violations"] = rows
        data["total"] = sum(r["fine"] for r in rows)
        return {"fine_proposal": data, "fine": data["total"]}

    def compute(self, view: CaseView, value: PenaltyInput) -> dict[str, Any]:
        return {"behaviour": view.case.concluded_behaviour}

    def record(self, case: Case, value: PenaltyInput, computed: Computed) -> None:
        case.penalty_decided_on = value.decision_date

    def document_data(self, kind: DocKind, view: CaseView, value: Any, *, issue_date: date,
                      extra: Mapping[str, Any]) -> PenaltyData:
        return penalty_data(view, issue_date=issue_date, signer_id=getattr(value, "signer_id", None),
                            penalising=value)

    def defaults(self, view: CaseView, ctx: InputContext) -> dict[str, Any]:
        from enforcement.steps.case_fines import record_offender

        offender = record_offender(view)
        values = {**super().defaults(view, ctx), "compliance_days": "10", "offender": offender}
        try:
            result = case_fines(view, offender)
        except (FineInputError, LookupError, ValueError):
            result = None
        if result is not None:
            remedies = list(dict.fromkeys(v.remedy for v in result.violations if v.remedy))
            values["remedies"] = "\n".join(remedies)
        return values
