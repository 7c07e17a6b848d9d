"""Sample documents of every kind from a demo-like case built in memory (``flask render-samples``, bench).

Nothing here reads or writes the database: the office, employer, signer and
case are transient objects, the ledger is a list, the Article 216 evaluation
runs on the shipped default parameters, and the dossier is assembled from the
sample documents' own PDFs.  Dates are fixed, so the samples are the same
bytes on every run.  Everything is marked DEMO.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from enforcement.domain.arrears import ArrearsFigures, LedgerMonth, arrears_figures
from enforcement.domain.article216 import Art216Result, evaluate_article216, parse_article216_input
from enforcement.domain.deadlines import Deadline, WorkCalendar, case_deadlines
from enforcement.domain.legal_params import ParamSet
from enforcement.domain.periods import Period, format_date
from enforcement.domain.vocabulary import Behaviour
from enforcement.legal_bases import KINDS, violation_default
from enforcement.models import Case, Employer, EmployerKind, Office, Signer
from enforcement.pdf.context import document_context
from enforcement.pdf.render import render_pdf
from enforcement.services.audit import canonical_json
from enforcement.services.case_view import (
    CaseView,
    DocRef,
    History,
    StepRecord,
    art216_input_of,
    case_dates,
    facts_of,
)
from enforcement.services.documents import number_text, symbol_for
from enforcement.steps import Computed, step_of
from enforcement.workflow import STEP_BY_TRIGGER, CaseState, DocKind, Trigger
from enforcement.workflow import STEPS as WORKFLOW_STEPS

AS_OF = date(2026, 11, 20)
FIRST_UNPAID = Period(2025, 12)
UNPAID_MONTHS = 10
EMPLOYEES = 86
DUE = 28_000_000  # LR-COMPETENCE: the SI evasion band's top (40 % of 25,5/32) stays within 75 000 000 đ
DATES = {
    DocKind.ARREARS_STATEMENT: date(2026, 3, 5),
    DocKind.DEMAND_NOTICE: date(2026, 3, 6),
    DocKind.INSPECTION_DECISION: date(2026, 10, 12),
    DocKind.WORKING_MINUTES: date(2026, 10, 16),
    DocKind.INSPECTION_CONCLUSION: date(2026, 10, 22),
    DocKind.VIOLATION_RECORD: date(2026, 10, 23),
    DocKind.PENALTY_DECISION: date(2026, 10, 26),
    DocKind.TRANSFER_LETTER: date(2026, 10, 26),
    DocKind.REMEDIES_DECISION: date(2026, 11, 16),
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
    """A demo-like evasion case in memory, taken through the real steps.

    Each document's context is built as a real case's is (``services.issuing``): the step that
    issues the kind, its typed input, the figures fixed then, and the step's ``document_data``
    read from the case's read model (a ``CaseView`` of the sample's earlier steps).
    """

    def __init__(self, *, deputy: bool = False, employer_name: str = "Công ty TNHH May mặc Hồng Hà",
                 offender: str = "organisation") -> None:
        self.offender = offender  # LR-FINE: who is fined (an organisation pays double, Decree 283/2026 Art. 7)
        self.office = Office(
            id=0, code="DEMO-HN", name="Bảo hiểm xã hội Thành phố Hà Nội (DEMO)", province="Thành phố Hà Nội",
            address="Số 15 Phố Trần Bình Trọng, Phường Cửa Nam, Hà Nội", place_name="Hà Nội",
            parent_name="BẢO HIỂM XÃ HỘI VIỆT NAM", phone="024 3943 6000", is_demo=True,
            settings={"demo": True, "fine_account": FINE_ACCOUNT},
        )
        self.employer = Employer(
            id=0, office_id=0, unit_code="HN0001D", tax_code="0100109106", name=employer_name,
            address="Số 83, Quận Hoàng Mai, Thành phố Hà Nội", district="Quận Hoàng Mai",
            kind=EmployerKind.ENTERPRISE, legal_representative="Nguyễn Văn Hùng", representative_title="Giám đốc",
        )
        self.case = Case(id=1, office_id=0, employer_id=0, state=CaseState.PENALIZED,
                         concluded_behaviour=Behaviour.EVASION, employees_affected=EMPLOYEES)
        self.case.office, self.case.employer = self.office, self.employer
        self.signer = Signer(
            id=0, office_id=0, full_name="Trần Thị Minh Hằng" if deputy else "Nguyễn Văn Thành",
            title="Phó Giám đốc" if deputy else "Giám đốc", is_deputy=deputy,
            competence_basis="",  # Decree 283/2026: the article of the competence title is printed
            competence_title="bhxh_province_director", delegation_number="15/QĐ-BHXH" if deputy else "",
            delegation_date=date(2026, 9, 15) if deputy else None,
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
        """The conclusion's classification: every month evasion (Decree 283/2026: one SI and one BHTN violation)."""
        return [
            {"period": str(FIRST_UNPAID.add(k)), "amount": DUE, "employees": EMPLOYEES,
             "confirmed_employees": EMPLOYEES, "withheld": 0,
             "behaviour": "evasion", "suggestion": "evasion", "reason": ""}
            for k in range(UNPAID_MONTHS - 2)
        ]

    # ------------------------------------------------------------------ the steps, as a real case records them

    def inputs(self) -> list[tuple[Trigger, date, dict[str, Any], dict[str, Any]]]:
        """Each step of the sample case in order: trigger, date, raw input (as stored), other event details."""
        wording, clause = violation_default(Behaviour.EVASION, DATES[DocKind.VIOLATION_RECORD])
        return [
            (Trigger.ISSUE_STATEMENT, DATES[DocKind.ARREARS_STATEMENT],
             {"issue_date": DATES[DocKind.ARREARS_STATEMENT], "signer_id": 0}, {}),
            (Trigger.SEND_DEMAND, DATES[DocKind.DEMAND_NOTICE],
             {"issue_date": DATES[DocKind.DEMAND_NOTICE], "pay_by": date(2026, 3, 21), "signer_id": 0}, {}),
            (Trigger.DECIDE_INSPECTION, DATES[DocKind.INSPECTION_DECISION],
             {"decision_date": DATES[DocKind.INSPECTION_DECISION], "team": TEAM, "period_from": "2024-10",
              "period_to": "2026-09", "planned_date": DATES[DocKind.WORKING_MINUTES], "signer_id": 0}, {}),
            (Trigger.OPEN_INSPECTION, DATES[DocKind.WORKING_MINUTES],
             {"date": DATES[DocKind.WORKING_MINUTES], "place": "Trụ sở đơn vị",
              "present": ["Nguyễn Văn Hùng – Giám đốc", *TEAM],
              "notes": "Đơn vị xác nhận số liệu nợ theo sổ theo dõi thu."}, {}),
            (Trigger.CONCLUDE_INSPECTION, DATES[DocKind.INSPECTION_CONCLUSION],
             {"conclusion_date": DATES[DocKind.INSPECTION_CONCLUSION], "behaviours": self.evasion_months(),
              "employees_affected": EMPLOYEES, "withheld_not_paid": 0, "signer_id": 0,
              "findings": "Đơn vị không đóng BHXH, BHYT, BHTN cho người lao động dù đã được đôn đốc hằng tháng."},
             {}),
            (Trigger.RECORD_VIOLATION, DATES[DocKind.VIOLATION_RECORD],
             {"record_date": DATES[DocKind.VIOLATION_RECORD], "place": "Trụ sở đơn vị", "violation": wording,
              "clause": clause, "recorder": "Hoàng Minh Châu – Chuyên viên", "witnesses": [],
              "record_time": "09 giờ 30 phút", "finished_time": "11 giờ 00 phút",
              "offender_statement": "Đơn vị thừa nhận số tiền còn nợ, đề nghị được nộp dần.",
              "appear_on": DATES[DocKind.VIOLATION_RECORD] + timedelta(days=3), "appear_time": "08 giờ 30 phút",
              "offender": self.offender}, {}),
            (Trigger.ISSUE_PENALTY, DATES[DocKind.PENALTY_DECISION],
             {"decision_date": DATES[DocKind.PENALTY_DECISION], "offender": self.offender, "mitigating": [],
              "aggravating": [], "fine_choices": [], "fine_reason": "", "legal_basis": "", "remedies": "",
              "compliance_days": 10, "signer_id": 0}, {}),
            (Trigger.ORDER_ENFORCEMENT, DATES[DocKind.ENFORCEMENT_DECISION],
             {"decision_date": DATES[DocKind.ENFORCEMENT_DECISION], "measure": "account_deduction",
              "bank": "Ngân hàng TMCP Ngoại thương Việt Nam – Chi nhánh Hoàng Mai", "signer_id": 0}, {}),
            (Trigger.DRAFT_REFERRAL, DATES[DocKind.REFERRAL_DRAFT], {"prior_offences": 0, "notes": ""}, {}),
            (Trigger.APPROVE_REFERRAL, DATES[DocKind.RECOMMENDATION],
             {"approval_date": DATES[DocKind.RECOMMENDATION], "agency": AGENCY, "note": "", "signer_id": 0}, {}),
            (Trigger.SEND_REFERRAL, DATES[DocKind.HANDOVER_RECORD],
             {"agency": AGENCY, "dispatch_number": "125/BHXH-TTKT", "dispatch_date": DATES[DocKind.HANDOVER_RECORD],
              "receiver": "Nguyễn Văn Bình"}, {}),
            (Trigger.SETTLE, DATES[DocKind.SETTLEMENT_NOTICE], {"note": ""},
             {"batch": {"id": 12, "file_name": "so-thu-2026-11.csv"}}),
        ]

    def branches(self) -> dict[Trigger, tuple[Trigger, date, dict[str, Any]]]:
        """Steps off the main line: the step they follow, their date and raw input (the transfer of the file to the
        competent authority, LR-COMPETENCE; a decision applying remedial measures only, XLVPHC Art. 65)."""
        return {
            Trigger.TRANSFER_CASE: (
                Trigger.RECORD_VIOLATION, DATES[DocKind.TRANSFER_LETTER],
                {"letter_date": DATES[DocKind.TRANSFER_LETTER], "authority": "Tổng Giám đốc Bảo hiểm xã hội Việt Nam",
                 "authority_address": "Số 7 Tràng Thi, Phường Hoàn Kiếm, Hà Nội",
                 "reason": "Mức tối đa của khung tiền phạt đối với hành vi trốn đóng bảo hiểm xã hội bắt buộc của tổ "
                           "chức vi phạm là 150.000.000 đồng, vượt mức phạt tối đa 75.000.000 đồng đối với tổ chức mà "
                           "Giám đốc Bảo hiểm xã hội cấp tỉnh được quyền áp dụng",
                 "signer_id": 0},
            ),
            Trigger.ISSUE_REMEDIES: (
                Trigger.RECORD_VIOLATION, DATES[DocKind.REMEDIES_DECISION],
                {"decision_date": DATES[DocKind.REMEDIES_DECISION], "compliance_days": 10, "signer_id": 0},
            ),
        }

    def _record(self, each: Trigger, day: date, raw: dict[str, Any], extra: dict[str, Any],
                history: History) -> StepRecord:
        step = step_of(each)
        value = step.load(json.loads(canonical_json(raw)))
        view = self.view(day, history)
        computed = Computed(principal=view.figures.principal, interest=view.figures.interest,
                            months_in_arrears=view.figures.months_in_arrears, as_of=day,
                            **step.compute(view, value))
        documents = tuple(
            DocRef(0, kind.value, number_text(1, symbol_for(self.office, kind)) if KINDS[kind].register else None,
                   step.issue_date(value, day))
            for kind in STEP_BY_TRIGGER[each].documents
        )
        return StepRecord(each, value, computed, documents, extra)

    def history_before(self, trigger: Trigger) -> tuple[History, StepRecord]:
        """The sample's timeline before ``trigger`` fires, and the record ``trigger`` adds."""
        history = History()
        branch = self.branches().get(trigger)
        for each, day, raw, extra in self.inputs():
            record = self._record(each, day, raw, extra, history)
            if each == trigger:
                return history, record
            history = history.plus(record)
            if branch is not None and each == branch[0]:
                return history, self._record(trigger, branch[1], branch[2], {}, history)
        raise KeyError(trigger)

    def view(self, day: date, history: History) -> CaseView:
        """The sample case's read model on ``day`` with ``history`` (deadlines from the penalty's)."""
        figures = self.figures(day)
        deadlines = {}
        penalised = history.input(Trigger.ISSUE_PENALTY)
        if penalised is None:  # before the decision: the decision deadline and the limitation, as computed
            computed = case_deadlines(case_dates(history), day, WorkCalendar(), self.params)
            deadlines = {d.id: d for d in computed if d.id in ("D-DECISION", "D-LIMIT")}
        if penalised is not None:
            due = date(2026, 11, 5)
            deadlines["D-COMPLY"] = Deadline("D-COMPLY", "Hạn chấp hành quyết định xử phạt", penalised.decision_date,
                                             due, (due - day).days, day > due, False, "Luật XLVPHC Điều 73")
        art216 = None
        raw = art216_input_of(history, figures, deadlines, day)
        if raw is not None:
            art216 = evaluate_article216(parse_article216_input(raw), self.params)
        facts = facts_of(self.case, history, figures, deadlines, art216, day)
        return SampleView(self.case, history, figures, list(deadlines.values()), art216, facts, self.params, day)

    def art216(self) -> Art216Result:
        """The Article 216 evaluation the recommendation and the dossier print."""
        history, _record = self.history_before(Trigger.APPROVE_REFERRAL)
        result = self.view(AS_OF, history).art216
        assert result is not None  # the sample has a conclusion
        return result

    def step_data(self, kind: DocKind, day: date | None = None) -> tuple[dict[str, Any], Any]:
        """What ``services.documents.issue`` takes for ``kind``: the step's data and the document's data."""
        trigger = next(s.trigger for s in WORKFLOW_STEPS if kind in s.documents)
        history, record = self.history_before(trigger)
        day = day or DATES[kind]
        view = self.view(day, history)
        data_kind = DocKind.RECOMMENDATION if kind in (DocKind.REFERRAL_DRAFT, DocKind.REFERRAL_DOSSIER) else kind
        return record.template_data(), record.step.document_data(data_kind, view, record.input, issue_date=day,
                                                                  extra=record.extra)

    def context(self, kind: DocKind, *, number: int | None = 1, draft: bool = False,
                watermark: bool | None = None) -> dict[str, Any]:
        """The plain context of one document of ``kind``, as ``services.documents.issue`` builds it."""
        day = DATES[kind]
        symbol = symbol_for(self.office, kind)
        shown = number_text(number, symbol) if number is not None and KINDS[kind].register and not draft else None
        step, extra = self.step_data(kind, day)
        return document_context(
            kind=kind, office=self.office, case=self.case, issue_date=day, number_text=shown, symbol=symbol,
            signer=self.signer, figures=self.figures(day), step=step, extra=extra, draft=draft, watermark=watermark,
        )


class SampleView(CaseView):
    """The sample case's read model: the papers a handover lists are the sample's own."""

    def handed_over(self) -> list[dict[str, Any]]:
        return [
            {"title": "Văn bản kiến nghị khởi tố", "number": "10/BHXH-TTKT",
             "date": format_date(DATES[DocKind.RECOMMENDATION]), "pages": 2},
            {"title": "Hồ sơ kiến nghị khởi tố", "number": "", "date": format_date(DATES[DocKind.REFERRAL_DOSSIER]),
             "pages": 30},
        ]


FINE_ACCOUNT = (
    "tài khoản số 7111 (thu ngân sách nhà nước) của Kho bạc Nhà nước Hà Nội, mã cơ quan thu 1054321"
)


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
        Part("Tài liệu kèm theo: Danh sách người lao động đang tham gia", _worker_list(), "enrolled_workers"),
        Part("Tài liệu kèm theo: Danh sách người lao động phải tham gia", _worker_list(), "required_workers"),
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
    """The dossier's own parts as ``services.dossier`` builds them, with the sample's timeline."""
    from enforcement.services.dossier import dossier_context

    trigger = Trigger.DRAFT_REFERRAL if draft else Trigger.APPROVE_REFERRAL
    history, record = sample.history_before(trigger)
    names = ("Phát hiện nợ", "Gửi văn bản đôn đốc", "Quyết định kiểm tra", "Làm việc tại đơn vị", "Kết luận kiểm tra",
             "Lập biên bản vi phạm hành chính", "Ra quyết định xử phạt", "Ra quyết định cưỡng chế",
             "Dự thảo hồ sơ kiến nghị khởi tố")
    timeline = [{"seq": i, "when": f"{format_date(day)} 09:{i:02d}", "actor": "Lê Văn An", "summary": name,
                 "from": "", "to": "", "hash": f"{i:016x}"} for i, name in enumerate(names, start=1)]
    return dossier_context(sample.case, sample.view(day, history), draft=draft, issue_date=day, signer=sample.signer,
                           step_input=record.step.payload(record.input), timeline=timeline, missing=[])
