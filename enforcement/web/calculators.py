"""The Article 216 calculator for legal staff: what-if inputs, the evaluation criterion by criterion.

The inputs are typed as lines (one evasion month, one earlier penalty per
line), turned into the JSON contract of ``calculators.article216`` and
evaluated with the legal parameters in force.  Opened from a case, the form
starts from that case's own figures.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from enforcement import clock
from enforcement.calculators import CALCULATORS, CalculatorInputError
from enforcement.domain.periods import Period
from enforcement.domain.vocabulary import Behaviour
from enforcement.models import Case
from enforcement.permissions import Permission, get_in_office, require
from enforcement.services import cases as case_service
from enforcement.services.legal_params import current_params
from enforcement.web.args import id_arg
from enforcement.web.forms import Art216Form, FineForm, apply_errors, money_or_none

bp = Blueprint("calculators", __name__, url_prefix="/calculators")



def _day(text: str) -> str:
    text = text.strip()
    if "/" in text:
        d, m, y = text.split("/")
        return date(int(y), int(m), int(d)).isoformat()
    return date.fromisoformat(text).isoformat()


def _count(text: str) -> int | None:
    text = text.strip()
    return None if text == "" else int(text)


def _months(text: str, errors: list[str]) -> list[dict[str, Any]]:
    """Lines "month/year; amount; confirmed workers (blank: not confirmed); withheld not paid over"."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("\t", ";").split(";")] + ["", ""]
        try:
            month: dict[str, Any] = {
                "period": str(Period.parse(parts[0])),
                "amount": money_or_none(parts[1]) or 0,
                "employees": _count(parts[2]),
            }
            if parts[3]:
                month["withheld"] = money_or_none(parts[3]) or 0
            out.append(month)
        except (ValueError, IndexError):
            errors.append(
                _(
                    "Dòng %(n)d: phải là “tháng/năm; số tiền; số người lao động bị trốn đóng đã xác nhận; "
                    "tiền đã khấu trừ chưa nộp”.",
                    n=number,
                )
            )
    return out


def _period_list(text: str) -> list[str]:
    return [str(Period.parse(p)) for p in text.replace(" ", ",").split(",") if p.strip()]


def _penalties(text: str, errors: list[str]) -> list[dict[str, Any]]:
    """Lines "decision date; behaviour; months of conduct; date received; date complied; number"."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")] + ["", "", "", ""]
        try:
            behaviour = Behaviour.parse(parts[1])
            if not behaviour.is_violation:
                raise ValueError(parts[1])
            out.append(
                {
                    "decision_date": _day(parts[0]),
                    "behaviour": behaviour.value,
                    "conduct_months": _period_list(parts[2]),
                    "received_on": _day(parts[3]) if parts[3] else None,
                    "complied_on": _day(parts[4]) if parts[4] else None,
                    "number": parts[5],
                    "source": "input",
                }
            )
        except (ValueError, KeyError, IndexError):
            errors.append(
                _(
                    "Dòng %(n)d: phải là “ngày quyết định; trốn đóng hoặc chậm đóng; các tháng vi phạm; "
                    "ngày nhận quyết định; ngày chấp hành xong; số quyết định”.",
                    n=number,
                )
            )
    return out


def _fill_from_case(form: Art216Form, case: Case) -> None:
    view = case_service.view_of(case, clock.today())
    if view.art216 is None:
        return
    inputs = view.art216.inputs
    form.offender.data = inputs.offender
    form.evasion_months.data = "\n".join(
        f"{m.period.month:02d}/{m.period.year}; {m.amount}; {'' if m.employees is None else m.employees}"
        + (f"; {m.withheld}" if m.withheld else "")
        for m in inputs.evasion_months
    )
    if not any(m.withheld for m in inputs.evasion_months):
        form.withheld_not_paid.data = str(inputs.withheld_not_paid)
    form.prior_offences.data = inputs.prior_offences
    form.prior_penalties.data = "\n".join(
        f"{p.decision_date:%d/%m/%Y}; {'trốn đóng' if p.is_evasion else 'chậm đóng'}; "
        f"{', '.join(f'{m.month:02d}/{m.year}' for m in p.conduct_months)}; "
        f"{p.received_on.strftime('%d/%m/%Y') if p.received_on else ''}; "
        f"{p.complied_on.strftime('%d/%m/%Y') if p.complied_on else ''}; {p.number}"
        for p in inputs.prior_penalties
    )
    form.still_unpaid.data = str(inputs.still_unpaid)


@bp.route("/article216", methods=["GET", "POST"])
@require(Permission.CALCULATOR_USE)
def article216() -> tuple[str, int]:
    form = Art216Form()
    case = None
    if request.method == "GET":
        form.evaluation_date.data = clock.today()
        if request.args.get("case_id", "").strip():  # opened from a case: its id or 404
            case = get_in_office(Case, id_arg("case_id") or abort(404))
            _fill_from_case(form, case)
        return render_template("calculators/article216.html", form=form, result=None, case=case), 200
    result, status = None, 200
    if form.validate_on_submit():
        month_errors: list[str] = []
        penalty_errors: list[str] = []
        obj = {
            "evaluation_date": form.evaluation_date.data.isoformat(),
            "offender": form.offender.data,
            "evasion_months": _months(form.evasion_months.data or "", month_errors),
            "prior_offences": form.prior_offences.data or 0,
            "prior_penalties": _penalties(form.prior_penalties.data or "", penalty_errors),
            "still_unpaid": money_or_none(form.still_unpaid.data) or 0,
        }
        if not any("withheld" in m for m in obj["evasion_months"]):
            obj["withheld_not_paid"] = money_or_none(form.withheld_not_paid.data) or 0
        apply_errors(form, {"evasion_months": month_errors, "prior_penalties": penalty_errors})
        if not month_errors and not penalty_errors:
            try:
                result = CALCULATORS["article216"](obj, current_params())
            except CalculatorInputError as exc:
                apply_errors(form, _errors_by_field(exc.errors))
                status = 422
        else:
            status = 422
    else:
        status = 422
    return render_template("calculators/article216.html", form=form, result=result, case=case), status


def _errors_by_field(errors: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Map the contract's field paths (``evasion_months[2].amount``) onto the form's fields."""
    out: dict[str, list[str]] = {}
    for path, message in errors:
        name = path.split("[")[0].split(".")[0] or "evaluation_date"
        out.setdefault(name, []).append(f"{path}: {message}" if path != name else message)
    return out


# --------------------------------------------------------------------------- LR-FINE


def _violation_lines(text: str, errors: list[str]) -> list[dict[str, Any]]:
    """Lines "behaviour; base or workers; months; aggravating ids; mitigating ids" as the calculator's objects."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")] + ["", "", "", ""]
        try:
            behaviour = parts[0]
            amount = money_or_none(parts[1])
            if amount is None:
                raise ValueError(parts[1])
            item: dict[str, Any] = {
                "behaviour": behaviour,
                "workers" if "unregistered" in behaviour else "base": amount,
                "months": int(parts[2]) if parts[2] else 1,
                "aggravating": [x.strip() for x in parts[3].split(",") if x.strip()],
                "mitigating": [x.strip() for x in parts[4].split(",") if x.strip()],
            }
            out.append(item)
        except ValueError:
            errors.append(_("Dòng %(n)d: phải là “mã hành vi; số tiền hoặc số người; số tháng; tình tiết tăng nặng; "
                            "tình tiết giảm nhẹ”.", n=number))
    return out


def _fill_fine_from_case(form: FineForm, case: Case) -> None:
    from enforcement.domain.fines import FineInputError
    from enforcement.steps.case_fines import case_fines, record_dates, record_offender

    view = case_service.view_of(case, clock.today())
    try:
        result = case_fines(view, record_offender(view))
    except (FineInputError, LookupError, ValueError):
        return
    if result is None:
        return
    record_date, ended_on = record_dates(view)
    form.violation_date.data, form.ended_on.data = record_date, ended_on
    form.offender.data = record_offender(view)
    form.violations.data = "\n".join(
        f"{v.behaviour}; {v.workers if v.workers is not None else v.base}; {v.months}; "
        f"{','.join(f.id for f in v.aggravating if f.id != 'vi_pham_nhieu_lan')}; "
        f"{','.join(f.id for f in v.mitigating)}" for v in result.violations)
    form.signer_title.data = "bhxh_province_director"


@bp.route("/fine", methods=["GET", "POST"])
@require(Permission.CALCULATOR_USE)
def fine() -> tuple[str, int]:
    """LR-FINE: violation by violation, with reasons, the total and the competence check; the JSON shown is
    exactly the calculator's (CLI ``flask legal fine``, ``POST /api/v1/calculators/fine``)."""
    form = FineForm()
    case = None
    if request.method == "GET":
        form.violation_date.data = clock.today()
        if request.args.get("case_id", "").strip():
            case = get_in_office(Case, id_arg("case_id") or abort(404))
            _fill_fine_from_case(form, case)
        return render_template("calculators/fine.html", form=form, result=None, request_json=None, case=case), 200
    result, request_json, status = None, None, 200
    if form.validate_on_submit():
        line_errors: list[str] = []
        obj: dict[str, Any] = {
            "violation_date": form.violation_date.data.isoformat(),
            "ended_on": form.ended_on.data.isoformat() if form.ended_on.data else None,
            "offender": form.offender.data,
            "violations": _violation_lines(form.violations.data or "", line_errors),
        }
        if form.signer_title.data:
            obj["signer"] = {"title": form.signer_title.data}
        apply_errors(form, {"violations": line_errors})
        if line_errors:
            status = 422
        else:
            try:
                result = CALCULATORS["fine"](obj, current_params())
                request_json = obj
            except CalculatorInputError as exc:
                apply_errors(form, _fine_errors(exc.errors))
                status = 422
    else:
        status = 422
    return render_template("calculators/fine.html", form=form, result=result, request_json=request_json,
                           case=case), status


def _fine_errors(errors: list[tuple[str, str]]) -> dict[str, list[str]]:
    fields = {"violation_date", "ended_on", "offender", "violations"}
    out: dict[str, list[str]] = {}
    for path, message in errors:
        name = path.split("[")[0].split(".")[0]
        name = name if name in fields else ("signer_title" if name == "signer" else "violations")
        out.setdefault(name, []).append(f"{path}: {message}" if path != name else message)
    return out
