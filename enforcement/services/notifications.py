"""Tell people when a case reaches their queue (PRODUCT: inspectors, legal staff, supervisors).

A case reaches a queue when it is assigned to someone, or when it moves into a state whose
next step belongs to a role: an inspector's step goes to the case's assignee (to the
supervisors while nobody is assigned), a legal step to the office's legal staff, a
supervisor's step to its supervisors.  The actor is never told about their own action.

Notifications are written in the same transaction as the event that caused them (so a
rolled-back step notifies nobody).  With ``MAIL_SERVER`` configured, the worker also sends
each one by e-mail to users who gave an address on their notifications page: each row is
claimed with one ``UPDATE … WHERE emailed_at IS NULL`` before sending, so several workers
never send the same message twice (at most once; a failed send is logged, not retried).
"""

from __future__ import annotations

import logging
import re
import smtplib
from email.message import EmailMessage
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from enforcement.db import utc_now
from enforcement.errors import ValidationFailed
from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, EventAction, Notification, Role, User

log = logging.getLogger(__name__)

EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def _next_steps(state: str) -> list[Any]:
    """The steps that move a case on from ``state``: not the internal ones, and the closing ones
    (dismissal, settlement) only when nothing else leads on (the referral's outcome)."""
    from enforcement.workflow import FINAL_STATES, STEPS, CaseState

    current = CaseState(state)
    moving = [
        step for step in STEPS
        if current in step.sources and current not in step.exceptional and step.dest_for(current) != current
    ]
    onward = [step for step in moving if step.dest_for(current) not in FINAL_STATES]
    return onward or moving


def _office_users(office_id: int, role: Role) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).where(User.office_id == office_id, User.role == role, User.active.is_(True)).order_by(User.id)
    ))


def recipients(case: Case, state: str) -> dict[int, list[str]]:
    """Who must act next on ``case`` in ``state``: user id → the names of their steps."""
    out: dict[int, list[str]] = {}
    for step in _next_steps(state):
        roles = {str(r) for r in step.roles}
        if Role.INSPECTOR.value in roles:
            assignee = case.assignee if case.assignee_id else None
            users = [assignee] if assignee is not None and assignee.active else _office_users(
                case.office_id, Role.SUPERVISOR)
        elif Role.LEGAL.value in roles:
            users = _office_users(case.office_id, Role.LEGAL)
        else:
            users = _office_users(case.office_id, Role.SUPERVISOR)
        for user in users:
            out.setdefault(user.id, []).append(str(step.label))
    return out


def _drafters(case: Case) -> list[int]:
    """Who drafted the case's referral last (legal staff of the office when the drafter is gone)."""
    drafter = db.session.scalar(
        sa.select(CaseEvent.actor_id).where(CaseEvent.case_id == case.id, CaseEvent.trigger == "draft_referral")
        .order_by(CaseEvent.seq.desc()).limit(1)
    )
    user = db.session.get(User, drafter) if drafter else None
    if user is not None and user.active:
        return [user.id]
    return [u.id for u in _office_users(case.office_id, Role.LEGAL)]


def on_event(case: Case, event: CaseEvent) -> None:
    """Write the notifications ``event`` causes (called by ``audit.append``, same transaction)."""
    from enforcement.filters import state_label

    messages: dict[int, str] = {}
    title = f"#{case.id} {case.employer.name}" if case.employer else f"#{case.id}"
    with force_locale("vi"):  # stored text, like the timeline; read in Vietnamese
        if event.action == EventAction.ASSIGNMENT and case.assignee_id:
            messages[case.assignee_id] = _("Hồ sơ %(case)s được giao cho bạn.", case=title)
        if event.trigger == "return_referral":
            request = ((event.details or {}).get("input") or {}).get("request", "")
            for user_id in _drafters(case):
                messages[user_id] = _(
                    "Hồ sơ %(case)s: dự thảo kiến nghị khởi tố bị trả lại để bổ sung: %(request)s",
                    case=title, request=request,
                )
        redrafted = event.trigger == "draft_referral" and event.from_state == event.to_state
        if event.to_state and (event.to_state != event.from_state or redrafted):
            for user_id, steps in recipients(case, event.to_state).items():
                messages.setdefault(user_id, _(
                    "Hồ sơ %(case)s chuyển sang “%(state)s”: chờ bạn %(steps)s.",
                    case=title, state=state_label(event.to_state), steps=", ".join(f"“{s}”" for s in steps),
                ))
    for user_id, text in messages.items():
        if user_id == event.actor_id:
            continue
        db.session.add(Notification(user_id=user_id, office_id=case.office_id, case_id=case.id,
                                    event_id=event.id, text=text[:500]))


def recent(user: User, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc()).limit(limit)
    ))


def latest(user: User, limit: int = 6) -> tuple[int, list[Notification]]:
    """The header's figures in one query: the count of the user's unread notifications and their latest
    ``limit`` notifications, the unread ones first.  The count is a window over all of the user's rows,
    evaluated before the LIMIT (no unread notification means none is listed first, so 0 when the list
    is empty)."""
    unread = sa.func.sum(sa.case((Notification.read_at.is_(None), 1), else_=0)).over()
    rows = db.session.execute(
        sa.select(Notification, unread).where(Notification.user_id == user.id)
        .order_by(Notification.read_at.is_not(None), Notification.id.desc()).limit(limit)
    ).all()
    return (int(rows[0][1] or 0) if rows else 0), [row[0] for row in rows]


def open_one(user: User, notification_id: int) -> Notification | None:
    """Mark the user's notification read and return it (None: not theirs)."""
    item = db.session.get(Notification, notification_id)
    if item is None or item.user_id != user.id:
        return None
    if item.read_at is None:
        item.read_at = utc_now()
        db.session.commit()
    return item


def mark_all_read(user: User) -> int:
    result = db.session.execute(
        sa.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utc_now())
    )
    db.session.commit()
    return result.rowcount or 0


def set_email(user: User, address: str) -> str:
    """Set (or clear, with an empty address) where the user's notifications are e-mailed."""
    address = address.strip()
    if address and (len(address) > 254 or not EMAIL.match(address)):
        raise ValidationFailed(_("Địa chỉ thư điện tử không hợp lệ."),
                               errors={"email": [_("Nhập địa chỉ dạng ten@coquan.gov.vn, hoặc để trống.")]})
    user.notify_email = address or None
    db.session.commit()
    return address


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_pending(limit: int = 100) -> int:
    """E-mail the notifications not yet sent to users with an address (at most once each); the count sent."""
    if not mail_configured():
        return 0
    mark_unmailed_as_skipped()
    rows = db.session.execute(
        sa.select(Notification.id, Notification.text, Notification.case_id, User.notify_email)
        .join(User, User.id == Notification.user_id)
        .where(Notification.emailed_at.is_(None), User.notify_email.is_not(None))
        .order_by(Notification.id).limit(limit)
    ).all()
    sent = 0
    config = current_app.config
    for row in rows:
        claimed = db.session.execute(
            sa.update(Notification).where(Notification.id == row.id, Notification.emailed_at.is_(None))
            .values(emailed_at=utc_now())
        ).rowcount
        db.session.commit()
        if claimed != 1:
            continue  # another worker took it
        message = EmailMessage()
        message["From"] = config.get("MAIL_FROM") or f"no-reply@{config['MAIL_SERVER']}"
        message["To"] = row.notify_email
        message["Subject"] = row.text[:120]
        message.set_content(row.text)
        try:
            with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25), timeout=10) as smtp:
                if config.get("MAIL_USE_TLS"):
                    smtp.starttls()
                if config.get("MAIL_USERNAME"):
                    smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
                smtp.send_message(message)
            sent += 1
        except (OSError, smtplib.SMTPException):
            log.exception("notification %s: e-mail to its user failed", row.id)
    return sent


def mark_unmailed_as_skipped() -> None:
    """Notifications of users without an address are never e-mailed (keeps the unsent index small)."""
    db.session.execute(
        sa.update(Notification).where(
            Notification.emailed_at.is_(None),
            Notification.user_id.in_(sa.select(User.id).where(User.notify_email.is_(None))),
        ).values(emailed_at=utc_now())
    )
    db.session.commit()

