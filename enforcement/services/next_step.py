"""What happens next on a case, and who does it: "Bước tiếp theo: … (ai)" on the case page.

The next steps of a state are the steps that move the case on (not the internal ones: a reminder,
an explanation), never the exceptions (dismissal; the referral straight from the conclusion, which only a
repeat offence allows), and the closing ones only when nothing else leads on or the arrears are paid.
Steps whose conditions hold come first; when none holds, the case waits for the first one, with why.
A drafted referral the supervisor returned waits for legal staff to draft it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from enforcement.workflow import (
    FINAL_STATES,
    STEP_BY_TRIGGER,
    STEPS,
    CaseFacts,
    RoleName,
    Step,
    Trigger,
    guard_reasons,
)


@dataclass(frozen=True)
class NextStep:
    step: Step
    who: str  # the role (and the person for an assigned inspector's step), as users read it
    ready: bool  # its conditions hold now
    reasons: tuple[str, ...] = ()  # why not yet

    @property
    def trigger(self) -> str:
        return self.step.trigger.value


def who_does(step: Step, assignee: Any = None) -> str:
    """The role that takes ``step``: the assigned inspector by name, legal staff, the head of unit."""
    roles = {str(r) for r in step.roles}
    if RoleName.INSPECTOR.value in roles:
        if assignee is not None:
            return _("cán bộ kiểm tra phụ trách: %(name)s", name=assignee.full_name)
        return _("cán bộ kiểm tra phụ trách; hồ sơ chưa được phân công: lãnh đạo phòng phân công")
    if RoleName.LEGAL.value in roles:
        return _("cán bộ pháp chế")
    return _("lãnh đạo phòng")


def moving_steps(facts: CaseFacts) -> list[Step]:
    """The steps that would move the case on from its state, best first."""
    state = facts.state
    if state in FINAL_STATES:
        return []
    if facts.referral_returned:
        return [STEP_BY_TRIGGER[Trigger.DRAFT_REFERRAL]]
    moving = [
        step for step in STEPS
        if state in step.sources and state not in step.exceptional and step.dest_for(state) != state
        and step.trigger != Trigger.DISMISS
    ]
    ready = [step for step in moving if not guard_reasons(step, facts)]
    settle = STEP_BY_TRIGGER[Trigger.SETTLE]
    if settle in ready:
        return [settle]  # paid up: closing is what comes next
    pool = [step for step in (ready or moving) if step is not settle]
    onward = [step for step in pool if step.dest_for(state) not in FINAL_STATES]
    return onward or pool


def next_steps(facts: CaseFacts, assignee: Any = None) -> list[NextStep]:
    """The case's next steps with who takes each and, when not ready, why."""
    out = []
    for step in moving_steps(facts):
        reasons = tuple(guard_reasons(step, facts))
        out.append(NextStep(step, who_does(step, assignee), not reasons, reasons))
    return out
