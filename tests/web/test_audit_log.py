"""The supervisors' audit log: every event of the office, filters, pagination, CSV, and chain verification."""

from __future__ import annotations

from enforcement.extensions import db
from enforcement.models import CaseEvent, EventAction
from enforcement.services import audit
from tests.factories import CaseFactory, EmployerFactory, UserFactory
from tests.web.conftest import switch_user


def _html(response) -> str:
    return response.get_data(as_text=True)


def _events(world, n: int = 3) -> None:
    for i in range(n):
        audit.append(world.case, EventAction.COMMENT, world.inspector, summary=f"Ghi chú số {i}",
                     details={"text": f"Ghi chú số {i}"})
    audit.append(world.case, EventAction.ASSIGNMENT, world.supervisor, summary="Phân công lại")
    db.session.commit()


def test_the_log_lists_and_filters_the_office_events(client, auth, world):
    _events(world)
    foreign = CaseFactory()
    audit.append(foreign, EventAction.COMMENT, None, summary="Sự kiện của cơ quan khác")
    db.session.commit()
    auth.login(world.supervisor.username)
    html = _html(client.get("/audit/"))
    assert "Ghi chú số 0" in html and "Phân công lại" in html and "Sự kiện của cơ quan khác" not in html
    html = _html(client.get(f"/audit/?actor_id={world.supervisor.id}"))
    assert "Phân công lại" in html and "Ghi chú số 0" not in html
    html = _html(client.get("/audit/?action=comment"))
    assert "Phân công lại" not in html and "Ghi chú số 2" in html
    other = CaseFactory(employer=EmployerFactory(office=world.office))
    audit.append(other, EventAction.COMMENT, world.inspector, summary="Của hồ sơ thứ hai")
    db.session.commit()
    html = _html(client.get(f"/audit/?case_id={other.id}"))
    assert "Của hồ sơ thứ hai" in html and "Ghi chú số 0" not in html
    assert "Ghi chú số 0" not in _html(client.get("/audit/?date_to=2000-01-01"))


def test_the_log_paginates(client, auth, world):
    _events(world, 60)
    auth.login(world.supervisor.username)
    assert "Trang 1/2" in _html(client.get("/audit/"))


def test_csv_export_of_the_log(client, auth, world):
    _events(world)
    audit.append(world.case, EventAction.COMMENT, world.inspector, summary="@SUM(A1:A9)")
    db.session.commit()
    auth.login(world.supervisor.username)
    response = client.get("/audit/export.csv?action=comment")
    text = response.get_data().decode("utf-8-sig")
    assert response.get_data().startswith("\ufeff".encode())
    assert "Ghi chú số 1" in text and "Phân công lại" not in text
    assert "'@SUM(A1:A9)" in text


def test_verification_says_ok_then_names_the_altered_event(client, auth, world):
    _events(world)
    auth.login(world.supervisor.username)
    assert "Toàn vẹn" in _html(client.get("/audit/verify"))
    event = db.session.scalar(db.select(CaseEvent).where(CaseEvent.case_id == world.case.id, CaseEvent.seq == 2))
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if postgres:  # the append-only trigger refuses updates: a tamperer with owner rights switches it off
        db.session.execute(db.text("ALTER TABLE case_events DISABLE TRIGGER USER"))
    db.session.execute(db.text("UPDATE case_events SET summary = 'sửa lén' WHERE id = :id"), {"id": event.id})
    if postgres:
        db.session.execute(db.text("ALTER TABLE case_events ENABLE TRIGGER USER"))
    db.session.commit()
    html = _html(client.get("/audit/verify"))
    assert "Phát hiện 1 hồ sơ" in html and f"#{world.case.id}" in html and "altered" in html


def test_only_supervisors_read_the_log(client, auth, world):
    for user in (world.inspector, world.legal, world.admin):
        switch_user(client, auth, user)
        assert client.get("/audit/").status_code == 403
        assert client.get("/audit/export.csv").status_code == 403
    switch_user(client, auth, UserFactory(role="supervisor"))
    assert "Không có sự kiện nào" in _html(client.get("/audit/"))


def test_audit_export_names_steps_in_vietnamese_and_comes_as_xlsx(client, auth, world):
    _events(world)
    db.session.commit()
    auth.login(world.supervisor.username)
    text = client.get("/audit/export.csv").get_data().decode("utf-8-sig")
    assert "issue_statement" not in text and "send_demand" not in text
    response = client.get("/audit/export.xlsx")
    assert response.status_code == 200 and response.get_data()[:2] == b"PK"
