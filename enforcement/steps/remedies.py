"""``issue_remedies``: a decision applying remedial measures only, when no fine may be imposed any more.

LR-FINE (remedial measures), XLVPHC Art. 65: once the limitation (D-LIMIT) or the decision deadline
(D-DECISION) has passed, no fine is imposed, but the employer is still ordered to pay the amounts late or
evaded and the interest on them (Decree 283/2026 Arts. 43(4), 44(3), 45(4), 46(4); SI and BHTN only — BHYT is
owed under its own law).
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
from enforcement.steps.data import RemediesData, penalty_data, refs_fields
from enforcement.steps.fields import Errors, InputContext, date_field, int_field, signer_field
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class RemediesInput:
    decision_date: date = date_field(_l("Ngày quyết định"), dates_documents=True)
    compliance_days: int = int_field(_l("Thời hạn chấp hành (ngày)"))
    signer_id: int = signer_field()


def time_barred(view: CaseView) -> list[str]:
    """Why no fine may be imposed: the deadlines that have passed, as the decision states them."""
    reasons = []
    limit = view.facts.deadlines.get("D-LIMIT")
    if limit is not None and limit.overdue:
        reasons.append(f"đã hết thời hiệu xử phạt vi phạm hành chính ngày {format_date(limit.due)} (Điều 6 Luật Xử "
                       "lý vi phạm hành chính; khoản 4 Điều 3 Nghị định số 283/2026/NĐ-CP)")
    decision = view.facts.deadlines.get("D-DECISION")
    if decision is not None and decision.overdue:
        reasons.append(f"đã hết thời hạn ra quyết định xử phạt ngày {format_date(decision.due)} (Điều 66 Luật Xử lý "
                       "vi phạm hành chính)")
    return reasons


class IssueRemedies(StepDef):
    trigger = Trigger.ISSUE_REMEDIES
    Input = RemediesInput

    def check(self, values: dict[str, Any], ctx: InputContext, errors: Errors) -> None:
        day = values["decision_date"]
        if ctx.record_date is not None and day < ctx.record_date:
            errors.add("decision_date", _("Ngày quyết định không được trước ngày lập biên bản vi phạm hành chính "
                                          "(%(d)s).", d=format_date(ctx.record_date)))
        if values["compliance_days"] < 10:
            errors.add("compliance_days", _("Thời hạn chấp hành ít nhất 10 ngày (Luật XLVPHC Điều 73)."))

    def record(self, case: Case, value: RemediesInput, computed: Computed) -> None:
        case.penalty_decided_on = value.decision_date  # the decision the case is enforced on

    def document_data(self, kind: DocKind, view: CaseView, value: Any, *, issue_date: date,
                      extra: Mapping[str, Any]) -> RemediesData:
        return RemediesData(
            **refs_fields(view),
            penalty=penalty_data(view, organisation_fine_article=organisation_fine_article(issue_date),
                                 competence_article=competence_article(issue_date)),
            time_barred=time_barred(view),
            principal=view.figures.principal,
            interest=view.figures.interest,
        )

    def defaults(self, view: CaseView, ctx: InputContext) -> dict[str, Any]:
        return {**super().defaults(view, ctx), "compliance_days": "10"}
