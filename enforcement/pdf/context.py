"""Plain-data contexts for the document templates (never ORM objects: STYLE §5.7).

Everything a template prints is copied here into dicts of strings and
integers, so rendering a template cannot touch the database and user text is
escaped by Jinja like any other string.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from enforcement.domain.arrears import ArrearsFigures
from enforcement.domain.periods import Period, date_line, format_date
from enforcement.legal_bases import KINDS, bases_for
from enforcement.models import Case, Employer, Office, Signer
from enforcement.workflow import DocKind

EMPLOYER_KIND_LABELS = {
    "doanh_nghiep": "Doanh nghiệp",
    "co_quan": "Cơ quan, đơn vị nhà nước",
    "ho_kinh_doanh": "Hộ kinh doanh",
    "khac": "Khác",
}


def period_display(period: Period | str) -> str:
    """A contribution month as Vietnamese documents write it: ``06/2025``."""
    p = Period.parse(period) if isinstance(period, str) else period
    return f"{p.month:02d}/{p.year}"


def office_name_on(office: Office, day: date) -> str:
    """The office's name on ``day``: offices were renamed in 2025 (LEGAL.md Part B §6)."""
    names = sorted(office.settings.get("names", []), key=lambda n: n["from"])
    current = office.name
    for entry in names:
        if date.fromisoformat(entry["from"]) <= day:
            current = entry["name"]
    return current


def office_context(office: Office, day: date) -> dict[str, Any]:
    return {
        "code": office.code,
        "name": office_name_on(office, day),
        "parent_name": office.parent_name,
        "place_name": office.place_name,
        "address": office.address,
        "phone": office.phone,
    }


def employer_context(employer: Employer) -> dict[str, Any]:
    return {
        "name": employer.name,
        "unit_code": employer.unit_code,
        "tax_code": employer.tax_code,
        "address": employer.address,
        "district": employer.district,
        "kind": str(employer.kind),
        "kind_label": EMPLOYER_KIND_LABELS.get(str(employer.kind), str(employer.kind)),
        "legal_representative": employer.legal_representative,
        "representative_title": employer.representative_title,
    }


def signer_context(signer: Signer | None) -> dict[str, Any]:
    """Signature block: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" when a deputy signs (Decree 30)."""
    if signer is None:
        return {"authority": "", "title": "", "name": "", "competence": ""}
    return {
        "authority": "KT. GIÁM ĐỐC" if signer.is_deputy else "",
        "title": signer.title.upper(),
        "name": signer.full_name,
        "competence": signer.competence_basis,
    }


def arrears_context(figures: ArrearsFigures) -> dict[str, Any]:
    months = [
        {
            "period": period_display(m.period),
            "deadline": format_date(m.deadline),
            "due": m.due,
            "allocated": m.allocated,
            "outstanding": m.outstanding,
            "interest": m.interest,
            "employees": m.employees,
        }
        for m in figures.months
        if m.in_arrears
    ]
    oldest = figures.oldest_unpaid_period
    return {
        "as_of": format_date(figures.as_of),
        "months": months,
        "months_in_arrears": figures.months_in_arrears,
        "oldest": period_display(oldest) if oldest else None,
        "principal": figures.principal,
        "interest": figures.interest,
        "total": figures.principal + figures.interest,
        "interest_complete": figures.interest_complete,
        "missing_years": list(figures.missing_rate_years),
        "employees": figures.employees_affected,
        "credit": figures.credit,
    }


def plain(value: Any) -> Any:
    """Step input as template data: dates as dd/mm/yyyy, containers recursively."""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def case_reference(case: Case) -> str:
    return f"{case.office.code}-{case.id:06d}"


def document_context(
    *,
    kind: DocKind,
    office: Office,
    case: Case,
    issue_date: date,
    number_text: str | None,
    symbol: str | None,
    signer: Signer | None,
    figures: ArrearsFigures,
    step: dict[str, Any],
    extra: dict[str, Any],
    draft: bool = False,
) -> dict[str, Any]:
    """Everything one document template prints."""
    text = KINDS[kind]
    created = datetime.combine(issue_date, time(0, 0), tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "office": office_context(office, issue_date),
        "employer": employer_context(case.employer),
        "case": {"id": case.id, "reference": case_reference(case)},
        "arrears": arrears_context(figures),
        "step": plain(step),
        "extra": plain(extra),
        "doc": {
            "kind": kind.value,
            "title": text.title,
            "type_title": text.type_title,
            "number_text": number_text,
            "symbol": symbol,
            "date_line": date_line(office.place_name, issue_date),
            "issue_date": format_date(issue_date),
            "created_iso": created,
            "bases": bases_for(kind, issue_date),
            "recipients": list(text.recipients),
            "signer": signer_context(signer),
            "draft": draft,
        },
    }
