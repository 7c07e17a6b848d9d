"""The evidence checklist of an Article 216 dossier (BCA letter 5659, LEGAL.md Part B §7), and what a case lacks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from enforcement.domain.text import Text, join, say
from enforcement.domain.vocabulary import Behaviour
from enforcement.extensions import db
from enforcement.models import Case, CopyForm, Document, Evidence, EvidenceCategory, EvidenceWithdrawal
from enforcement.services import documents as docs
from enforcement.workflow import DocKind


@dataclass(frozen=True)
class ChecklistItem:
    """One paper the police need in an Article 216 dossier (BCA letter 5659, LEGAL.md Part B §7)."""

    key: str
    label: Text
    document_kind: DocKind | None = None
    evidence: EvidenceCategory | None = None


CHECKLIST = (
    ChecklistItem(
        "reminders", say("Văn bản đôn đốc đã gửi đơn vị (Luật Bảo hiểm xã hội 2024 Điều 39 khoản 1 điểm đ)"),
        document_kind=DocKind.DEMAND_NOTICE,
    ),
    ChecklistItem("inspection_decision", say("Quyết định kiểm tra"), document_kind=DocKind.INSPECTION_DECISION),
    ChecklistItem(
        "working_minutes", say("Biên bản làm việc, tài liệu xác minh"), document_kind=DocKind.WORKING_MINUTES
    ),
    ChecklistItem("violation_record", say("Biên bản vi phạm hành chính"), document_kind=DocKind.VIOLATION_RECORD),
    ChecklistItem("conclusion", say("Kết luận kiểm tra"), document_kind=DocKind.INSPECTION_CONCLUSION),
    ChecklistItem(
        "penalty_decision", say("Quyết định xử phạt vi phạm hành chính về hành vi trốn đóng"),
        document_kind=DocKind.PENALTY_DECISION,
    ),
    ChecklistItem(
        "service_proof",
        say("Tài liệu chứng minh đã giao quyết định xử phạt cho đơn vị (ngày nhận; biên bản giao hoặc phiếu báo phát)"),
        evidence=EvidenceCategory.SERVICE_PROOF,
    ),
    ChecklistItem(
        "enrolled_workers", say("Danh sách người lao động đang tham gia BHXH, BHYT, BHTN"),
        evidence=EvidenceCategory.ENROLLED_WORKERS,
    ),
    ChecklistItem(
        "required_workers", say("Danh sách người lao động thuộc diện phải tham gia BHXH, BHYT, BHTN"),
        evidence=EvidenceCategory.REQUIRED_WORKERS,
    ),
    ChecklistItem(
        "payroll", say("Bảng lương, hồ sơ tiền lương mà đoàn kiểm tra đã sử dụng"), evidence=EvidenceCategory.PAYROLL
    ),
    ChecklistItem("arrears_statement", say("Bảng kê số tiền trốn đóng theo từng tháng")),
    ChecklistItem(
        "copy_forms",
        say("Mỗi tài liệu kèm theo ghi rõ là bản chính, bản sao hợp pháp hay bản chuyển đổi điện tử có giá trị "
            "pháp lý"),
    ),
)

COPY_FORM_TEXT = {
    CopyForm.ORIGINAL: "bản chính",
    CopyForm.CERTIFIED_COPY: "bản sao y, sao lục",
    CopyForm.ELECTRONIC_CONVERSION: "bản chuyển đổi điện tử có giá trị pháp lý",
}
ISSUED_FORM_TEXT = "bản chính (văn bản do cơ quan ban hành)"
UNREADABLE_KEY = "unreadable_evidence"


@dataclass(frozen=True)
class ChecklistFacts:
    """What the checklist needs beyond the case's papers (built by ``case_view.checklist_facts``)."""

    payroll_used: bool = False  # the conclusion says the inspection used the payroll
    decision_received: bool = False  # the penalty decision's receipt date is recorded
    prior: Any = None  # the repeat-offence route: the earlier live evasion decision (a SanctionDecision)
    # LR-COMPETENCE: the decision received from the competent authority after a transfer — the uploaded PDF the
    # legal staff named — stands for the penalty decision the case would have issued.
    received_evidence_id: int | None = None
    received_title: str = ""


@dataclass(frozen=True)
class Missing:
    """A checklist item not satisfied, and what to do about it."""

    key: str
    message: Text  # a str in Vietnamese (the dossier, the API); pages show it with ``ui_text``


def case_documents(case: Case) -> list[Document]:
    """The case's issued documents in order, without drafts, dossiers and superseded versions."""
    skip = {DocKind.REFERRAL_DRAFT.value, DocKind.REFERRAL_DOSSIER.value}
    return [d for d in docs.current_documents(case) if d.kind not in skip]


def case_evidence(case: Case) -> list[Evidence]:
    """The case's evidence that counts: every item not withdrawn, oldest first."""
    withdrawn = db.select(EvidenceWithdrawal.evidence_id).where(EvidenceWithdrawal.case_id == case.id)
    query = db.select(Evidence).where(Evidence.case_id == case.id, Evidence.id.not_in(withdrawn))
    return list(db.session.scalars(query.order_by(Evidence.id)))


# sha256 → None (decodes) or why not: a verdict on bytes, which never change (rows are append-only)
_VERDICTS: dict[str, str | None] = {}
_MAX_VERDICTS = 10_000


def why_unreadable(item: Evidence) -> str | None:
    """Why ``item`` cannot go into the dossier (bytes altered since upload, or they do not decode), else None.

    Items uploaded since content checks were added always decode; older ones, or rows changed
    behind the application's back, may not. The verdict is decoded once per process in the
    limited child process of ``evidence_check`` (so a hostile old file cannot take this process
    down) and kept by SHA-256.
    """
    from enforcement.services.evidence_check import ContentRefused, check

    if item.sha256 in _VERDICTS:
        return _VERDICTS[item.sha256]
    data = item.data
    if hashlib.sha256(data).hexdigest() != item.sha256:
        return "tệp đã bị thay đổi sau khi tải lên"  # not cached: the stored bytes, not the verdict, are wrong
    try:
        check(data)
        verdict = None
    except ContentRefused as refused:
        verdict = refused.message
    if len(_VERDICTS) >= _MAX_VERDICTS:
        _VERDICTS.clear()
    _VERDICTS[item.sha256] = verdict
    return verdict


def unreadable_of(evidence: list[Evidence]) -> dict[int, str]:
    """The items of ``evidence`` that cannot go into the dossier, by id, with why."""
    found = {}
    for item in evidence:
        if (why := why_unreadable(item)) is not None:
            found[item.id] = why
    return found


def _penalty_is_for_evasion(case: Case) -> bool:
    return case.concluded_behaviour == Behaviour.EVASION and case.penalty_decided_on is not None


def prior_documents(prior: Any) -> dict[str, Document | None]:
    """The earlier decision's penalty decision and violation record, when it came from a case of the system."""
    if prior is None or prior.case_id is None:
        return {}
    found = {d.kind: d for d in docs.current_documents(db.session.get(Case, prior.case_id))}
    return {
        "penalty_decision": db.session.get(Document, prior.document_id) if prior.document_id else None,
        "violation_record": found.get(DocKind.VIOLATION_RECORD.value),
    }


def missing_items(case: Case, facts: ChecklistFacts | None = None,
                  unreadable: dict[int, str] | None = None) -> list[Missing]:
    """The checklist items not yet satisfied (``approve_referral`` is blocked while any), each with what to do.

    Issued papers are the case's documents; the worker lists, the proof of service and the payroll (when
    the conclusion says the inspection used it) are uploaded evidence; every upload must say whether it
    is an original, a certified copy or an electronic conversion (BCA letter 5659). On the repeat-offence
    route the earlier decision (its issued PDF or signed scan) stands for the penalty decision.

    Withdrawn evidence does not count; nor does an item that cannot be read (``unreadable``, by id; computed
    with ``unreadable_of`` when not given): it is named in an ``unreadable_evidence`` item saying to withdraw it
    and upload a readable copy.
    """
    facts = facts or ChecklistFacts()
    kinds = {d.kind for d in case_documents(case)}
    every = case_evidence(case)
    unreadable = unreadable_of(every) if unreadable is None else unreadable
    evidence = [e for e in every if e.id not in unreadable]
    categories = {str(e.category) for e in evidence}
    prior = facts.prior
    earlier = prior_documents(prior)
    missing: list[Missing] = []
    for item in CHECKLIST:
        message: Text = item.label
        if prior is not None and item.key == "penalty_decision":
            present = prior.document_sha256 is not None or earlier.get("penalty_decision") is not None
            message = say("%(item)s (quyết định số %(number)s: đính kèm bản quyết định vào Lịch sử xử phạt của đơn vị)",
                          item=message, number=prior.number)
        elif prior is not None and item.key == "violation_record":
            present = DocKind.VIOLATION_RECORD.value in kinds or earlier.get("violation_record") is not None
        elif facts.received_evidence_id is not None and item.key == "penalty_decision":
            present = _penalty_is_for_evasion(case) and any(e.id == facts.received_evidence_id for e in evidence)
        elif item.document_kind is not None:
            present = item.document_kind.value in kinds
            if item.key == "penalty_decision":
                present = present and _penalty_is_for_evasion(case)
        elif item.key == "service_proof":
            uploaded = EvidenceCategory.SERVICE_PROOF.value in categories
            present = facts.decision_received and uploaded
            needs = [] if facts.decision_received else [
                say("ghi ngày đơn vị nhận quyết định xử phạt (Lịch sử xử phạt của đơn vị)")
            ]
            if not uploaded:
                needs.append(say("tải lên biên bản giao hoặc phiếu báo phát (mục Tài liệu của hồ sơ)"))
            if needs:
                message = say("%(item)s: %(needs)s", item=message, needs=join("; ", needs))
        elif item.key == "payroll":
            present = not facts.payroll_used or EvidenceCategory.PAYROLL.value in categories
        elif item.key == "copy_forms":
            unstated = [e.file_name for e in evidence if e.copy_form is None]
            present = not unstated
            if unstated:
                message = say("%(item)s: tải lại %(files)s và chọn bản chính, bản sao hay bản chuyển đổi",
                              item=message, files=", ".join(unstated))
        elif item.evidence is not None:
            present = item.evidence.value in categories
        else:
            present = True  # the dossier's own arrears statement part
        if not present:
            missing.append(Missing(item.key, message))
    bad = [e for e in every if e.id in unreadable]
    if bad:
        names = "; ".join(f"{e.file_name} ({unreadable[e.id]})" for e in bad)
        missing.append(Missing(UNREADABLE_KEY, say(
            "Tài liệu không đọc được, không đưa vào hồ sơ: %(names)s — rút tài liệu này (mục Tài liệu của hồ sơ) "
            "và tải lên bản đọc được", names=names,
        )))
    return missing


def missing_evidence(case: Case, facts: ChecklistFacts | None = None) -> list[str]:
    """What is still missing from the dossier, as sentences (the guard's reasons)."""
    return [m.message for m in missing_items(case, facts)]
