"""The home page of each role: what that role works on today."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import func

from enforcement.extensions import db
from enforcement.models import Case, Employer, Role, User
from enforcement.permissions import in_office
from enforcement.workflow import OPEN_STATES, CaseState

bp = Blueprint("home", __name__)

LEGAL_QUEUE_STATES = (
    CaseState.INSPECTION_CONCLUDED,
    CaseState.VIOLATION_RECORDED,
    CaseState.PENALIZED,
    CaseState.ENFORCING,
    CaseState.REFERRAL_DRAFTED,
    CaseState.REFERRAL_APPROVED,
)


@bp.route("/")
@login_required
def index() -> str:
    role = current_user.role
    if role == Role.ADMIN:
        return _admin_home()
    if role == Role.SUPERVISOR:
        return _supervisor_home()
    if role == Role.LEGAL:
        return _case_home("home/legal.html", Case.state.in_(LEGAL_QUEUE_STATES))
    return _case_home("home/inspector.html", Case.assignee_id == current_user.id)


def _open_cases(condition) -> list[Case]:
    query = (
        in_office(Case)
        .join(Employer)
        .where(Case.state.in_(OPEN_STATES), condition)
        .order_by(Case.months_in_arrears.desc(), Case.principal.desc())
        .limit(50)
    )
    return list(db.session.scalars(query))


def _state_counts(condition=True) -> dict[CaseState, int]:
    query = (
        db.select(Case.state, func.count())
        .where(Case.office_id == current_user.office_id, condition)
        .group_by(Case.state)
    )
    return {CaseState(state): count for state, count in db.session.execute(query)}


def _case_home(template: str, condition) -> str:
    return render_template(
        template, cases=_open_cases(condition), counts=_state_counts(condition), states=CaseState
    )


def _supervisor_home() -> str:
    unassigned = _open_cases(Case.assignee_id.is_(None))
    return render_template(
        "home/supervisor.html", counts=_state_counts(), unassigned=unassigned, states=CaseState
    )


def _admin_home() -> str:
    users = db.session.scalars(in_office(User).order_by(User.role, User.username))
    return render_template("home/admin.html", users=list(users))
