"""A case reaching someone's queue tells them: the header's list of the latest notifications, and the e-mail
(SMTP from the environment) of a returned referral's request to its drafter, through a local SMTP stub."""

from __future__ import annotations

import re
import time

from enforcement import clock
from enforcement.extensions import db
from enforcement.services import cases, notifications
from tests.builders import evading_world, to_concluded, to_penalized
from tests.web.conftest import switch_user
from tests.web.test_notifications import smtp  # noqa: F401 - the aiosmtpd stub fixture

REQUEST = "Bổ sung biên bản giao quyết định xử phạt cho đơn vị."


def test_the_header_lists_the_latest_notifications_unread_first(client, auth, world):
    cases.assign([world.case.id], world.inspector2.id, world.supervisor)
    switch_user(client, auth, world.inspector2)
    home = client.get("/").get_data(as_text=True)
    menu = home[home.index('id="notif-menu"'):home.index("</details>", home.index('id="notif-menu"'))]
    assert re.search(r'class="notif has-unread"[^>]*>Thông báo <span class="count">1</span>', menu)
    assert re.search(r'<li class="unread"><a href="/notifications/\d+">Hồ sơ #' + str(world.case.id)
                     + " " + re.escape(world.employer.name) + " được giao cho bạn.</a>", menu)
    assert 'href="/notifications/">Xem tất cả thông báo</a>' in menu


def test_nothing_to_list_says_so(client, auth, world):
    switch_user(client, auth, world.admin)
    home = client.get("/").get_data(as_text=True)
    menu = home[home.index('id="notif-menu"'):]
    assert "Chưa có thông báo nào." in menu[:menu.index("</details>")]


def test_mail_settings_come_from_the_environment(monkeypatch):
    from config import settings_for

    monkeypatch.setenv("MAIL_SERVER", "smtp.bhxh.example.vn")
    monkeypatch.setenv("MAIL_PORT", "587")
    monkeypatch.setenv("MAIL_USE_TLS", "1")
    monkeypatch.setenv("MAIL_FROM", "thongbao@bhxh.example.vn")
    settings = settings_for("production")
    assert (settings["MAIL_SERVER"], settings["MAIL_PORT"], settings["MAIL_USE_TLS"], settings["MAIL_FROM"]) == (
        "smtp.bhxh.example.vn", 587, True, "thongbao@bhxh.example.vn")


def test_a_returned_referral_emails_its_request_to_the_drafter(app, ctx, smtp):  # noqa: F811
    world = evading_world(clock.today())
    world.legal.notify_email = "phapche@bhxh.example.vn"
    db.session.commit()
    to_concluded(world)
    to_penalized(world)
    world.fire("draft_referral", world.legal, {"prior_offences": 0}, clock.today())
    notifications.send_pending()  # what was waiting before (the legal officer is the actor: nothing of theirs)
    smtp.messages.clear()
    world.fire("return_referral", world.supervisor, {"request": REQUEST}, clock.today())
    assert notifications.send_pending() == 1
    deadline = time.monotonic() + 10
    while not smtp.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    recipients, content = smtp.messages[-1]
    assert recipients == ["phapche@bhxh.example.vn"]
    from email import message_from_string
    from email.policy import default

    message = message_from_string(content, policy=default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert text.strip() == (f"Hồ sơ #{world.case.id} {world.employer.name}: dự thảo kiến nghị khởi tố bị trả lại "
                            f"để bổ sung: {REQUEST}")
    assert notifications.send_pending() == 0
