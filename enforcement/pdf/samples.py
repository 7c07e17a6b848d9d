"""Sample documents of every kind from a demo-like case built in memory (``flask render-samples``, bench).

Nothing here reads or writes the database: the office, employer, signer and
case are transient objects, the ledger is a list, the Article 216 evaluation
runs on the shipped default parameters, and the dossier is assembled from the
sample documents' own PDFs.  Dates are fixed, so the samples are the same
bytes on every run.  Everything is marked DEMO.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from enforcement.domain.arrears import ArrearsFigures, LedgerMonth, arrears_figures
from enforcement.domain.article216 import Art216Result, evaluate_article216, parse_article216_input
from enforcement.domain.legal_params import ParamSet
from enforcement.domain.periods import Period, format_date
from enforcement.legal_bases import KINDS, REMEDY_TEXT, organisation_fine_article, violation_default
from enforcement.models import Case, Employer, EmployerKind, Office, Signer
from enforcement.pdf.context import art216_context, case_reference, document_context, period_display
from enforcement.pdf.render import render_pdf
from enforcement.workflow import DocKind

AS_OF = date(2026, 11, 20)
FIRST_UNPAID = Period(2025, 12)
UNPAID_MONTHS = 10
EMPLOYEES = 86
DUE = 368_000_000
FINE = 125_000_000
DATES = {
    DocKind.ARREARS_STATEMENT: date(2026, 3, 5),
    DocKind.DEMAND_NOTICE: date(2026, 3, 6),
    DocKind.INSPECTION_DECISION: date(2026, 10, 12),
    DocKind.WORKING_MINUTES: date(2026, 10, 16),
    DocKind.INSPECTION_CONCLUSION: date(2026, 10, 22),
    DocKind.VIOLATION_RECORD: date(2026, 10, 23),
    DocKind.PENALTY_DECISION: date(2026, 10, 26),
    DocKind.ENFORCEMENT_DECISION: date(2026, 11, 9),
    DocKind.RECOMMENDATION: date(2026, 11, 20),
    DocKind.REFERRAL_DRAFT: date(2026, 11, 18),
    DocKind.REFERRAL_DOSSIER: date(2026, 11, 20),
    DocKind.HANDOVER_RECORD: date(2026, 11, 24),
    DocKind.SETTLEMENT_NOTICE: date(2026, 11, 20),
}
AGENCY = "Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội"
TEAM = ["Lê Văn An – Trưởng đoàn", "Phạm Thị Bình – Thành viên"]


class SampleCase:
    """A demo-like evasion case in memory: the objects ``document_context`` reads, and the figures."""

    def __init__(self, *, deputy: bool = False, employer_name: str = "Công ty TNHH May mặc Hồng Hà") -> None:
        self.office = Office(
            id=0, code="DEMO-HN", name="Bảo hiểm xã hội Thành phố Hà Nội (DEMO)", province="Thành phố Hà Nội",
            address="Số 15 Phố Trần Bình Trọng, Phường Cửa Nam, Hà Nội", place_name="Hà Nội",
            parent_name="BẢO HIỂM XÃ HỘI VIỆT NAM", phone="024 3943 6000", settings={"demo": True}, is_demo=True,
        )
        self.employer = Employer(
            id=0, office_id=0, unit_code="HN0001D", tax_code="0100109106", name=employer_name,
            address="Số 83, Quận Hoàng Mai, Thành phố Hà Nội", district="Quận Hoàng Mai",
            kind=EmployerKind.ENTERPRISE, legal_representative="Nguyễn Văn Hùng", representative_title="Giám đốc",
        )
        self.case = Case(id=1, office_id=0, employer_id=0)
        self.case.office, self.case.employer = self.office, self.employer
        self.signer = Signer(
            id=0, office_id=0, full_name="Trần Thị Minh Hằng" if deputy else "Nguyễn Văn Thành",
            title="Phó Giám đốc" if deputy else "Giám đốc", is_deputy=deputy,
            competence_basis="thẩm quyền do quản trị cấu hình (DEMO; LEGAL.md Phần B §4.3 chưa xác định)",
        )
        self.params = ParamSet.defaults()
        self.ledger = self._ledger()

    def _ledger(self) -> list[LedgerMonth]:
        months = []
        for k in range(-12, UNPAID_MONTHS):
            period = FIRST_UNPAID.add(k)
            months.append(LedgerMonth(period, DUE, DUE if k < 0 else 0, EMPLOYEES, DUE * 105 // 320))
        return months

    def figures(self, as_of: date) -> ArrearsFigures:
        return arrears_figures(self.ledger, as_of, self.params)

    def evasion_months(self) -> list[dict[str, Any]]:
        """The conclusion's classification: the first two unpaid months late, the rest evasion."""
        return [
            {"period": str(FIRST_UNPAID.add(k)), "amount": DUE, "employees": EMPLOYEES,
             "ledger_employees": EMPLOYEES, "confirmed_employees": EMPLOYEES if k >= 2 else None, "withheld": 0,
             "behaviour": "late_payment" if k < 2 else "evasion", "suggestion": "evasion", "reason": ""}
            for k in range(UNPAID_MONTHS - 2)
        ]

    def art216(self) -> Art216Result:
        penalty = DATES[DocKind.PENALTY_DECISION]
        evasion = [m for m in self.evasion_months() if m["behaviour"] == "evasion"]
        return evaluate_article216(parse_article216_input({
            "evaluation_date": AS_OF.isoformat(), "offender": "legal_entity",
            "evasion_months": [{"period": m["period"], "amount": m["amount"], "employees": m["employees"]}
                               for m in evasion],
            "withheld_not_paid": 0, "prior_offences": 0,
            "prior_penalties": [{"decision_date": penalty.isoformat(), "behaviour": "evasion",
                                 "conduct_months": [m["period"] for m in evasion], "source": "case",
                                 "compliance_deadline": "2026-11-05", "complied_on": None}],
            "still_unpaid": sum(m["amount"] for m in evasion),
        }), self.params)

    def context(self, kind: DocKind, *, number: int | None = 1, draft: bool = False,
                watermark: bool | None = None) -> dict[str, Any]:
        """The plain context of one document of ``kind``, as ``services.documents.issue`` builds it."""
        day = DATES[kind]
        symbol = (self.office.settings.get("symbols", {}).get(kind.value)) or KINDS[kind].symbol
        shown = f"{number:02d}/{symbol}" if number is not None and KINDS[kind].register and not draft else None
        step, extra = STEPS[kind](self, day)
        return document_context(
            kind=kind, office=self.office, case=self.case, issue_date=day, number_text=shown, symbol=symbol,
            signer=self.signer, figures=self.figures(day), step=step, extra=extra, draft=draft, watermark=watermark,
        )


# --------------------------------------------------------------------------- each kind's step and extras


def _common(day: date) -> dict[str, Any]:
    return {
        "decision_number": "01/QĐ-BHXH", "decision_date": DATES[DocKind.INSPECTION_DECISION],
        "team": TEAM, "team_leader": "Lê Văn An", "opened_date": DATES[DocKind.WORKING_MINUTES],
    }


CLAUSE_283 = "Nghị định số 283/2026/NĐ-CP (điều, khoản theo văn bản gốc do pháp chế xác định)"


def _penalty_extra(s: SampleCase, day: date) -> dict[str, Any]:
    wording, clause = violation_default("evasion", DATES[DocKind.VIOLATION_RECORD])
    clause = clause or CLAUSE_283
    art = s.art216()
    counted = list(art.inputs.evasion_months)
    return {
        **_common(day),
        "conclusion_number": "01/KL-BHXH", "employees": EMPLOYEES,
        "record_number": "01/BB-VPHC", "record_date": DATES[DocKind.VIOLATION_RECORD],
        "record_place": "Trụ sở đơn vị", "record_time": "", "explanation_date": None,
        "violation": wording, "clause": clause, "organisation_fine_article": organisation_fine_article(day),
        "penalty_number": "01/QĐ-XPHC", "penalty_date": DATES[DocKind.PENALTY_DECISION],
        "fine": FINE, "comply_due": date(2026, 11, 5),
        "measure_label": "Khấu trừ tiền từ tài khoản tại tổ chức tín dụng", "agency": AGENCY,
        "art216": {
            "months": len(counted), "first": period_display(counted[0].period),
            "last": period_display(counted[-1].period), "amount": sum(m.amount for m in counted),
            "employees": max(m.employees for m in counted),
            "summary": "; ".join(f"{c.id} {'đạt' if c.met else 'không đạt'}" for c in art.criteria)
            + (f"; thuộc khoản {art.band} Điều 216" if art.band else ""),
        },
        "enclosures": [
            "Quyết định kiểm tra", "Biên bản làm việc", "Kết luận kiểm tra", "Biên bản vi phạm hành chính",
            "Quyết định xử phạt vi phạm hành chính", "Bảng kê số tiền trốn đóng", "Danh sách người lao động",
        ],
    }


def _statement(s: SampleCase, day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"issue_date": day}, {}


def _demand(s: SampleCase, day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"issue_date": day, "pay_by": date(2026, 3, 21), "reminder_no": 1}, {}


def _decision(s: SampleCase, day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"decision_date": day, "team": TEAM, "period_from": "10/2024", "period_to": "09/2026",
            "planned_date": DATES[DocKind.WORKING_MINUTES]}, _common(day)


def _minutes(s: SampleCase, day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"date": day, "place": "Trụ sở đơn vị", "present": ["Nguyễn Văn Hùng – Giám đốc", *TEAM],
            "notes": "Đơn vị xác nhận số liệu nợ theo sổ theo dõi thu."}, _common(day)


def _conclusion(s: SampleCase, day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    months = s.evasion_months()
    labels = {"evasion": "Trốn đóng", "late_payment": "Chậm đóng"}
    evasion = [m for m in months if m["behaviour"] == "evasion"]
    late = [m for m in months if m["behaviour"] == "late_payment"]
    extra = {
        **_common(day),
        "months": [{**m, "period": period_display(m["period"]), "behaviour_label": labels[m["behaviour"]]}
                   for m in months],
        "evasion_months": len(evasion), "evasion_amount": sum(m["amount"] for m in evasion),
        "late_months": len(late), "late_amount": sum(m["amount"] for m in late),
        "violation": True, "violation_label": "trốn đóng", "withheld_total": 0,
    }
    step = {"conclusion_date": day, "employees_affected": EMPLOYEES, "withheld_not_paid": 0,
            "findings": "Đơn vị không đóng BHXH, BHYT, BHTN cho người lao động dù đã được đôn đốc hằng tháng."}
    return step, extra


def _record(s: SampleCase, day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    wording, clause = violation_default("evasion", day)
    return {"record_date": day, "place": "Trụ sở đơn vị", "violation": wording, "clause": clause or CLAUSE_283,
            "recorder": "Hoàng Minh Châu – Chuyên viên", "witnesses": []}, _penalty_extra(s, day)


def _penalty(s: SampleCase, day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"decision_date": day, "offender": "organisation", "mitigating": False, "aggravating": False,
            "fine": FINE, "fine_reason": "", "legal_basis": "", "remedies": REMEDY_TEXT,
            "compliance_days": 10}, _penalty_extra(s, day)


def _enforcement(s: SampleCase, day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"decision_date": day, "measure": "account_deduction",
            "bank": "Ngân hàng TMCP Ngoại thương Việt Nam – Chi nhánh Hoàng Mai"}, _penalty_extra(s, day)


def _recommendation(s: SampleCase, day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"approval_date": day, "agency": AGENCY}, _penalty_extra(s, day)


def _handover(s: SampleCase, day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    items = [
        {"title": "Văn bản kiến nghị khởi tố", "number": "10/BHXH-TTKT",
         "date": format_date(DATES[DocKind.RECOMMENDATION]), "pages": 2},
        {"title": "Hồ sơ kiến nghị khởi tố", "number": "", "date": format_date(DATES[DocKind.REFERRAL_DOSSIER]),
         "pages": 30},
    ]
    return {"agency": AGENCY, "dispatch_number": "125/BHXH-TTKT", "dispatch_date": day,
            "receiver": "Nguyễn Văn Bình"}, {"handed_over": items}


def _settlement(s: SampleCase, day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"note": ""}, {"batch": {"id": 12, "file_name": "so-thu-2026-11.csv"}}


STEPS: dict[DocKind, Callable[[SampleCase, date], tuple[dict[str, Any], dict[str, Any]]]] = {
    DocKind.ARREARS_STATEMENT: _statement,
    DocKind.DEMAND_NOTICE: _demand,
    DocKind.INSPECTION_DECISION: _decision,
    DocKind.WORKING_MINUTES: _minutes,
    DocKind.INSPECTION_CONCLUSION: _conclusion,
    DocKind.VIOLATION_RECORD: _record,
    DocKind.PENALTY_DECISION: _penalty,
    DocKind.ENFORCEMENT_DECISION: _enforcement,
    DocKind.RECOMMENDATION: _recommendation,
    DocKind.REFERRAL_DRAFT: _recommendation,
    DocKind.REFERRAL_DOSSIER: _recommendation,
    DocKind.HANDOVER_RECORD: _handover,
    DocKind.SETTLEMENT_NOTICE: _settlement,
}

TEMPLATE_KINDS = tuple(k for k in DocKind if k not in (DocKind.REFERRAL_DRAFT, DocKind.REFERRAL_DOSSIER))
"""The kinds rendered from one template each (the two dossier kinds are assembled)."""

EARLIER = (
    DocKind.DEMAND_NOTICE, DocKind.INSPECTION_DECISION, DocKind.WORKING_MINUTES, DocKind.INSPECTION_CONCLUSION,
    DocKind.VIOLATION_RECORD, DocKind.PENALTY_DECISION, DocKind.ENFORCEMENT_DECISION,
)


def render_sample(kind: DocKind, sample: SampleCase | None = None) -> bytes:
    """One sample document of a template kind (PDF/A-3b, as issued)."""
    sample = sample or SampleCase()
    return render_pdf(kind.value, sample.context(kind))


def sample_dossier(*, draft: bool, sample: SampleCase | None = None, extra_demands: int = 0,
                   documents: dict[DocKind, bytes] | None = None) -> bytes:
    """The referral dossier of the sample case, assembled from the sample documents' PDFs.

    :param extra_demands: monthly reminders added to the earlier documents (to reach a page count).
    :param documents: already rendered earlier documents, by kind (rendered when missing).
    """
    from enforcement.services.dossier import PART_TITLES, Part, assemble

    sample = sample or SampleCase()
    kind = DocKind.REFERRAL_DRAFT if draft else DocKind.REFERRAL_DOSSIER
    day = DATES[kind]
    rendered = dict(documents or {})
    for earlier in (*EARLIER, DocKind.RECOMMENDATION):
        if earlier not in rendered:
            rendered[earlier] = render_sample(earlier, sample)
    context = _dossier_context(sample, draft, day)
    recommendation = render_pdf(
        DocKind.RECOMMENDATION.value, sample.context(DocKind.RECOMMENDATION, draft=draft, watermark=False)
    ) if draft else rendered[DocKind.RECOMMENDATION]
    keys = {DocKind.INSPECTION_DECISION: "inspection_decision", DocKind.WORKING_MINUTES: "working_minutes",
            DocKind.VIOLATION_RECORD: "violation_record", DocKind.INSPECTION_CONCLUSION: "conclusion",
            DocKind.PENALTY_DECISION: "penalty_decision"}
    earlier_parts = [
        Part(f"{KINDS[k].title} ngày {format_date(DATES[k])}", rendered[k], keys.get(k))
        for k in EARLIER for _ in range(1 + (extra_demands if k == DocKind.DEMAND_NOTICE else 0))
    ]
    parts = [
        Part(PART_TITLES["facts"], render_pdf("dossier_facts", context, variant=None)),
        Part(PART_TITLES["arrears"], render_pdf(DocKind.ARREARS_STATEMENT.value, sample.context(
            DocKind.ARREARS_STATEMENT, number=None, watermark=False), variant=None), "arrears_statement"),
        *earlier_parts,
        Part("Tài liệu kèm theo: Danh sách người lao động đang tham gia (DEMO)", _worker_list(), "enrolled_workers"),
        Part("Tài liệu kèm theo: Danh sách người lao động phải tham gia (DEMO)", _worker_list(), "required_workers"),
        Part(PART_TITLES["timeline"], render_pdf("dossier_timeline", context, variant=None)),
    ]
    return assemble(context, Part(PART_TITLES["recommendation"], recommendation), parts, draft=draft)


@lru_cache(maxsize=1)
def _worker_list() -> bytes:
    """A scanned list of workers stands in for the uploaded evidence (an image on an A4 page)."""
    from PIL import Image, ImageDraw

    from enforcement.services.dossier import image_to_pdf

    image = Image.new("RGB", (1200, 1600), "white")
    pen = ImageDraw.Draw(image)
    for row in range(20):
        pen.line([(60, 120 + row * 60), (1140, 120 + row * 60)], fill="black", width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return image_to_pdf(out.getvalue())


def _dossier_context(sample: SampleCase, draft: bool, day: date) -> dict[str, Any]:
    base = document_context(
        kind=DocKind.REFERRAL_DOSSIER, office=sample.office, case=sample.case, issue_date=day, number_text=None,
        symbol=None, signer=sample.signer, figures=sample.figures(day), step={}, extra={}, draft=draft, watermark=False,
    )
    months = [{**m, "period": period_display(m["period"])} for m in sample.evasion_months()]
    names = ("Phát hiện nợ", "Gửi văn bản đôn đốc", "Quyết định kiểm tra", "Làm việc tại đơn vị", "Kết luận kiểm tra",
             "Lập biên bản vi phạm hành chính", "Ra quyết định xử phạt", "Ra quyết định cưỡng chế",
             "Dự thảo hồ sơ kiến nghị khởi tố")
    timeline = [{"seq": i, "when": f"{format_date(day)} 09:{i:02d}", "actor": "Lê Văn An (DEMO)", "summary": name,
                 "from": "", "to": "", "hash": f"{i:016x}"} for i, name in enumerate(names, start=1)]
    return {
        **base,
        "art216": art216_context(sample.art216().to_dict()),
        "months": months,
        "employees": {"concluded": EMPLOYEES, "largest_month": EMPLOYEES, "ledger": EMPLOYEES},
        "timeline": timeline,
        "reference": case_reference(sample.case),
        "missing": [],
    }
