"""Notifications: a case that reaches someone's queue tells them (header count, list, e-mail when SMTP is set)."""

from __future__ import annotations

import re
import socket
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from enforcement.domain.periods import Period
from enforcement.extensions import db
from enforcement.models import Notification, Role
from enforcement.services import cases, notifications
from tests.builders import evading_world, to_concluded
from tests.factories import UserFactory
from tests.web.conftest import switch_user


def _html(response) -> str:
    return response.get_data(as_text=True)


def _notes(user) -> list[str]:
    return [n.text for n in db.session.scalars(db.select(Notification).where(Notification.user_id == user.id)
                                                 .order_by(Notification.id))]


def test_assignment_tells_the_new_assignee_and_the_header_counts_it(client, auth, world):
    cases.assign([world.case.id], world.inspector2.id, world.supervisor)
    assert _notes(world.inspector2) == [f"Hồ sơ #{world.case.id} {world.employer.name} được giao cho bạn."]
    assert _notes(world.supervisor) == []  # never the actor

    switch_user(client, auth, world.inspector2)
    home = _html(client.get("/"))
    assert re.search(r'class="notif has-unread"[^>]*>Thông báo <span class="count">1</span>', home)
    listing = _html(client.get("/notifications/"))
    assert "được giao cho bạn" in listing and "chưa đọc" in listing
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == world.inspector2.id))
    opened = client.get(f"/notifications/{note.id}")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/cases/{world.case.id}")
    assert 'has-unread' not in _html(client.get("/"))  # read now


def test_another_users_notification_is_404(client, auth, world):
    cases.assign([world.case.id], world.inspector2.id, world.supervisor)
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == world.inspector2.id))
    switch_user(client, auth, world.inspector)
    assert client.get(f"/notifications/{note.id}").status_code == 404
    assert db.session.get(Notification, note.id).read_at is None


def test_a_step_tells_who_acts_next_legal_staff_after_the_conclusion(ctx):
    world = evading_world()
    second_legal = UserFactory(office=world.office, role=Role.LEGAL)
    UserFactory(office=world.office, role=Role.LEGAL, active=False)  # a deactivated account is not told
    to_concluded(world)
    expected = (f"Hồ sơ #{world.case.id} {world.employer.name} chuyển sang “Đã kết luận kiểm tra”: "
                "chờ bạn “Lập biên bản vi phạm hành chính”.")
    assert _notes(world.legal)[-1] == expected
    assert _notes(second_legal)[-1] == expected
    assert not any("Đã kết luận kiểm tra" in text for text in _notes(world.inspector))  # the actor


def test_an_unassigned_case_goes_to_the_supervisors(ctx):
    world = evading_world()
    other_supervisor = UserFactory(office=world.office, role=Role.SUPERVISOR)
    world.case.assignee_id = None
    db.session.commit()
    t = world.today
    world.fire("decide_inspection", world.supervisor, {
        "decision_date": t - timedelta(days=40), "team": ["Lê Văn An – Trưởng đoàn"],
        "period_from": str(Period.of(t).add(-24)), "period_to": str(Period.of(t).add(-1)),
        "planned_date": t - timedelta(days=36), "signer_id": world.signer.id}, t - timedelta(days=40))
    assert not any("Đã quyết định kiểm tra" in text for text in _notes(world.supervisor))  # the actor
    assert any("chờ bạn “Mở cuộc kiểm tra”" in text or "chờ bạn" in text for text in _notes(other_supervisor))
    assert _notes(world.inspector) == []  # nobody is assigned: the supervisors must act (or assign)


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def smtp(app):
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd's controller checks the port it is given)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_FROM="bhxh@example.gov.vn")
    yield inbox
    controller.stop()
    app.config.update(MAIL_SERVER="")


def test_notifications_are_emailed_once_to_users_who_gave_an_address(app, client, auth, world, smtp):
    switch_user(client, auth, world.inspector2)
    page = _html(client.get("/notifications/"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    saved = client.post("/notifications/email", data={"csrf_token": token, "email": "kiemtra2@bhxh.example.vn"})
    assert saved.status_code == 302
    bad = client.post("/notifications/email", data={"csrf_token": token, "email": "không phải địa chỉ"})
    assert "Địa chỉ thư điện tử không hợp lệ" in _html(client.get(bad.headers["Location"]))
    cases.assign([world.case.id], world.inspector2.id, world.supervisor)
    cases.assign([world.case.id], world.inspector.id, world.supervisor)  # the inspector has no address

    with app.app_context():
        assert notifications.send_pending() == 1
    deadline = time.monotonic() + 10
    while not smtp.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(smtp.messages) == 1
    recipients, content = smtp.messages[0]
    assert recipients == ["kiemtra2@bhxh.example.vn"]
    assert "bhxh@example.gov.vn" in content and "Subject:" in content
    with app.app_context():
        assert notifications.send_pending() == 0  # nothing is sent twice, the inspector without address never
    assert len(smtp.messages) == 1
