"""Plain-data contexts for the document templates (never ORM objects: STYLE §5.7).

Everything a template prints is copied here into dicts of strings and
integers, so rendering a template cannot touch the database and user text is
escaped by Jinja like any other string.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time
from typing import Any

from enforcement.domain.arrears import ArrearsFigures
from enforcement.domain.money import amount_in_words, format_money
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
        # Where fines are paid (MQĐ02 Art. 3): "tài khoản số … tại Kho bạc Nhà nước …", a setting per office.
        "fine_account": (office.settings or {}).get("fine_account", ""),
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
        return {"authority": "", "title": "", "name": "", "competence": "", "title_id": "", "delegation": ""}
    from enforcement.domain.competence import SignerAuthority, delegation_citation

    delegation = delegation_citation(SignerAuthority(
        signer.title, title_id=getattr(signer, "competence_title", "") or None,
        delegation_number=getattr(signer, "delegation_number", "") or "",
        delegation_date=getattr(signer, "delegation_date", None)))
    return {
        "authority": "KT. GIÁM ĐỐC" if signer.is_deputy else "",
        "title": signer.title.upper(),
        "name": signer.full_name,
        "competence": signer.competence_basis,
        "title_id": getattr(signer, "competence_title", "") or "",
        "delegation": delegation,
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
            "in_arrears": m.in_arrears,
        }
        for m in figures.months
        # LR-INTEREST (revised): a month paid late is listed for the interest it accrued.
        if m.in_arrears or m.interest > 0
    ]
    oldest = figures.oldest_unpaid_period
    return {
        "as_of": format_date(figures.as_of),
        "months": months,
        "months_in_arrears": figures.months_in_arrears,
        "oldest": period_display(oldest) if oldest else None,
        "principal": figures.principal,
        "interest": figures.interest,
        "interest_accrued": figures.interest_accrued,
        "interest_paid": figures.interest_paid,
        "interest_only": figures.interest_only,
        "total": figures.principal + figures.interest,
        "interest_complete": figures.interest_complete,
        "missing_years": list(figures.missing_rate_years),
        "employees": figures.employees_affected,
        "credit": figures.credit,
    }


def plain(value: Any) -> Any:
    """Step input and document data as template data: dates as dd/mm/yyyy, dataclasses and containers recursively."""
    if isinstance(value, date):
        return format_date(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def case_reference(case: Case) -> str:
    return f"{case.office.code}-{case.id:06d}"


def _iso_date(text: str | None) -> str:
    return format_date(date.fromisoformat(text)) if text else "…"


CRITERION_NAMES = {
    "C1": "Hành vi từ ngày 01/01/2018",
    "C2": "Thời gian trốn đóng",
    "C3": "Số tiền trốn đóng",
    "C4": "Số người lao động bị trốn đóng",
    "C5": "Đã bị xử phạt vi phạm hành chính về hành vi trốn đóng",
    "C6": "Vẫn còn vi phạm",
}


def _c5_value(value: dict[str, Any]) -> str:
    penalties = value.get("penalties") or []
    chosen = next((p for p in penalties if p.get("qualifies")), None)
    if chosen is None:
        return "Không có quyết định đủ điều kiện" + (" (chỉ xử phạt chậm đóng)" if value.get("doubtful") else "")
    number = f"số {chosen['number']} " if chosen.get("number") else ""
    months = ", ".join(period_display(p) for p in chosen.get("conduct_months") or [])
    live = chosen.get("live_until")
    until = f"ngày {_iso_date(live)}" if live else "khi đơn vị chấm dứt trốn tránh thi hành"
    return (
        f"Quyết định {number}ngày {_iso_date(chosen['decision_date'])} (hành vi trốn đóng các tháng {months}); "
        f"còn được xét đến hết {until}"
    )


def criterion_row(c: dict[str, Any]) -> dict[str, Any]:
    """One Article 216 criterion as the dossier prints it: value and threshold in words a reader checks."""
    value, threshold = c["value"], c["threshold"]
    words = ""
    if c["id"] == "C1":
        counted = [period_display(p) for p in value.get("counted", [])]
        shown = f"{len(counted)} tháng: {', '.join(counted)}" if counted else "không có tháng nào"
        excluded = [period_display(p) for p in value.get("excluded_before", [])]
        shown += f"; không tính: {', '.join(excluded)}" if excluded else ""
        limit = f"hành vi từ ngày {_iso_date(threshold)} (kỳ từ tháng {period_display(threshold[:7])})"
    elif c["id"] == "C2":
        shown, limit = f"{value} tháng", f"từ {threshold} tháng"
    elif c["id"] == "C3":
        shown, limit, words = format_money(value), f"từ {format_money(threshold)}", amount_in_words(value)
    elif c["id"] == "C4":
        undetermined = c.get("status") == "undetermined"
        shown = "chưa xác định (chưa xác nhận số lao động bị trốn đóng)" if undetermined else f"{value} người"
        limit = f"từ {threshold} người"
    elif c["id"] == "C5":
        shown, limit = _c5_value(value), str(threshold)
    else:
        unpaid = value.get("still_unpaid", 0)
        shown = f"Còn {format_money(unpaid)} chưa nộp; hạn chấp hành {_iso_date(value.get('compliance_deadline'))}"
        new_months = [period_display(p) for p in value.get("new_months") or []]
        if new_months:
            shown += f"; trốn đóng mới sau hạn: {', '.join(new_months)}"
        limit, words = str(threshold), amount_in_words(unpaid)
    return {
        **c,
        "name": CRITERION_NAMES.get(c["id"], c["id"]),
        "shown": shown,
        "limit": limit,
        "words": words,
        "evidence_text": list(c.get("evidence_text") or []),
    }


def art216_context(data: dict[str, Any] | None) -> dict[str, Any]:
    """The Article 216 evaluation (``Art216Result.to_dict()``) as rows for the statement of facts."""
    if not data:
        return {"criteria": [], "passed": False, "band": None, "penalties": {}, "reasons": []}
    return {
        "criteria": [criterion_row(c) for c in data["criteria"]],
        "passed": data["passed"],
        "band": data["band"],
        "penalties": data.get("penalties") or {},
        "reasons": list(data.get("reasons") or []),
        "leniency": data.get("leniency"),
    }


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
    extra: Any,
    draft: bool = False,
    watermark: bool | None = None,
    supersedes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything one document template prints.

    :param draft: an unapproved draft: no number, "dự thảo" in the signature block.
    :param watermark: print DỰ THẢO across the page (default: when ``draft``; a dossier stamps its own).
    :param supersedes: ``{"number_text", "issue_date", "reason"}`` of the document this one corrects.
    """
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
            "watermark": draft if watermark is None else watermark,
            "supersedes": plain(supersedes) if supersedes else None,
        },
    }
