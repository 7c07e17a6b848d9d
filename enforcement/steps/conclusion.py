"""``conclude_inspection``: the inspection conclusion, classifying each month in arrears (LR-EVASION)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from enforcement.domain.evasion import classify_month
from enforcement.domain.money import format_money, parse_amount
from enforcement.domain.vocabulary import CLASSIFIED, Behaviour
from enforcement.domain.vocabulary import concluded_behaviour as behaviour_of_months
from enforcement.models import Case
from enforcement.pdf.context import period_display
from enforcement.steps.base import Computed, StepDef
from enforcement.steps.data import ConclusionData, refs_fields
from enforcement.steps.fields import (
    Errors,
    InputContext,
    MonthToClassify,
    _field,
    bool_field,
    clean_text,
    date_field,
    int_field,
    money_field,
    signer_field,
    textarea_field,
)
from enforcement.workflow import DocKind, Trigger

if TYPE_CHECKING:
    from enforcement.services.case_view import CaseView


@dataclass(frozen=True)
class MonthClass:
    """One month as the conclusion classified it."""

    period: str
    behaviour: Behaviour
    suggestion: str = ""
    reason: str = ""
    amount: int = 0
    employees: int = 0  # the ledger headcount of the month (a suggestion only)
    # LR-ART216 (evasion months): the workers actually evaded as confirmed by the inspector (None: not
    # confirmed) and the employee shares withheld from wages and not paid over.
    confirmed_employees: int | None = None
    withheld: int = 0

    @property
    def ledger_employees(self) -> int:
        return self.employees


@dataclass(frozen=True)
class ConclusionInput:
    conclusion_date: date = date_field(_l("Ngày kết luận"), dates_documents=True)
    behaviours: list[MonthClass] = _field("behaviours", _l("Phân loại hành vi từng tháng"))
    employees_affected: int = int_field(_l("Số người lao động bị ảnh hưởng"))
    withheld_not_paid: int = money_field(
        _l("Tiền đã trích của người lao động nhưng chưa nộp"),
        help=_l("Phần đóng của người lao động đã khấu trừ từ lương mà đơn vị chưa nộp (đồng)"),
    )
    payroll_used: bool = bool_field(_l("Đoàn kiểm tra đã sử dụng bảng lương, hồ sơ tiền lương của đơn vị"))
    findings: str = textarea_field(_l("Kết luận, kiến nghị"))
    signer_id: int = signer_field()


def concluded_behaviour(months: Iterable[MonthClass]) -> Behaviour:
    """The case's behaviour from the per-month classification: evasion wins over late payment."""
    return behaviour_of_months({m.behaviour for m in months})


MAX_WORKERS = 10_000_000


def behaviours_schema() -> dict[str, Any]:
    """The API's JSON Schema of ``behaviours`` (``parse_behaviours`` and ``_confirmed`` read exactly this)."""
    from enforcement.steps.fields import AMOUNT, MAX_TEXTAREA, PERIOD, json_money, json_text

    month = {
        "type": "object",
        "properties": {
            "behaviour": {"type": "string", "enum": [b.value for b in CLASSIFIED]},
            "reason": json_text(MAX_TEXTAREA),
            "employees": {"anyOf": [{"type": "integer", "minimum": 0, "maximum": MAX_WORKERS}, {"type": "null"}],
                          "description": "Workers actually evaded, as confirmed (evasion months)."},
            "withheld": {"anyOf": [json_money(), {"type": "string", "pattern": AMOUNT}, {"type": "null"}],
                         "description": "Employee shares withheld and not paid over (evasion months)."},
        },
        "required": ["behaviour"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "propertyNames": {"pattern": PERIOD},
        "additionalProperties": month,
        "description": 'Each month to classify: {"2026-03": {"behaviour": "evasion", "reason": ""}}.',
    }


def _confirmed(item: Any, month: MonthToClassify, name: str, errors: Errors) -> tuple[int | None, int]:
    """An evasion month's workers actually evaded as confirmed by the inspector (None: not confirmed; the ledger
    headcount is only the form's suggestion) and the employee shares withheld and not paid over (LR-ART216)."""
    if not isinstance(item, Mapping):
        return None, 0
    raw_workers, raw_withheld = item.get("employees"), item.get("withheld")
    workers: int | None = None
    if raw_workers not in (None, ""):
        text = str(raw_workers).strip()
        if isinstance(raw_workers, bool) or not text.isdigit() or int(text) > MAX_WORKERS:
            errors.add(name, _("Kỳ %(p)s: số lao động bị trốn đóng phải là số nguyên không âm.", p=month.period))
        else:
            workers = int(text)
    withheld = 0
    if raw_withheld not in (None, ""):
        try:
            if isinstance(raw_withheld, bool):
                raise ValueError(raw_withheld)
            withheld = raw_withheld if isinstance(raw_withheld, int) else parse_amount(str(raw_withheld))
            if withheld < 0:
                raise ValueError(raw_withheld)
        except (ValueError, TypeError):
            errors.add(name, _("Kỳ %(p)s: số tiền đã khấu trừ chưa nộp không hợp lệ.", p=month.period))
            withheld = 0
        else:
            if withheld > month.outstanding:
                errors.add(
                    name,
                    _(
                        "Kỳ %(p)s: số tiền đã khấu trừ chưa nộp lớn hơn số tiền còn nợ của kỳ (%(a)s).",
                        p=month.period,
                        a=format_money(month.outstanding),
                    ),
                )
    return workers, withheld


def parse_behaviours(raw: Any, ctx: InputContext, errors: Errors) -> list[MonthClass]:
    """Per-month classification: ``{"2025-08": {"behaviour": "evasion", "reason": "…"}}``.

    Form posts use ``behaviour_<period>`` / ``reason_<period>`` fields (``fold_form``
    folds them into this mapping).  A reason is required when the choice differs
    from the LR-EVASION suggestion, and for every month the rule leaves to the
    inspector ("manual").
    """
    given = raw if isinstance(raw, Mapping) else {}
    out = []
    for month in ctx.months:
        item = given.get(month.period) or {}
        choice = item.get("behaviour") if isinstance(item, Mapping) else item
        reason = clean_text(item.get("reason", "")) if isinstance(item, Mapping) else ""
        name = f"behaviours.{month.period}"
        if choice not in CLASSIFIED:
            errors.add(name, _("Chọn hành vi của kỳ %(p)s.", p=month.period))
            continue
        needs_reason = month.suggestion == "manual" or choice != month.suggestion
        if needs_reason and not reason:
            errors.add(
                name,
                _(
                    "Kỳ %(p)s: phải ghi căn cứ khi phân loại khác gợi ý (%(s)s) hoặc khi cần phân loại thủ công.",
                    p=month.period,
                    s=_(Behaviour(month.suggestion).label),
                ),
            )
        workers, withheld = _confirmed(item, month, name, errors) if choice == Behaviour.EVASION else (None, 0)
        out.append(
            MonthClass(month.period, Behaviour(choice), month.suggestion, reason, month.outstanding, month.employees,
                       workers, withheld)
        )
    return out


def months_to_classify(view: CaseView) -> tuple[MonthToClassify, ...]:
    """Months in arrears with their LR-EVASION suggestion (reminders = demand notices sent)."""
    reminders = [d.issue_date for d in view.history.inputs(Trigger.SEND_DEMAND) if d.issue_date]
    out = []
    for m in view.figures.months:
        if not m.in_arrears:
            continue
        c = classify_month(m.period, m.outstanding, view.today, reminders, (), view.params)
        out.append(MonthToClassify(str(m.period), m.outstanding, m.employees, c.suggestion, c.reason))
    return tuple(out)


def conclusion_data(view: CaseView, months: list[MonthClass], withheld_not_paid: int = 0) -> ConclusionData:
    evasion = [m for m in months if m.behaviour == Behaviour.EVASION]
    late = [m for m in months if m.behaviour == Behaviour.LATE_PAYMENT]
    behaviour = concluded_behaviour(months)
    return ConclusionData(
        **refs_fields(view),
        months=[
            {
                "period": period_display(m.period),
                "behaviour": m.behaviour,
                "suggestion": m.suggestion,
                "reason": m.reason,
                "amount": m.amount,
                "employees": m.employees,
                "confirmed_employees": m.confirmed_employees,
                "withheld": m.withheld,
                "behaviour_label": Behaviour(m.behaviour).label,
            }
            for m in months
        ],
        evasion_months=len(evasion),
        evasion_amount=sum(m.amount for m in evasion),
        late_months=len(late),
        late_amount=sum(m.amount for m in late),
        # Per evasion month when the inspector entered it (issue 16), else the single total of older conclusions.
        withheld_total=sum(m.withheld for m in evasion) or withheld_not_paid,
        violation=behaviour.is_violation,
        violation_label=behaviour.words if behaviour.is_violation else "",
    )


class ConcludeInspection(StepDef):
    trigger = Trigger.CONCLUDE_INSPECTION
    Input = ConclusionInput

    def context(self, view: CaseView, base: InputContext) -> InputContext:
        from dataclasses import replace

        return replace(base, months=months_to_classify(view))

    def fold_form(self, form: Mapping[str, Any]) -> dict[str, Any]:
        """Fold per-month form fields (``behaviour_<period>``, ``reason_<period>``) into ``behaviours``."""
        data = dict(form)
        if "behaviours" not in data:
            data["behaviours"] = {
                key.removeprefix("behaviour_"): {
                    "behaviour": value,
                    "reason": form.get("reason_" + key[10:], ""),
                    "employees": form.get("employees_" + key[10:], ""),
                    "withheld": form.get("withheld_" + key[10:], ""),
                }
                for key, value in form.items()
                if key.startswith("behaviour_")
            }
        return data

    def load_field(self, name: str, kind: str | None, value: Any) -> Any:
        if name == "behaviours":
            known = {f.name for f in dataclasses.fields(MonthClass)}
            return [
                MonthClass(**{**{k: v for k, v in m.items() if k in known}, "behaviour": Behaviour(m["behaviour"])})
                for m in value or []
            ]
        return super().load_field(name, kind, value)

    def compute(self, view: CaseView, value: ConclusionInput) -> dict[str, Any]:
        return {"behaviour": concluded_behaviour(value.behaviours)}

    def record(self, case: Case, value: ConclusionInput, computed: Computed) -> None:
        case.concluded_behaviour = computed.behaviour

    def document_data(self, kind: DocKind, view: CaseView, value: ConclusionInput, *, issue_date: date,
                      extra: Mapping[str, Any]) -> ConclusionData:
        return conclusion_data(view, value.behaviours, value.withheld_not_paid or 0)

    def defaults(self, view: CaseView, ctx: InputContext) -> dict[str, Any]:
        values = {
            **super().defaults(view, ctx),
            "employees_affected": str(view.case.employees_affected or view.figures.employees_affected),
            "withheld_not_paid": "0",
        }
        for month in ctx.months:
            values[f"behaviour_{month.period}"] = month.suggestion if month.suggestion != "manual" else ""
            # LR-ART216 C4: the ledger headcount only as a suggestion; the inspector confirms or corrects it.
            values[f"employees_{month.period}"] = str(month.employees)
            values[f"withheld_{month.period}"] = "0"
        return values
