"""The case page as its users read it (issue 17, "Deadlines and what next"): deadlines that no longer apply
are closed, the employer's and the office's deadlines apart, "Bước tiếp theo: … (ai)", the main action
standing out, the return of a drafted referral with the supervisor's request, the Article 216 panel in
sentences, and lists that name the deadline beside its date."""

from __future__ import annotations

import re

import pytest
from flask import g

from enforcement import clock
from enforcement.errors import Forbidden, GuardRejected, ValidationFailed
from enforcement.extensions import db
from enforcement.models import CaseEvent, Notification
from enforcement.workflow import Actor, CaseFacts, CaseState, RoleName, availability
from tests.builders import evading_world, to_concluded, to_penalized
from tests.conftest import Auth

REQUEST = "Bổ sung danh sách người lao động thuộc diện phải tham gia và biên bản giao quyết định xử phạt."


class _Client:
    """A test client logged in as one user. The builders run inside the test's application context, which
    requests then share: the user flask_login and the CSRF token flask_wtf keep in ``g`` are forgotten before
    each request."""

    def __init__(self, app, user) -> None:
        self.client = app.test_client()
        _forget()
        assert Auth(self.client).login(user.username).status_code == 302

    def get(self, path: str):
        _forget()
        return self.client.get(path)


def _forget() -> None:
    for name in ("_login_user", "csrf_token"):
        g.pop(name, None)


def _as(app, user) -> _Client:
    return _Client(app, user)


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _section(html: str, ident: str) -> str:
    start = html.index(f'id="{ident}"')
    end = html.find("<section", start)
    return html[start:end if end != -1 else None]


@pytest.fixture
def penalised(ctx):
    world = evading_world(clock.today())
    to_concluded(world)
    to_penalized(world)
    assert world.case.state == CaseState.PENALIZED
    return world


def test_explanation_window_is_closed_once_the_decision_is_issued_and_deadlines_are_shown_by_party(app, penalised):
    """LR-DEADLINES D-EXPLAIN (XLVPHC Art. 61): after the penalty decision it is no longer shown running or
    overdue ("quá … ngày") but as closed, saying why; the employer's deadlines and the office's are apart."""
    world = penalised
    client = _as(app, world.legal)
    html = _html(client.get(f"/cases/{world.case.id}"))
    deadlines = _section(html, "deadlines")
    running = deadlines[:deadlines.index('id="deadlines-finished"')]
    assert 'data-deadline="D-EXPLAIN"' not in running
    finished = _text(deadlines[deadlines.index('id="deadlines-finished"'):])
    # Met by the explanation the builders record, or closed by the decision (tests/domain/test_deadlines_tracked.py
    # covers the closing itself): either way finished, never "quá … ngày" after the decision.
    assert re.search(r"Đơn vị giải trình bằng văn bản: hạn \d\d/\d\d/\d{4}, (xong ngày|không còn áp dụng từ) "
                     r"\d\d/\d\d/\d{4}", finished), finished
    employer = _text(running[running.index('id="deadlines-employer"'):running.index('id="deadlines-office"')])
    office = _text(running[running.index('id="deadlines-office"'):])
    assert "Thời hạn của đơn vị" in employer and "Đơn vị chấp hành quyết định xử phạt" in employer
    assert "Thời hạn của cơ quan BHXH" in office and "Thời hiệu thi hành quyết định xử phạt" in office
    assert "Đơn vị chấp hành" not in office
    # The demand's pay-by date gave way to the decision's own compliance period.
    assert "Đơn vị nộp đủ số tiền nợ theo văn bản đôn đốc: hạn" in finished
    assert "quyết định xử phạt đã định thời hạn chấp hành mới" in finished


def test_next_step_names_who_and_the_main_action_stands_out(app, penalised):
    world = penalised
    client = _as(app, world.legal)
    html = _html(client.get(f"/cases/{world.case.id}"))
    next_step = _text(_section(html, "next-step"))
    assert "Bước tiếp theo: Ra quyết định cưỡng chế (cán bộ pháp chế) hoặc Dự thảo hồ sơ kiến nghị khởi tố " \
           "(cán bộ pháp chế)" in next_step
    actions = _section(html, "actions")
    main = actions[actions.index("main-actions"):actions.index("secondary-actions")]
    assert re.search(r'class="button primary large" id="main-action-draft_referral"', main)
    assert "Lập bảng kê nợ" not in main
    secondary = actions[actions.index("secondary-actions"):]
    assert re.search(r'class="button secondary"[^>]*>Lập bảng kê nợ<', secondary)
    # The inspector is told who acts: not them.
    client = _as(app, world.inspector)
    inspector = _html(client.get(f"/cases/{world.case.id}"))
    assert "main-actions" not in _section(inspector, "actions")
    assert "(cán bộ pháp chế)" in _text(_section(inspector, "next-step"))


def test_next_step_of_a_detected_case_names_the_assigned_inspector(app, ctx):
    world = evading_world(clock.today(), late_payment_only=True)
    client = _as(app, world.supervisor)
    html = _text(_section(_html(client.get(f"/cases/{world.case.id}")), "next-step"))
    assert f"Bước tiếp theo: Gửi văn bản đôn đốc (cán bộ kiểm tra phụ trách: {world.inspector.full_name})" in html


def test_no_arrears_statement_once_the_referral_is_approved() -> None:
    """Issue 17: "Lập bảng kê nợ" makes no sense after approval; still offered while drafted."""
    def offered(state: CaseState) -> set[str]:
        facts = CaseFacts(state=state, assignee_id=1, principal=1, today=clock.today())
        return {a.step.trigger.value for a in availability(facts, Actor(2, RoleName.LEGAL))}
    assert "issue_statement" not in offered(CaseState.REFERRAL_APPROVED)
    assert "issue_statement" not in offered(CaseState.REFERRED)
    assert "issue_statement" in offered(CaseState.REFERRAL_DRAFTED)
    assert "issue_statement" in offered(CaseState.PENALIZED)


@pytest.fixture
def drafted(penalised):
    world = penalised
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, clock.today())
    assert world.case.state == CaseState.REFERRAL_DRAFTED
    return world


def _notes(user) -> list[str]:
    return [n.text for n in db.session.scalars(
        db.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


def test_supervisor_returns_the_draft_with_a_request_the_drafter_sees_and_answers(app, drafted):
    world, today = drafted, clock.today()
    with pytest.raises(ValidationFailed) as empty:
        world.fire("return_referral", world.supervisor, {"request": "  "}, today)
    assert "request" in empty.value.details["errors"]
    with pytest.raises(Forbidden) as not_legal:
        world.fire("return_referral", world.legal, {"request": REQUEST}, today)
    assert "Vai trò của bạn không được thực hiện" in str(not_legal.value)

    world.fire("return_referral", world.supervisor, {"request": REQUEST}, today)
    assert world.case.state == CaseState.REFERRAL_DRAFTED  # the state stays; the draft waits for a new one
    event = db.session.scalar(db.select(CaseEvent).where(CaseEvent.case_id == world.case.id)
                              .order_by(CaseEvent.seq.desc()).limit(1))
    assert (event.trigger, event.details["input"]["request"]) == ("return_referral", REQUEST)
    assert _notes(world.legal)[-1] == (f"Hồ sơ #{world.case.id} {world.employer.name}: dự thảo kiến nghị khởi tố "
                                       f"bị trả lại để bổ sung: {REQUEST}")
    with pytest.raises(GuardRejected) as blocked:
        world.fire("approve_referral", world.supervisor, {"approval_date": today, "agency": "Công an",
                                                           "signer_id": world.signer.id}, today)
    assert "Dự thảo đã bị trả lại để bổ sung: chờ cán bộ pháp chế dự thảo lại." in blocked.value.details["reasons"]

    client = _as(app, world.legal)
    page = _html(client.get(f"/cases/{world.case.id}"))
    next_step = _text(_section(page, "next-step"))
    assert "Bước tiếp theo: Dự thảo hồ sơ kiến nghị khởi tố (cán bộ pháp chế)" in next_step
    assert f"Dự thảo kiến nghị khởi tố bị trả lại để bổ sung ({today:%d/%m/%Y}): {REQUEST}" in next_step
    assert 'id="main-action-draft_referral"' in page
    form = _text(_html(client.get(f"/cases/{world.case.id}/act/draft_referral")))
    assert f"Lãnh đạo phòng trả lại dự thảo, yêu cầu: {REQUEST}" in form
    assert "Hồ sơ kiến nghị khởi tố còn thiếu" in form
    assert "Danh sách người lao động thuộc diện phải tham gia BHXH, BHYT, BHTN" in form

    world.fire("draft_referral", world.legal, {"prior_offences": 0}, today)
    assert _notes(world.supervisor)[-1].endswith("chờ bạn “Duyệt kiến nghị khởi tố”.")
    client = _as(app, world.supervisor)
    page = _html(client.get(f"/cases/{world.case.id}"))
    assert "bị trả lại để bổ sung" not in _text(_section(page, "next-step"))
    assert "Trả lại dự thảo để bổ sung" in _section(page, "actions")
    assert "Bước tiếp theo: Duyệt kiến nghị khởi tố (lãnh đạo phòng)" in _text(_section(page, "next-step"))


def test_a_draft_not_returned_is_not_drafted_again(drafted):
    world = drafted
    with pytest.raises(GuardRejected) as refused:
        world.fire("draft_referral", world.legal, {"prior_offences": 0}, clock.today())
    assert "chỉ dự thảo lại khi bị trả lại" in " ".join(refused.value.details["reasons"])


def test_article_216_panel_reads_as_sentences_with_the_criteria_names(app, penalised):
    world = penalised
    client = _as(app, world.legal)
    panel = _section(_html(client.get(f"/cases/{world.case.id}")), "art216")
    text = _text(panel)
    for name in ("C1 – Thời điểm thực hiện hành vi", "C2 – Thời gian trốn đóng", "C3 – Số tiền trốn đóng",
                 "C4 – Số người lao động bị trốn đóng",
                 "C5 – Đã bị xử phạt vi phạm hành chính về hành vi trốn đóng", "C6 – Vẫn vi phạm sau khi bị xử phạt"):
        assert name in text
    assert re.search(r"\d+ tháng trốn đóng \((liên tục|cộng dồn, không liên tục)\)", text)
    assert "{" not in text and "None" not in text and "counted" not in text
    assert not re.search(r"\b20\d\d-\d\d\b", text), re.findall(r"\b20\d\d-\d\d(?:-\d\d)?\b", text)


def test_case_lists_name_the_deadline_beside_its_date(app, penalised):
    world = penalised
    client = _as(app, world.legal)
    listing = _text(_html(client.get("/cases/")))
    assert re.search(r"Giao quyết định xử phạt: \d\d/\d\d/\d{4}|Đơn vị chấp hành quyết định xử phạt: \d\d/\d\d/\d{4}"
                     r"|Thời hiệu thi hành quyết định xử phạt: \d\d/\d\d/\d{4}", listing), listing[:3000]


def test_a_dismissal_already_requested_is_not_offered_again(app, ctx):
    world = evading_world(clock.today(), late_payment_only=True)
    client = _as(app, world.inspector)
    assert "Đề nghị đình chỉ hồ sơ" in _section(_html(client.get(f"/cases/{world.case.id}")), "actions")
    world.fire("request_dismissal", world.inspector, {"reason": "Đơn vị đã giải thể"}, clock.today())
    actions = _section(_html(client.get(f"/cases/{world.case.id}")), "actions")
    assert "Đề nghị đình chỉ hồ sơ" not in actions
    assert "Gửi văn bản đôn đốc" in actions


def test_guards_of_the_return_and_the_redraft_on_both_routes() -> None:
    """A returned draft is drafted again (also on the repeat-offence route, with no penalty in this case);
    it cannot be returned twice nor approved before; a draft not returned is not drafted again."""
    from enforcement.workflow import STEP_BY_TRIGGER, Trigger, guard_reasons

    draft, approve = STEP_BY_TRIGGER[Trigger.DRAFT_REFERRAL], STEP_BY_TRIGGER[Trigger.APPROVE_REFERRAL]
    back = STEP_BY_TRIGGER[Trigger.RETURN_REFERRAL]
    base = {"state": CaseState.REFERRAL_DRAFTED, "assignee_id": 1, "principal": 10, "today": clock.today(),
            "concluded_behaviour": "evasion", "art216_passed": True}
    repeat = CaseFacts(**base, repeat_offence=True, referral_returned=True)
    assert guard_reasons(draft, repeat) == []
    penalised = CaseFacts(**base, penalty_behaviour="evasion", referral_returned=True)
    assert guard_reasons(draft, penalised) == []
    assert guard_reasons(back, penalised) == ["Dự thảo đã bị trả lại để bổ sung: chờ cán bộ pháp chế dự thảo lại."]
    assert "Dự thảo đã bị trả lại để bổ sung: chờ cán bộ pháp chế dự thảo lại." in guard_reasons(approve, penalised)
    waiting = CaseFacts(**base, penalty_behaviour="evasion")
    assert guard_reasons(back, waiting) == []
    assert guard_reasons(draft, waiting) == [
        "Dự thảo đang chờ lãnh đạo phòng duyệt: chỉ dự thảo lại khi bị trả lại."]
