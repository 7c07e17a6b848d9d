"""The home page of each role: what that role works on today.

Inspector: my open cases, nearest deadline first (overdue ones on top), counts
by state, a diacritics-insensitive search.  Legal: the cases waiting for a
legal step, the cases whose Article 216 evaluation now passes, the dossiers to
print.  Supervisor: the dashboard (late-payment ratio and its trend, cases by
state, principal by age, deadlines by assignee, detections and imports,
assignment, the approval queue).  Admin: the users of the office.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from enforcement import clock
from enforcement.filters import money, state_label
from enforcement.models import Role
from enforcement.services import admin, dashboard, queries
from enforcement.services import cases as case_service
from enforcement.services.lead_board import lead_board
from enforcement.web import charts
from enforcement.web.args import page_arg
from enforcement.web.forms import AssignForm, CsrfForm, DetectForm
from enforcement.web.labels import percent
from enforcement.workflow import OPEN_STATES, CaseState

bp = Blueprint("home", __name__)

FUNNEL_STATES = OPEN_STATES  # every open state, in workflow order


@bp.route("/")
@login_required  # every role has a home page; each branch shows only that role's data
def index() -> str:
    role = current_user.role
    if role == Role.ADMIN:
        return render_template("home/admin.html", users=admin.users_of(current_user.office_id), form=CsrfForm())
    if role == Role.SUPERVISOR:
        return _supervisor()
    if role == Role.LEGAL:
        return _legal()
    return _inspector()


def _inspector() -> str:
    filters = queries.CaseFilters(open_only=True, assignee_id=current_user.id, sort="deadline", today=clock.today())
    page = queries.list_cases(current_user, filters, page_arg(), 25)
    counts = queries.state_counts(current_user.office_id, assignee_id=current_user.id)
    return render_template("home/inspector.html", page=page, counts=counts, states=list(CaseState),
                           today=clock.today())


def _legal() -> str:
    today = clock.today()
    office = current_user.office_id
    passing = []
    for case in dashboard.art216_candidates(office):
        view = case_service.view_of(case, today)
        if view.art216 is not None and view.art216.passed:
            passing.append((case, view.art216))
    return render_template(
        "home/legal.html",
        queue=dashboard.legal_queue(office, page_arg()),
        passing=passing,
        dossiers=dashboard.dossiers_to_print(office),
        counts=queries.state_counts(office),
        states=list(CaseState),
        today=today,
    )


def _supervisor() -> str:
    today = clock.today()
    board = dashboard.supervisor_dashboard(current_user.office_id, today, page_arg())
    trend = charts.line_chart(
        [(p.period[5:] + "/" + p.period[2:4], p.ratio, percent(p.ratio)) for p in board.ratio]
    )
    funnel = charts.funnel(
        [(state_label(s), board.counts.get(s, 0), f"state-{s.value}") for s in FUNNEL_STATES]
    )
    ages = charts.bar_chart(
        [(b.label, float(b.principal), money(b.principal)) for b in board.bands], width=520, height=200
    )
    open_total = sum(board.counts.get(s, 0) for s in OPEN_STATES)
    return render_template(
        "home/supervisor.html",
        board=board,
        leads_board=lead_board(current_user.office_id),
        current=board.ratio[-1] if board.ratio else None,
        trend=trend,
        funnel=funnel,
        ages=ages,
        open_total=open_total,
        settled=board.counts.get(CaseState.SETTLED, 0),
        closed=board.counts.get(CaseState.CLOSED, 0),
        assign_form=AssignForm(),
        detect_form=DetectForm(),
        today=today,
        states=FUNNEL_STATES,
    )
