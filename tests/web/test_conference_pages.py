"""Conference pages (issue 18): planning errors named, invitations by hand, the outcome table, documents."""

from __future__ import annotations

import sqlalchemy as sa

from enforcement.extensions import db
from enforcement.models import Conference, ConferenceDocument, Lead, LeadStatus
from tests.conftest import csrf_from
from tests.web.conftest import switch_user


def _lead(world) -> Lead:
    lead = Lead(office_id=world.office.id, tax_code="0110001006", name="Công ty TNHH Cơ khí Tân Uyên",
                kinds="unregistered", month="2026-09", months=["2026-07", "2026-08", "2026-09"], max_tax_employees=25,
                max_gap=25, estimated_contributions=187_200_000, status=LeadStatus.OPEN)
    db.session.add(lead)
    db.session.commit()
    return lead


def test_planning_with_missing_fields_names_them_and_writes_nothing(client, auth, world):
    switch_user(client, auth, world.inspector)
    token = csrf_from(client.get("/conferences/").get_data(as_text=True))
    response = client.post("/conferences/", data={"csrf_token": token, "title": "Hội nghị", "held_at": "25:00"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Địa điểm: phải nhập." in page and "Giờ họp: phải nhập dạng HH:MM" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Conference)) == 0


def test_a_conference_from_plan_to_letters_on_the_pages(client, auth, world):
    lead = _lead(world)
    switch_user(client, auth, world.supervisor)
    token = csrf_from(client.get("/conferences/").get_data(as_text=True))
    response = client.post("/conferences/", data={
        "csrf_token": token, "title": "Hội nghị đối thoại", "held_on": "2026-10-20", "held_at": "08:30",
        "place": "Hội trường", "chair_name": "Nguyễn Văn Chủ", "chair_title": "Phó Giám đốc",
        "secretary_name": "Lê Thị Thư"})
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "Công ty TNHH Cơ khí Tân Uyên" in page and "187.200.000 đ" in page
    client.post(url + "/invite", data={"csrf_token": token, "lead_id": str(lead.id)})
    conference = db.session.scalar(sa.select(Conference))
    [invitee] = conference.invitees
    client.post(url + "/addresses", data={"csrf_token": token, f"address-{invitee.id}": "Số 12 Đường ĐT743"})
    done = client.post(url + "/invitations", data={"csrf_token": token, "signer_id": str(world.signer.id),
                                                   "issue_date": "2026-10-10"}, follow_redirects=True)
    assert "Đã phát hành 1 giấy mời" in done.get_data(as_text=True)
    letter = db.session.scalar(sa.select(ConferenceDocument).where(ConferenceDocument.kind == "invitation"))
    pdf = client.get(f"/conferences/documents/{letter.id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    page = client.get(url).get_data(as_text=True)
    assert f"outcome-{invitee.id}" in page and "Phát hành biên bản hội nghị" in page
    bad = client.post(url + "/outcomes", data={"csrf_token": token, f"outcome-{invitee.id}": "committed"},
                      follow_redirects=True)
    assert "cam kết phải có hạn" in bad.get_data(as_text=True)
