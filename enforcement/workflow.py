"""The case workflow (PRODUCT §5): the one state machine.

This module is the single source of truth for the workflow: the states, the
triggers and the table of transitions (sources, destination, roles allowed,
guards, the document issued, the input needed, see ``enforcement.steps``).
Guards are small pure functions of ``CaseFacts`` returning a ``GuardResult``
with a Vietnamese reason; the same guards feed the disabled buttons of the
UI, the API's list of allowed transitions, and the machine's conditions.

One class-level ``transitions.Machine`` with no models is driven through
``machine.events[trigger].trigger(proxy)`` on a short-lived proxy, so no
machine stays attached to a case (transitions FAQ: memory footprint).  There
are no side effects in callbacks: the service (``services.cases.fire``) does
numbering, documents and the timeline inside its transaction, and calls
``advance`` — the only code that writes ``Case.state``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from transitions import EventData, Machine, MachineError

from enforcement.domain.deadlines import Deadline
from enforcement.domain.money import format_money
from enforcement.domain.periods import format_date
from enforcement.domain.text import join, say
from enforcement.domain.vocabulary import VIOLATIONS, Behaviour
from enforcement.errors import Forbidden, GuardRejected


class CaseState(enum.StrEnum):
    """Where a case stands (PRODUCT §5 state table)."""

    DETECTED = "detected"
    DEMAND_SENT = "demand_sent"
    INSPECTION_DECIDED = "inspection_decided"
    INSPECTING = "inspecting"
    INSPECTION_CONCLUDED = "inspection_concluded"
    VIOLATION_RECORDED = "violation_recorded"
    # LR-COMPETENCE: the file was sent to the competent authority; the case waits for its decision.
    DECISION_TRANSFERRED = "decision_transferred"
    # LR-FINE, XLVPHC Art. 65: no fine may be imposed any more; a decision applies remedial measures only.
    REMEDIES_ORDERED = "remedies_ordered"
    PENALIZED = "penalized"
    ENFORCING = "enforcing"
    REFERRAL_DRAFTED = "referral_drafted"
    REFERRAL_APPROVED = "referral_approved"
    REFERRED = "referred"
    SETTLED = "settled"
    CLOSED = "closed"


FINAL_STATES = frozenset({CaseState.SETTLED, CaseState.CLOSED})
OPEN_STATES = tuple(s for s in CaseState if s not in FINAL_STATES)
BEFORE_PENALTY = (
    CaseState.DETECTED,
    CaseState.DEMAND_SENT,
    CaseState.INSPECTION_DECIDED,
    CaseState.INSPECTING,
    CaseState.INSPECTION_CONCLUDED,
    CaseState.VIOLATION_RECORDED,
)
PENALIZED_STATES = (
    CaseState.PENALIZED,
    CaseState.ENFORCING,
    CaseState.REFERRAL_DRAFTED,
    CaseState.REFERRAL_APPROVED,
    CaseState.REFERRED,
)

STATE_LABELS = {
    CaseState.DETECTED: _l("Mới phát hiện"),
    CaseState.DEMAND_SENT: _l("Đã gửi văn bản đôn đốc"),
    CaseState.INSPECTION_DECIDED: _l("Đã quyết định kiểm tra"),
    CaseState.INSPECTING: _l("Đang kiểm tra tại đơn vị"),
    CaseState.INSPECTION_CONCLUDED: _l("Đã kết luận kiểm tra"),
    CaseState.VIOLATION_RECORDED: _l("Đã lập biên bản vi phạm"),
    CaseState.DECISION_TRANSFERRED: _l("Đã chuyển hồ sơ cho người có thẩm quyền xử phạt"),
    CaseState.REMEDIES_ORDERED: _l("Đã ra quyết định áp dụng biện pháp khắc phục hậu quả"),
    CaseState.PENALIZED: _l("Đã ra quyết định xử phạt"),
    CaseState.ENFORCING: _l("Đang cưỡng chế"),
    CaseState.REFERRAL_DRAFTED: _l("Đã dự thảo hồ sơ kiến nghị khởi tố"),
    CaseState.REFERRAL_APPROVED: _l("Đã duyệt kiến nghị khởi tố"),
    CaseState.REFERRED: _l("Đã chuyển cơ quan điều tra"),
    CaseState.SETTLED: _l("Đã nộp đủ"),
    CaseState.CLOSED: _l("Đã kết thúc"),
}


class Trigger(enum.StrEnum):
    """What a user (or detection) can do to a case."""

    ISSUE_STATEMENT = "issue_statement"
    SEND_DEMAND = "send_demand"
    DECIDE_INSPECTION = "decide_inspection"
    OPEN_INSPECTION = "open_inspection"
    CONCLUDE_INSPECTION = "conclude_inspection"
    RECORD_VIOLATION = "record_violation"
    RECORD_EXPLANATION = "record_explanation"
    ISSUE_PENALTY = "issue_penalty"
    EXTEND_DECISION = "extend_decision"
    TRANSFER_CASE = "transfer_case"
    RECORD_RECEIVED_DECISION = "record_received_decision"
    ISSUE_REMEDIES = "issue_remedies"
    RECORD_SERVICE = "record_service"
    RECORD_FINE_PAYMENT = "record_fine_payment"
    ORDER_ENFORCEMENT = "order_enforcement"
    DRAFT_REFERRAL = "draft_referral"
    APPROVE_REFERRAL = "approve_referral"
    SEND_REFERRAL = "send_referral"
    RECORD_OUTCOME = "record_outcome"
    RETURN_FOR_PENALTY = "return_for_penalty"
    RETURN_REFERRAL = "return_referral"
    REQUEST_DISMISSAL = "request_dismissal"
    DISMISS = "dismiss"
    SETTLE = "settle"


class DocKind(enum.StrEnum):
    """Every kind of document the workflow issues (PRODUCT §5, last column)."""

    ARREARS_STATEMENT = "arrears_statement"
    DEMAND_NOTICE = "demand_notice"
    INSPECTION_DECISION = "inspection_decision"
    WORKING_MINUTES = "working_minutes"
    INSPECTION_CONCLUSION = "inspection_conclusion"
    VIOLATION_RECORD = "violation_record"
    PENALTY_DECISION = "penalty_decision"
    TRANSFER_LETTER = "transfer_letter"
    REMEDIES_DECISION = "remedies_decision"
    ENFORCEMENT_DECISION = "enforcement_decision"
    REFERRAL_DRAFT = "referral_draft"
    RECOMMENDATION = "recommendation"
    REFERRAL_DOSSIER = "referral_dossier"
    HANDOVER_RECORD = "handover_record"
    SETTLEMENT_NOTICE = "settlement_notice"


class RoleName(enum.StrEnum):
    """Role names as the workflow sees them (values equal ``models.user.Role``)."""

    INSPECTOR = "inspector"
    LEGAL = "legal"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Actor:
    """Who fires a trigger. ``role=None`` is the system (detection)."""

    user_id: int | None
    role: str | None

    @property
    def is_system(self) -> bool:
        return self.role is None


SYSTEM = Actor(None, None)


@dataclass(frozen=True)
class GuardResult:
    ok: bool
    reason: str = ""


@dataclass(frozen=True)
class CaseFacts:
    """What the guards know about a case: plain data built by the service."""

    state: CaseState
    assignee_id: int | None
    principal: int
    today: date
    interest: int = 0  # late-payment interest still owed (LEGAL.md LR-ARREARS)
    concluded_behaviour: str | None = None  # a Behaviour
    penalty_behaviour: str | None = None
    deadlines: dict[str, Deadline] = field(default_factory=dict)
    art216_passed: bool | None = None
    art216_failures: tuple[str, ...] = ()
    evidence_missing: tuple[str, ...] = ()
    dismissal_requested: bool = False
    # LR-SANCTIONS: evasion concluded while an evasion decision is live (Decree 283/2026 Art. 4(2)(l)) …
    repeat_offence: bool = False
    repeat_reason: str = ""
    # … unless the police returned the file for an administrative penalty (Art. 4(3)).
    returned_for_penalty: bool = False
    origin_lead_id: int | None = None  # opened from an evasion lead (PRODUCT §10): enters at the inspection
    # What an official document addressed to the employer must print and the case lacks (what to enter where).
    employer_missing: tuple[str, ...] = ()
    fine_account_missing: bool = False  # the State Treasury account the penalty decision names
    # A supervisor returned the drafted referral with a request (``return_referral``): drafted again first.
    referral_returned: bool = False
    # LR-COMPETENCE: no signer of the office may decide this case's violations (the top of a violation's
    # band for this case is above every signer's cap): the case must be transferred to the competent authority.
    penalty_beyond_competence: bool = False
    competence_reason: str = ""
    fine_unpaid: int = 0  # the fine of the case's decision not yet recorded as paid (LR-SANCTIONS)
    inspection_basis_missing: bool = False  # the instrument the inspection decision cites for the competence


Guard = Callable[[CaseFacts], GuardResult]
OK = GuardResult(True)


def has_arrears(f: CaseFacts) -> GuardResult:
    """A demand notice needs something outstanding: principal, or interest alone (LR-ARREARS)."""
    if f.principal > 0 or f.interest > 0:
        return OK
    return GuardResult(False, _("Đơn vị không còn nợ gốc và lãi chậm đóng: không cần đôn đốc."))


def has_arrears_or_lead(f: CaseFacts) -> GuardResult:
    """``decide_inspection``: something outstanding, or a case opened from an evasion lead.

    A lead (workers not registered, wages declared low) is suspected evasion with nothing
    declared and so nothing outstanding on the ledger: the inspection is what establishes it.
    """
    return OK if f.origin_lead_id is not None else has_arrears(f)


def demand_sent_or_lead(f: CaseFacts) -> GuardResult:
    """``decide_inspection`` from ``detected``: only a case opened from an evasion lead skips the demand notice."""
    if f.state != CaseState.DETECTED or f.origin_lead_id is not None:
        return OK
    return GuardResult(
        False,
        _(
            "Phải gửi văn bản đôn đốc trước khi quyết định kiểm tra (chỉ hồ sơ mở từ đầu mối trốn đóng "
            "được kiểm tra ngay)."
        ),
    )


def principal_is_zero(f: CaseFacts) -> GuardResult:
    """``settle``: the principal and the interest owed are both 0 (LEGAL.md LR-ARREARS)."""
    if f.principal > 0:
        return GuardResult(
            False, _("Đơn vị còn nợ gốc %(m)s: chưa thể kết thúc là đã nộp đủ.", m=format_money(f.principal))
        )
    if f.interest > 0:
        return GuardResult(
            False,
            _(
                "Đơn vị đã nộp đủ tiền gốc, chỉ còn nợ lãi chậm đóng %(m)s: chưa thể kết thúc là đã nộp đủ.",
                m=format_money(f.interest),
            ),
        )
    return OK


def violation_found(f: CaseFacts) -> GuardResult:
    """``record_violation``: the inspection concluded late payment or evasion."""
    if f.concluded_behaviour in VIOLATIONS:
        return OK
    return GuardResult(
        False, _("Kết luận kiểm tra không xác định hành vi vi phạm: không lập biên bản vi phạm.")
    )


def employer_identified(f: CaseFacts) -> GuardResult:
    """``record_violation`` / ``issue_penalty``: the documents name the offender's address and representative."""
    if not f.employer_missing:
        return OK
    return GuardResult(False, "; ".join(f.employer_missing))


def fine_account_known(f: CaseFacts) -> GuardResult:
    """``issue_penalty``: the decision names the State Treasury account the fine is paid into."""
    if not f.fine_account_missing:
        return OK
    return GuardResult(
        False,
        _("Chưa có tài khoản nộp tiền phạt tại Kho bạc Nhà nước của cơ quan: quản trị viên nhập tại "
          "Quản trị → Cơ quan → Tài khoản nộp tiền phạt trước khi ra quyết định xử phạt."),
    )


def inspection_basis_known(f: CaseFacts) -> GuardResult:
    """``decide_inspection``: the decision cites the instrument giving the office its examination competence."""
    if not f.inspection_basis_missing:
        return OK
    return GuardResult(
        False,
        _("Chưa có căn cứ thẩm quyền kiểm tra của cơ quan để ghi vào quyết định kiểm tra: quản trị viên nhập tại "
          "Quản trị → Cơ quan → Căn cứ thẩm quyền kiểm tra (số, ngày, cơ quan ban hành và trích yếu của văn bản)."),
    )


def _overdue(f: CaseFacts, key: str) -> Deadline | None:
    deadline = f.deadlines.get(key)
    return deadline if deadline is not None and deadline.overdue else None


def before_decision_deadline(f: CaseFacts) -> GuardResult:
    """``issue_penalty``: D-DECISION (XLVPHC Art. 66) has not passed."""
    if (late := _overdue(f, "D-DECISION")) is None:
        return OK
    return GuardResult(
        False,
        _("Đã quá thời hạn ra quyết định xử phạt (hạn %(d)s, Luật XLVPHC Điều 66).", d=format_date(late.due)),
    )


def within_limitation(f: CaseFacts) -> GuardResult:
    """``issue_penalty``: D-LIMIT (XLVPHC Art. 6) has not passed."""
    if (late := _overdue(f, "D-LIMIT")) is None:
        return OK
    return GuardResult(
        False, _("Đã hết thời hiệu xử phạt (hạn %(d)s, Luật XLVPHC Điều 6).", d=format_date(late.due))
    )


def within_competence(f: CaseFacts) -> GuardResult:
    """``issue_penalty``: the top of every violation's band is within a signer's cap (LR-COMPETENCE)."""
    if not f.penalty_beyond_competence:
        return OK
    return GuardResult(
        False,
        " ".join(
            part for part in (
                f.competence_reason,
                _("Mức phạt tối đa của khung vượt thẩm quyền xử phạt của người ký: chuyển hồ sơ vụ vi phạm cho "
                  "người có thẩm quyền (Luật XLVPHC Điều 52, Điều 58)."),
            ) if part
        ),
    )


def beyond_competence(f: CaseFacts) -> GuardResult:
    """``transfer_case``: only a case beyond the office's competence is transferred (LR-COMPETENCE)."""
    if f.penalty_beyond_competence:
        return OK
    return GuardResult(
        False,
        _("Vụ việc thuộc thẩm quyền xử phạt của cơ quan: ra quyết định xử phạt, không chuyển hồ sơ."),
    )


def penalty_time_barred(f: CaseFacts) -> GuardResult:
    """``issue_remedies``: D-LIMIT or D-DECISION has passed, so only remedial measures remain (XLVPHC Art. 65)."""
    if _overdue(f, "D-LIMIT") is not None or _overdue(f, "D-DECISION") is not None:
        return OK
    return GuardResult(
        False,
        _("Còn thời hiệu và còn thời hạn ra quyết định xử phạt: ra quyết định xử phạt (quyết định chỉ áp dụng "
          "biện pháp khắc phục hậu quả khi không còn xử phạt được, Luật XLVPHC Điều 65)."),
    )


def fine_outstanding(f: CaseFacts) -> GuardResult:
    """``record_fine_payment``: the case's decision fines the employer and the fine is not yet paid in full."""
    if f.fine_unpaid > 0:
        return OK
    return GuardResult(False, _("Không còn tiền phạt phải nộp theo quyết định của hồ sơ."))


def compliance_deadline_passed(f: CaseFacts) -> GuardResult:
    """``order_enforcement``: the day to comply (D-COMPLY) has passed (XLVPHC Art. 73, 86).

    Paying the fine ends D-COMPLY; the remedial measures may still be unpaid, so the day counts, not whether
    the deadline is still running.
    """
    deadline = f.deadlines.get("D-COMPLY")
    if deadline is not None and f.today > deadline.due:
        return OK
    if deadline is None:
        return GuardResult(False, _("Chưa xác định được thời hạn chấp hành quyết định xử phạt."))
    return GuardResult(
        False,
        _(
            "Chưa hết thời hạn chấp hành quyết định xử phạt (đến %(d)s, Luật XLVPHC Điều 73).",
            d=format_date(deadline.due),
        ),
    )


def amounts_unpaid(f: CaseFacts) -> GuardResult:
    """``draft_referral``: the amounts (principal or interest) remain unpaid."""
    if f.principal > 0 or f.interest > 0:
        return OK
    return GuardResult(False, _("Đơn vị đã nộp đủ số tiền nợ: không cưỡng chế."))


def decision_unfulfilled(f: CaseFacts) -> GuardResult:
    """``order_enforcement``: the fine (as recorded paid) or the amounts the decision orders remain unpaid."""
    if f.principal > 0 or f.interest > 0 or f.fine_unpaid > 0:
        return OK
    return GuardResult(False, _("Đơn vị đã nộp đủ tiền phạt và số tiền nợ: không cưỡng chế."))


def _repeat_route(f: CaseFacts) -> bool:
    return f.repeat_offence and not f.returned_for_penalty and f.concluded_behaviour == "evasion"


def not_a_repeat_offence(f: CaseFacts) -> GuardResult:
    """``issue_penalty``: no new evasion penalty for a repeat offence; it goes to the police (LR-SANCTIONS)."""
    if not _repeat_route(f):
        return OK
    return GuardResult(
        False,
        _(
            "Tái phạm hành vi trốn đóng: không xử phạt hành chính lần nữa mà chuyển hồ sơ để truy cứu trách "
            "nhiệm hình sự (Nghị định 283/2026/NĐ-CP Điều 4 khoản 2 điểm l; Luật XLVPHC Điều 62). %(why)s",
            why=f.repeat_reason,
        ).strip(),
    )


def penalized_for_evasion(f: CaseFacts) -> GuardResult:
    """``draft_referral``: an evasion case penalised for evasion (LR-EVASION, LR-ART216 C5), or a repeat offence
    straight from the inspection conclusion (LR-SANCTIONS, Decree 283/2026 Art. 4(2)(l))."""
    if f.concluded_behaviour == Behaviour.EVASION and f.penalty_behaviour == Behaviour.EVASION:
        return OK
    if _repeat_route(f) and f.state in (CaseState.INSPECTION_CONCLUDED, CaseState.VIOLATION_RECORDED,
                                        CaseState.REFERRAL_DRAFTED):
        return OK
    return GuardResult(
        False,
        _(
            "Chỉ hồ sơ đã kết luận trốn đóng và bị xử phạt về hành vi trốn đóng mới được kiến nghị khởi tố; "
            "hồ sơ chậm đóng kết thúc bằng nộp đủ, cưỡng chế hoặc đình chỉ. Khi tái phạm hành vi trốn đóng "
            "(còn quyết định xử phạt trốn đóng chưa hết thời hạn), hồ sơ được dự thảo kiến nghị khởi tố ngay sau "
            "kết luận kiểm tra."
        ),
    )


def not_penalised_in_this_case(f: CaseFacts) -> GuardResult:
    """``return_for_penalty``: only a file sent without a penalty (the repeat-offence route) comes back for one."""
    if f.penalty_behaviour is None:
        return OK
    return GuardResult(
        False,
        _("Hồ sơ đã có quyết định xử phạt: ghi nhận kết quả giải quyết của cơ quan điều tra để kết thúc hồ sơ."),
    )


def article216_passes(f: CaseFacts) -> GuardResult:
    """``draft_referral``: LR-ART216 on the concluded figures passes; each failed criterion is a reason."""
    if f.art216_passed:
        return OK
    if f.art216_passed is None:
        return GuardResult(
            False, _("Chưa đánh giá được Điều 216 (thiếu kết luận kiểm tra hoặc quyết định xử phạt).")
        )
    failures = join("; ", f.art216_failures) if f.art216_failures else ""  # pages say it again (ui_text)
    return GuardResult(False, failures or _("Chưa đủ dấu hiệu tội phạm theo Điều 216."))


def evidence_complete(f: CaseFacts) -> GuardResult:
    """``approve_referral``: every item of the evidence checklist (LEGAL.md Part B §7) is present."""
    if not f.evidence_missing:
        return OK
    # a sentence pages say again in the reader's language (ui_text), the checklist's items with it
    return GuardResult(False, say("Hồ sơ còn thiếu: %(items)s.", items=join("; ", f.evidence_missing)))


def redraft_only_when_returned(f: CaseFacts) -> GuardResult:
    """``draft_referral`` from ``referral_drafted``: only a draft the supervisor returned is drafted again."""
    if f.state != CaseState.REFERRAL_DRAFTED or f.referral_returned:
        return OK
    return GuardResult(False, _("Dự thảo đang chờ lãnh đạo phòng duyệt: chỉ dự thảo lại khi bị trả lại."))


def referral_not_returned(f: CaseFacts) -> GuardResult:
    """``approve_referral`` / ``return_referral``: not while the draft waits to be drafted again."""
    if not f.referral_returned:
        return OK
    return GuardResult(False, _("Dự thảo đã bị trả lại để bổ sung: chờ cán bộ pháp chế dự thảo lại."))


INSPECTION_ROLES = frozenset({RoleName.INSPECTOR, RoleName.SUPERVISOR})
LEGAL_ROLES = frozenset({RoleName.LEGAL})
SUPERVISOR_ONLY = frozenset({RoleName.SUPERVISOR})
CASE_WORKERS = frozenset({RoleName.INSPECTOR, RoleName.LEGAL, RoleName.SUPERVISOR})


@dataclass(frozen=True)
class Step:
    """One row of the transition table."""

    trigger: Trigger
    sources: tuple[CaseState, ...]
    dest: CaseState | None  # None: the state does not change (reminder, explanation…)
    roles: frozenset[str]
    label: Any
    guards: tuple[Guard, ...] = ()
    documents: tuple[DocKind, ...] = ()
    system: bool = False  # detection may fire it
    destructive: bool = False  # asks for a confirmation that names its consequence
    moves: tuple[tuple[CaseState, CaseState], ...] = ()  # per-source destinations overriding ``dest``
    # Sources from which the step is an exception its guards rarely allow (the repeat-offence referral):
    # not announced as the next step to take.
    exceptional: tuple[CaseState, ...] = ()

    def dest_for(self, source: CaseState) -> CaseState:
        """Where firing from ``source`` leads (the same state for an internal step)."""
        return dict(self.moves).get(source) or self.dest or source


STEPS: tuple[Step, ...] = (
    Step(
        Trigger.ISSUE_STATEMENT,
        # Not once the referral is approved: the dossier's statement is fixed (issue 17).
        tuple(s for s in OPEN_STATES if s not in (CaseState.REFERRAL_APPROVED, CaseState.REFERRED)),
        None,
        CASE_WORKERS,
        _l("Lập bảng kê nợ"),
        documents=(DocKind.ARREARS_STATEMENT,),
    ),
    # The first demand notice moves a detected case on; later ones are the monthly reminders.
    Step(
        Trigger.SEND_DEMAND,
        BEFORE_PENALTY,
        None,
        INSPECTION_ROLES,
        _l("Gửi văn bản đôn đốc"),
        guards=(has_arrears,),
        documents=(DocKind.DEMAND_NOTICE,),
        moves=((CaseState.DETECTED, CaseState.DEMAND_SENT),),
    ),
    # A case opened from an evasion lead (PRODUCT §10) enters here straight from ``detected``.
    Step(
        Trigger.DECIDE_INSPECTION,
        (CaseState.DEMAND_SENT, CaseState.DETECTED),
        CaseState.INSPECTION_DECIDED,
        INSPECTION_ROLES,
        _l("Quyết định kiểm tra"),
        guards=(demand_sent_or_lead, has_arrears_or_lead, inspection_basis_known),
        documents=(DocKind.INSPECTION_DECISION,),
    ),
    Step(
        Trigger.OPEN_INSPECTION,
        (CaseState.INSPECTION_DECIDED,),
        CaseState.INSPECTING,
        INSPECTION_ROLES,
        _l("Làm việc tại đơn vị"),
        documents=(DocKind.WORKING_MINUTES,),
    ),
    Step(
        Trigger.CONCLUDE_INSPECTION,
        (CaseState.INSPECTING,),
        CaseState.INSPECTION_CONCLUDED,
        INSPECTION_ROLES,
        _l("Kết luận kiểm tra"),
        documents=(DocKind.INSPECTION_CONCLUSION,),
    ),
    Step(
        Trigger.RECORD_VIOLATION,
        (CaseState.INSPECTION_CONCLUDED,),
        CaseState.VIOLATION_RECORDED,
        LEGAL_ROLES,
        _l("Lập biên bản vi phạm hành chính"),
        guards=(violation_found, employer_identified),
        documents=(DocKind.VIOLATION_RECORD,),
    ),
    Step(
        Trigger.RECORD_EXPLANATION,
        (CaseState.VIOLATION_RECORDED,),
        None,
        LEGAL_ROLES,
        _l("Ghi nhận giải trình của đơn vị"),
    ),
    Step(
        Trigger.ISSUE_PENALTY,
        (CaseState.VIOLATION_RECORDED,),
        CaseState.PENALIZED,
        LEGAL_ROLES,
        _l("Ra quyết định xử phạt"),
        guards=(not_a_repeat_offence, before_decision_deadline, within_limitation, employer_identified,
                fine_account_known, within_competence),
        documents=(DocKind.PENALTY_DECISION,),
        destructive=True,
    ),
    # XLVPHC Art. 66(1): a complex case, with the written approval of the direct superior, at most 1 month more.
    Step(
        Trigger.EXTEND_DECISION,
        (CaseState.VIOLATION_RECORDED,),
        None,
        LEGAL_ROLES,
        _l("Gia hạn thời hạn ra quyết định xử phạt (vụ việc phức tạp)"),
        guards=(before_decision_deadline,),
    ),
    # LR-COMPETENCE: beyond the office's competence, the file goes to the competent authority (XLVPHC Art. 52, 58).
    Step(
        Trigger.TRANSFER_CASE,
        (CaseState.VIOLATION_RECORDED,),
        CaseState.DECISION_TRANSFERRED,
        LEGAL_ROLES,
        _l("Chuyển hồ sơ vụ vi phạm cho người có thẩm quyền xử phạt"),
        guards=(not_a_repeat_offence, beyond_competence, employer_identified),
        documents=(DocKind.TRANSFER_LETTER,),
        destructive=True,
    ),
    # The decision of the competent authority, received: it is the case's penalty decision from then on.
    Step(
        Trigger.RECORD_RECEIVED_DECISION,
        (CaseState.DECISION_TRANSFERRED,),
        CaseState.PENALIZED,
        LEGAL_ROLES,
        _l("Ghi nhận quyết định xử phạt của người có thẩm quyền"),
        destructive=True,
    ),
    # LR-FINE (remedial measures), XLVPHC Art. 65: no fine any more, the amounts and interest are still ordered.
    Step(
        Trigger.ISSUE_REMEDIES,
        (CaseState.INSPECTION_CONCLUDED, CaseState.VIOLATION_RECORDED),
        CaseState.REMEDIES_ORDERED,
        LEGAL_ROLES,
        _l("Ra quyết định áp dụng biện pháp khắc phục hậu quả"),
        guards=(violation_found, penalty_time_barred, employer_identified),
        documents=(DocKind.REMEDIES_DECISION,),
        destructive=True,
        # Only once the penalty is out of time: not announced as the next step after the conclusion or the record.
        exceptional=(CaseState.INSPECTION_CONCLUDED, CaseState.VIOLATION_RECORDED),
    ),
    # D-SERVE (XLVPHC Art. 70): the day the employer received the decision; D-COMPLY runs from it.
    Step(
        Trigger.RECORD_SERVICE,
        (CaseState.PENALIZED, CaseState.REMEDIES_ORDERED, CaseState.ENFORCING),
        None,
        LEGAL_ROLES,
        _l("Ghi nhận ngày đơn vị nhận quyết định"),
    ),
    Step(
        Trigger.RECORD_FINE_PAYMENT,
        (CaseState.PENALIZED, CaseState.ENFORCING, CaseState.REFERRAL_DRAFTED, CaseState.REFERRAL_APPROVED,
         CaseState.REFERRED),
        None,
        LEGAL_ROLES,
        _l("Ghi nhận nộp tiền phạt"),
        guards=(fine_outstanding,),
    ),
    Step(
        Trigger.ORDER_ENFORCEMENT,
        (CaseState.PENALIZED, CaseState.REMEDIES_ORDERED),
        CaseState.ENFORCING,
        LEGAL_ROLES,
        _l("Ra quyết định cưỡng chế"),
        guards=(compliance_deadline_passed, decision_unfulfilled),
        documents=(DocKind.ENFORCEMENT_DECISION,),
        destructive=True,
    ),
    Step(
        Trigger.DRAFT_REFERRAL,
        # From the conclusion (or the violation record) only on the repeat-offence route (LR-SANCTIONS).
        # From ``referral_drafted`` only when the supervisor returned the draft (``return_referral``).
        (CaseState.INSPECTION_CONCLUDED, CaseState.VIOLATION_RECORDED, CaseState.PENALIZED, CaseState.ENFORCING,
         CaseState.REFERRAL_DRAFTED),
        CaseState.REFERRAL_DRAFTED,
        LEGAL_ROLES,
        _l("Dự thảo hồ sơ kiến nghị khởi tố"),
        guards=(redraft_only_when_returned, penalized_for_evasion, amounts_unpaid, article216_passes,
                employer_identified),
        documents=(DocKind.REFERRAL_DRAFT,),
        exceptional=(CaseState.INSPECTION_CONCLUDED, CaseState.VIOLATION_RECORDED),
    ),
    Step(
        Trigger.APPROVE_REFERRAL,
        (CaseState.REFERRAL_DRAFTED,),
        CaseState.REFERRAL_APPROVED,
        SUPERVISOR_ONLY,
        _l("Duyệt kiến nghị khởi tố"),
        guards=(referral_not_returned, article216_passes, evidence_complete),
        documents=(DocKind.RECOMMENDATION, DocKind.REFERRAL_DOSSIER),
        destructive=True,
    ),
    # The supervisor sends the draft back with what is missing; the state stays, the draft is drafted again.
    Step(
        Trigger.RETURN_REFERRAL,
        (CaseState.REFERRAL_DRAFTED,),
        None,
        SUPERVISOR_ONLY,
        _l("Trả lại dự thảo để bổ sung"),
        guards=(referral_not_returned,),
    ),
    Step(
        Trigger.SEND_REFERRAL,
        (CaseState.REFERRAL_APPROVED,),
        CaseState.REFERRED,
        LEGAL_ROLES,
        _l("Chuyển hồ sơ cho cơ quan điều tra"),
        documents=(DocKind.HANDOVER_RECORD,),
        destructive=True,
    ),
    Step(
        Trigger.RECORD_OUTCOME,
        (CaseState.REFERRED,),
        CaseState.CLOSED,
        LEGAL_ROLES,
        _l("Ghi nhận kết quả giải quyết"),
        destructive=True,
    ),
    # Decree 283/2026 Art. 4(3), XLVPHC Art. 62(3): the police do not prosecute a repeat offence and return
    # the file: it goes back for an administrative penalty.
    Step(
        Trigger.RETURN_FOR_PENALTY,
        (CaseState.REFERRED,),
        CaseState.INSPECTION_CONCLUDED,
        LEGAL_ROLES,
        _l("Nhận lại hồ sơ để xử phạt hành chính"),
        guards=(not_penalised_in_this_case,),
        destructive=True,
    ),
    Step(
        Trigger.REQUEST_DISMISSAL,
        OPEN_STATES,
        None,
        frozenset({RoleName.INSPECTOR, RoleName.LEGAL}),
        _l("Đề nghị đình chỉ hồ sơ"),
    ),
    Step(
        Trigger.DISMISS,
        OPEN_STATES,
        CaseState.CLOSED,
        SUPERVISOR_ONLY,
        _l("Đình chỉ hồ sơ"),
        destructive=True,
    ),
    Step(
        Trigger.SETTLE,
        OPEN_STATES,
        CaseState.SETTLED,
        INSPECTION_ROLES,
        _l("Kết thúc: đã nộp đủ"),
        guards=(principal_is_zero,),
        documents=(DocKind.SETTLEMENT_NOTICE,),
        system=True,
        destructive=True,
    ),
)
STEP_BY_TRIGGER = {step.trigger: step for step in STEPS}


def _conditions(event: EventData) -> bool:
    """The machine's condition: every guard of the step; failures are kept on the proxy."""
    proxy: _Proxy = event.model
    step = STEP_BY_TRIGGER[Trigger(event.event.name)]
    proxy.blocked = [r.reason for r in (g(proxy.facts) for g in step.guards) if not r.ok]
    return not proxy.blocked


def _build_machine() -> Machine:
    machine = Machine(model=None, states=CaseState, initial=None, auto_transitions=False, send_event=True)
    for step in STEPS:
        for source in step.sources:
            dest = dict(step.moves).get(source, step.dest)
            machine.add_transition(step.trigger.value, source, dest, conditions=[_conditions])
    return machine


MACHINE = _build_machine()


class _Proxy:
    """A short-lived stand-in for a case while the machine decides; dropped after each call."""

    def __init__(self, state: CaseState, facts: CaseFacts) -> None:
        self.state = state
        self.facts = facts
        self.blocked: list[str] = []


class HasState(Protocol):
    state: CaseState


def step_for(trigger: str, state: CaseState) -> Step:
    """The step of ``trigger`` from ``state``.

    :raises GuardRejected: unknown trigger, or not available in this state.
    """
    try:
        step = STEP_BY_TRIGGER[Trigger(trigger)]
    except ValueError:
        raise GuardRejected(_("Thao tác không tồn tại: %(t)s.", t=trigger), reasons=[]) from None
    if state not in step.sources:
        raise GuardRejected(
            _(
                "Không thực hiện được “%(step)s” khi hồ sơ ở trạng thái “%(state)s”.",
                step=str(step.label),
                state=str(STATE_LABELS[state]),
            ),
            reasons=[_("Trạng thái hiện tại không cho phép thao tác này.")],
        )
    return step


def role_refusal(step: Step, facts: CaseFacts, actor: Actor) -> str | None:
    """Why ``actor`` may not fire ``step`` on this case (None when allowed)."""
    if actor.is_system:
        return None if step.system else _("Thao tác này phải do cán bộ thực hiện.")
    if actor.role not in step.roles:
        return _("Vai trò của bạn không được thực hiện “%(step)s”.", step=str(step.label))
    if actor.role == RoleName.INSPECTOR and facts.assignee_id != actor.user_id:
        return _("Chỉ cán bộ được phân công hồ sơ mới được thực hiện thao tác này.")
    return None


def guard_reasons(step: Step, facts: CaseFacts) -> list[str]:
    """Every failing guard's reason (empty when the step may fire)."""
    return [r.reason for r in (g(facts) for g in step.guards) if not r.ok]


@dataclass(frozen=True)
class Availability:
    """Whether a trigger may fire now, and why not."""

    step: Step
    to_state: CaseState
    allowed: bool
    reasons: tuple[str, ...]
    forbidden: bool  # refused for the role (not shown as an action to this user)

    def to_dict(self) -> dict[str, Any]:
        from enforcement.steps import FIELDS

        return {
            "trigger": self.step.trigger.value,
            "label": str(self.step.label),
            "to_state": self.to_state.value,
            "allowed": self.allowed,
            "reasons": list(self.reasons),
            "documents": [d.value for d in self.step.documents],
            "fields": [spec.to_dict() for spec in FIELDS.get(self.step.trigger.value, ())],
        }


def availability(facts: CaseFacts, actor: Actor) -> list[Availability]:
    """Every trigger of the current state, with whether ``actor`` may fire it and why not."""
    out = []
    for step in STEPS:
        if facts.state not in step.sources:
            continue
        refusal = role_refusal(step, facts, actor)
        reasons = [refusal] if refusal else guard_reasons(step, facts)
        out.append(Availability(step, step.dest_for(facts.state), not reasons, tuple(reasons), refusal is not None))
    return out


def advance(case: HasState, trigger: str, facts: CaseFacts, actor: Actor) -> Step:
    """Fire ``trigger`` on ``case``: check role and guards through the machine, then set the new state.

    The only code that writes ``Case.state``.

    :raises GuardRejected: not available from this state, or a guard failed (``reasons``).
    :raises Forbidden: the actor's role or assignment does not allow it.
    """
    step = step_for(trigger, case.state)
    refusal = role_refusal(step, facts, actor)
    if refusal:
        raise Forbidden(refusal)
    proxy = _Proxy(case.state, facts)
    try:
        fired = MACHINE.events[step.trigger.value].trigger(proxy)
    except MachineError as exc:  # pragma: no cover - step_for already checked the source
        raise GuardRejected(str(exc), reasons=[]) from exc
    if not fired:
        raise GuardRejected(_("Chưa đủ điều kiện: %(step)s.", step=str(step.label)), reasons=proxy.blocked)
    case.state = proxy.state
    return step


def diagram_edges() -> Iterable[tuple[CaseState, CaseState, Trigger]]:
    """The state-changing transitions, for the workflow picture."""
    for step in STEPS:
        for source in step.sources:
            dest = step.dest_for(source)
            if dest != source:
                yield source, dest, step.trigger
