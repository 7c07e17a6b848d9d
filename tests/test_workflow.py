"""The state machine as data (issue 5; PRODUCT §5): table, roles, guards, no models left attached.

Pure tests: no database.  Each guard has a passing and a failing case; each
role is refused every trigger it may not fire.
"""

from __future__ import annotations

import gc
import re
import weakref
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from enforcement.domain.deadlines import Deadline
from enforcement.errors import Forbidden, GuardRejected
from enforcement.workflow import (
    MACHINE,
    OPEN_STATES,
    STEPS,
    Actor,
    CaseFacts,
    CaseState,
    RoleName,
    Trigger,
    advance,
    amounts_unpaid,
    article216_passes,
    availability,
    before_decision_deadline,
    compliance_deadline_passed,
    diagram_edges,
    evidence_complete,
    has_arrears,
    penalized_for_evasion,
    principal_is_zero,
    violation_found,
    within_limitation,
)

TODAY = date(2026, 11, 25)
INSPECTOR = Actor(7, RoleName.INSPECTOR)
OTHER_INSPECTOR = Actor(8, RoleName.INSPECTOR)
LEGAL = Actor(9, RoleName.LEGAL)
SUPERVISOR = Actor(10, RoleName.SUPERVISOR)
ADMIN = Actor(11, RoleName.ADMIN)


class Box:
    """A stand-in for a case: the workflow only needs ``state``."""

    def __init__(self, state: CaseState) -> None:
        self.state = state


def facts(state: CaseState, **kw) -> CaseFacts:
    base = {"state": state, "assignee_id": INSPECTOR.user_id, "principal": 100_000_000, "today": TODAY}
    return CaseFacts(**{**base, **kw})


def deadline(ident: str, due: date, overdue: bool) -> Deadline:
    return Deadline(ident, ident, due - timedelta(days=7), due, (due - TODAY).days, overdue, False, "src")


def test_product_state_table_is_the_contract():
    """PRODUCT §5: every state and the trigger that reaches it."""
    reached_by = {dest: trigger.value for _src, dest, trigger in diagram_edges()}
    assert reached_by[CaseState.DEMAND_SENT] == "send_demand"
    assert reached_by[CaseState.INSPECTION_DECIDED] == "decide_inspection"
    assert reached_by[CaseState.INSPECTING] == "open_inspection"
    assert {t.value for s, d, t in diagram_edges() if d == CaseState.INSPECTION_CONCLUDED} == {
        "conclude_inspection", "return_for_penalty"}  # Decree 283/2026 Art. 4(3): the police return the file
    assert reached_by[CaseState.VIOLATION_RECORDED] == "record_violation"
    # LR-COMPETENCE: the penalty decision is issued here, or received from the competent authority after a transfer.
    assert {t.value for s, d, t in diagram_edges() if d == CaseState.PENALIZED} == {
        "issue_penalty", "record_received_decision"}
    assert reached_by[CaseState.DECISION_TRANSFERRED] == "transfer_case"
    assert reached_by[CaseState.REMEDIES_ORDERED] == "issue_remedies"  # XLVPHC Art. 65
    assert reached_by[CaseState.ENFORCING] == "order_enforcement"
    assert reached_by[CaseState.REFERRAL_DRAFTED] == "draft_referral"
    assert reached_by[CaseState.REFERRAL_APPROVED] == "approve_referral"
    assert reached_by[CaseState.REFERRED] == "send_referral"
    assert {t.value for s, d, t in diagram_edges() if d == CaseState.CLOSED} == {"record_outcome", "dismiss"}
    assert {s for s, d, t in diagram_edges() if t == Trigger.SETTLE} == set(OPEN_STATES)


def test_no_dangling_states_every_open_state_has_a_way_out():
    sources = {s for s, _d, _t in diagram_edges()}
    assert set(OPEN_STATES) <= sources
    reachable = {CaseState.DETECTED} | {d for _s, d, _t in diagram_edges()}
    assert reachable == set(CaseState)


def test_final_states_allow_nothing():
    for state in (CaseState.SETTLED, CaseState.CLOSED):
        assert availability(facts(state), SUPERVISOR) == []


@pytest.mark.parametrize("trigger", ["send_demand", "decide_inspection", "open_inspection", "conclude_inspection"])
def test_inspection_steps_are_refused_to_legal_and_admin(trigger):
    step = next(s for s in STEPS if s.trigger == trigger)
    for actor in (LEGAL, ADMIN):
        with pytest.raises(Forbidden):
            advance(Box(step.sources[0]), trigger, facts(step.sources[0]), actor)


@pytest.mark.parametrize(
    "trigger",
    [
        "record_violation",
        "record_explanation",
        "issue_penalty",
        "order_enforcement",
        "draft_referral",
        "send_referral",
        "record_outcome",
    ],
)
def test_legal_steps_are_refused_to_inspectors_supervisors_and_admin(trigger):
    step = next(s for s in STEPS if s.trigger == trigger)
    for actor in (INSPECTOR, SUPERVISOR, ADMIN):
        with pytest.raises(Forbidden):
            advance(Box(step.sources[0]), trigger, facts(step.sources[0]), actor)


@pytest.mark.parametrize("trigger", ["approve_referral", "dismiss"])
def test_approval_and_dismissal_need_a_supervisor(trigger):
    step = next(s for s in STEPS if s.trigger == trigger)
    for actor in (INSPECTOR, LEGAL, ADMIN):
        with pytest.raises(Forbidden):
            advance(Box(step.sources[0]), trigger, facts(step.sources[0]), actor)


def test_an_inspector_acts_only_on_cases_assigned_to_them():
    box = Box(CaseState.DETECTED)
    with pytest.raises(Forbidden, match="phân công"):
        advance(box, "send_demand", facts(CaseState.DETECTED), OTHER_INSPECTOR)
    advance(box, "send_demand", facts(CaseState.DETECTED), INSPECTOR)
    assert box.state == CaseState.DEMAND_SENT


def test_a_supervisor_may_act_on_any_case_of_the_office():
    box = Box(CaseState.DETECTED)
    advance(box, "send_demand", facts(CaseState.DETECTED, assignee_id=None), SUPERVISOR)
    assert box.state == CaseState.DEMAND_SENT


def test_only_the_system_and_workers_may_settle_and_the_system_nothing_else():
    system = Actor(None, None)
    box = Box(CaseState.PENALIZED)
    advance(box, "settle", facts(CaseState.PENALIZED, principal=0), system)
    assert box.state == CaseState.SETTLED
    with pytest.raises(Forbidden):
        advance(Box(CaseState.DETECTED), "send_demand", facts(CaseState.DETECTED), system)


def test_send_demand_later_is_a_reminder_and_keeps_the_state():
    for state in (CaseState.DEMAND_SENT, CaseState.INSPECTING, CaseState.VIOLATION_RECORDED):
        box = Box(state)
        advance(box, "send_demand", facts(state), SUPERVISOR)
        assert box.state == state


def test_no_reminder_after_the_penalty():
    with pytest.raises(GuardRejected):
        advance(Box(CaseState.PENALIZED), "send_demand", facts(CaseState.PENALIZED), SUPERVISOR)


def test_a_trigger_from_the_wrong_state_is_refused_with_a_reason():
    with pytest.raises(GuardRejected) as refused:
        advance(Box(CaseState.DETECTED), "issue_penalty", facts(CaseState.DETECTED), LEGAL)
    assert "Mới phát hiện" in refused.value.message


def test_unknown_trigger_is_refused():
    with pytest.raises(GuardRejected):
        advance(Box(CaseState.DETECTED), "teleport", facts(CaseState.DETECTED), SUPERVISOR)


# --- every guard: a passing and a failing case ----------------------------------------------------------


def test_guard_has_arrears():
    assert has_arrears(facts(CaseState.DETECTED)).ok
    assert not has_arrears(facts(CaseState.DETECTED, principal=0)).ok


def test_guard_principal_is_zero_explains_what_is_still_owed():
    assert principal_is_zero(facts(CaseState.DETECTED, principal=0)).ok
    blocked = principal_is_zero(facts(CaseState.DETECTED, principal=1_234_567))
    assert not blocked.ok and "1.234.567 đ" in blocked.reason


@pytest.mark.parametrize(
    ("behaviour", "ok"), [("evasion", True), ("late_payment", True), ("none", False), (None, False)]
)
def test_guard_violation_found(behaviour, ok):
    assert violation_found(facts(CaseState.INSPECTION_CONCLUDED, concluded_behaviour=behaviour)).ok is ok


def test_guard_before_decision_deadline_xlvphc_art_66():
    running = {"D-DECISION": deadline("D-DECISION", TODAY, overdue=False)}
    late = {"D-DECISION": deadline("D-DECISION", TODAY - timedelta(days=1), overdue=True)}
    assert before_decision_deadline(facts(CaseState.VIOLATION_RECORDED, deadlines=running)).ok
    blocked = before_decision_deadline(facts(CaseState.VIOLATION_RECORDED, deadlines=late))
    assert not blocked.ok and "Điều 66" in blocked.reason and "24/11/2026" in blocked.reason


def test_guard_within_limitation_xlvphc_art_6():
    assert within_limitation(facts(CaseState.VIOLATION_RECORDED, deadlines={})).ok
    late = {"D-LIMIT": deadline("D-LIMIT", TODAY - timedelta(days=1), overdue=True)}
    assert not within_limitation(facts(CaseState.VIOLATION_RECORDED, deadlines=late)).ok


def test_guard_compliance_deadline_passed_xlvphc_art_86():
    waiting = {"D-COMPLY": deadline("D-COMPLY", TODAY, overdue=False)}
    passed = {"D-COMPLY": deadline("D-COMPLY", TODAY - timedelta(days=1), overdue=True)}
    blocked = compliance_deadline_passed(facts(CaseState.PENALIZED, deadlines=waiting))
    assert not blocked.ok and "25/11/2026" in blocked.reason
    assert compliance_deadline_passed(facts(CaseState.PENALIZED, deadlines=passed)).ok
    assert not compliance_deadline_passed(facts(CaseState.PENALIZED, deadlines={})).ok


def test_guard_amounts_unpaid():
    assert amounts_unpaid(facts(CaseState.PENALIZED)).ok
    assert not amounts_unpaid(facts(CaseState.PENALIZED, principal=0)).ok


@pytest.mark.parametrize(
    ("concluded", "penalty", "ok"),
    [
        ("evasion", "evasion", True),
        ("late_payment", "late_payment", False),
        ("evasion", "late_payment", False),
        ("late_payment", "evasion", False),
    ],
)
def test_guard_penalized_for_evasion_lr_evasion(concluded, penalty, ok):
    f = facts(CaseState.PENALIZED, concluded_behaviour=concluded, penalty_behaviour=penalty)
    assert penalized_for_evasion(f).ok is ok


def test_guard_article216_passes_gives_every_failed_criterion():
    assert article216_passes(facts(CaseState.PENALIZED, art216_passed=True)).ok
    blocked = article216_passes(
        facts(
            CaseState.PENALIZED,
            art216_passed=False,
            art216_failures=("Chưa đủ 6 tháng trốn đóng (hiện 4 tháng)", "C6 chưa đạt"),
        )
    )
    assert not blocked.ok and "hiện 4 tháng" in blocked.reason and "C6" in blocked.reason
    assert not article216_passes(facts(CaseState.PENALIZED, art216_passed=None)).ok


def test_guard_evidence_complete_lists_what_is_missing():
    assert evidence_complete(facts(CaseState.REFERRAL_DRAFTED)).ok
    blocked = evidence_complete(facts(CaseState.REFERRAL_DRAFTED, evidence_missing=("Danh sách lao động",)))
    assert not blocked.ok and "Danh sách lao động" in blocked.reason


def test_a_late_payment_case_can_never_reach_referral_drafted():
    f = facts(
        CaseState.PENALIZED, concluded_behaviour="late_payment", penalty_behaviour="late_payment", art216_passed=True
    )
    box = Box(CaseState.PENALIZED)
    with pytest.raises(GuardRejected) as refused:
        advance(box, "draft_referral", f, LEGAL)
    assert box.state == CaseState.PENALIZED
    assert any("chậm đóng" in r for r in refused.value.details["reasons"])


def test_availability_greys_blocked_actions_with_reasons_and_marks_forbidden_ones():
    listed = {a.step.trigger.value: a for a in availability(facts(CaseState.DEMAND_SENT, principal=0), INSPECTOR)}
    assert not listed["send_demand"].allowed and listed["send_demand"].reasons
    assert listed["dismiss"].forbidden and not listed["dismiss"].allowed
    assert listed["settle"].allowed
    assert listed["send_demand"].to_dict()["fields"][0]["name"] == "issue_date"


def test_the_machine_keeps_no_case_after_a_transition():
    """transitions FAQ: a class-level machine with short-lived proxies holds no models."""
    box = Box(CaseState.DETECTED)
    ref = weakref.ref(box)
    advance(box, "send_demand", facts(CaseState.DETECTED), INSPECTOR)
    del box
    gc.collect()
    assert ref() is None
    assert MACHINE.models == []


def test_only_the_workflow_module_writes_case_state():
    """One source of truth (DEVELOPERS rule 5): no other module assigns ``.state =``."""
    package = Path(__file__).resolve().parents[1] / "enforcement"
    writers = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"\.state\s*=[^=]", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["workflow.py"]


# --------------------------------------------------------------------------- repeat offence (LR-SANCTIONS)


def _repeat(state: CaseState, **kw) -> CaseFacts:
    return facts(state, concluded_behaviour="evasion", repeat_offence=True,
                 repeat_reason="Tái phạm: quyết định số 15/QĐ-XPHC còn hiệu lực.", **kw)


def _allowed(f: CaseFacts, actor: Actor = LEGAL) -> dict[str, Any]:
    return {a.step.trigger.value: a for a in availability(f, actor)}


def test_lr_sanctions_a_repeat_offence_offers_draft_referral_from_the_conclusion_nd_283_art_4_2_l():
    offered = _allowed(_repeat(CaseState.INSPECTION_CONCLUDED, art216_passed=True))
    assert offered["draft_referral"].allowed
    assert offered["draft_referral"].to_state == CaseState.REFERRAL_DRAFTED
    plain = _allowed(facts(CaseState.INSPECTION_CONCLUDED, concluded_behaviour="evasion", art216_passed=True))
    assert not plain["draft_referral"].allowed


def test_lr_sanctions_a_new_evasion_penalty_is_blocked_with_the_reason():
    blocked = _allowed(_repeat(CaseState.VIOLATION_RECORDED))["issue_penalty"]
    assert not blocked.allowed
    assert "Điều 4 khoản 2 điểm l" in blocked.reasons[0] and "15/QĐ-XPHC" in blocked.reasons[0]
    with pytest.raises(GuardRejected):
        advance(Box(CaseState.VIOLATION_RECORDED), "issue_penalty", _repeat(CaseState.VIOLATION_RECORDED), LEGAL)


def test_lr_sanctions_a_file_returned_by_the_police_goes_back_for_an_administrative_penalty_art_4_3():
    box = Box(CaseState.REFERRED)
    advance(box, "return_for_penalty", _repeat(CaseState.REFERRED), LEGAL)
    assert box.state == CaseState.INSPECTION_CONCLUDED
    returned = _repeat(CaseState.VIOLATION_RECORDED, returned_for_penalty=True)
    assert _allowed(returned)["issue_penalty"].allowed
    assert not _allowed(_repeat(CaseState.INSPECTION_CONCLUDED, returned_for_penalty=True,
                                art216_passed=True))["draft_referral"].allowed


def test_lr_sanctions_a_file_already_penalised_is_not_returned_for_another_penalty():
    penalised = _repeat(CaseState.REFERRED, penalty_behaviour="evasion")
    assert not _allowed(penalised)["return_for_penalty"].allowed
