"""Working conferences (PRODUCT.md §10): plan, invite, invitation letters, outcomes, minutes, cases from leads."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from enforcement.errors import ValidationFailed
from enforcement.extensions import db
from enforcement.models import (
    Case,
    CaseEvent,
    ConferenceDocument,
    ConferenceStatus,
    Lead,
    LeadEvent,
    LeadStatus,
    Role,
)
from enforcement.services import conferences as conf
from enforcement.services.cases import transitions_for
from enforcement.services.detection import detect
from enforcement.services.leads import refresh_leads
from enforcement.services.ledger_import import import_ledger
from enforcement.services.tax_import import import_tax
from enforcement.workflow import CaseState
from tests.conftest import SHARED_DATA
from tests.factories import OfficeFactory, SignerFactory, UserFactory
from tests.pdf.helpers import reader, text_of

HELD = date(2026, 10, 20)
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture
def setting(ctx):
    office = OfficeFactory()
    signer = SignerFactory(office=office)
    users = {role: UserFactory(office=office, role=role) for role in (Role.INSPECTOR, Role.SUPERVISOR)}
    import_ledger((SHARED_DATA / "ledger_small.csv").read_bytes(), "ledger_small.csv", office)
    import_tax((SHARED_DATA / "tax_small.csv").read_bytes(), "tax_small.csv", office)
    refresh_leads(office, "2026-09", users[Role.SUPERVISOR])
    return office, signer, users[Role.SUPERVISOR], users[Role.INSPECTOR]


def _lead(office, code):
    return db.session.scalar(sa.select(Lead).where(Lead.office_id == office.id, Lead.tax_code == code))


def _plan(office, user, **changes):
    fields = {"title": "Hội nghị đối thoại về đăng ký BHXH", "held_on": HELD, "held_at": "08:30",
              "place": "Hội trường Bảo hiểm xã hội tỉnh", "chair_name": "Nguyễn Văn Chủ",
              "chair_title": "Phó Giám đốc", "secretary_name": "Lê Thị Thư"}
    return conf.plan(office, user, **{**fields, **changes})


def test_planning_names_every_missing_field(setting):
    office, _signer, user, _insp = setting
    with pytest.raises(ValidationFailed) as refused:
        _plan(office, user, place=" ", held_on=None, held_at="8h")
    assert set(refused.value.details["errors"]) == {"place", "held_on", "held_at"}


def test_the_whole_path_from_invitation_to_a_case_at_the_inspection(setting):
    office, signer, user, inspector = setting
    conference = _plan(office, user)
    unregistered, wages, headcount = (_lead(office, c) for c in ("0110001006", "3713177848", "3737684332"))
    added = conf.invite(conference, user, lead_ids=[unregistered.id, wages.id, headcount.id])
    assert added == 3 and unregistered.status == LeadStatus.INVITED

    # An unregistered business has no address in the tax data: blocked before any number is taken.
    with pytest.raises(ValidationFailed, match="Chưa có địa chỉ") as blocked:
        conf.issue_invitations(conference, user, signer_id=signer.id, issue_date=date(2026, 10, 10))
    assert "Công ty TNHH Cơ khí Tân Uyên" in blocked.value.message
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConferenceDocument)) == 0
    invitee = next(i for i in conference.invitees if i.lead_id == unregistered.id)
    conf.set_addresses(conference, user, {invitee.id: "Số 12 Đường ĐT743, Thị xã Tân Uyên"})

    letters = conf.issue_invitations(conference, user, signer_id=signer.id, issue_date=date(2026, 10, 10))
    assert [d.number_text for d in letters] == ["01/GM-BHXH", "02/GM-BHXH", "03/GM-BHXH"]
    letter = next(d for d in letters if d.invitee_id == invitee.id)
    text = text_of(letter.pdf)
    assert "GIẤY MỜI" in text and "Kính gửi: Công ty TNHH Cơ khí Tân Uyên" in text
    assert "08 giờ 30 phút, ngày 20/10/2026" in text and f"Số: {letter.number_text}" in text
    for letter in letters:
        body = text_of(letter.pdf)
        assert not ISO.search(body) and "…" not in body and "LEGAL" not in body and "LR-" not in body
    merged = next(d for d in conf.documents_of(conference) if d.kind == "invitations_merged")
    assert len(reader(merged.pdf).pages) == sum(len(reader(d.pdf).pages) for d in letters)
    assert conference.status == ConferenceStatus.INVITED

    rows = {i.id: conf.OutcomeInput("", None, "", "") for i in conference.invitees}
    by_lead = {i.lead_id: i for i in conference.invitees}
    rows[by_lead[unregistered.id].id] = conf.OutcomeInput("refused", None, "Ông Phạm Văn A", "Không đồng ý")
    rows[by_lead[wages.id].id] = conf.OutcomeInput("committed", HELD + timedelta(days=30), "Bà B", "")
    rows[by_lead[headcount.id].id] = conf.OutcomeInput("absent", None, "", "")
    with pytest.raises(ValidationFailed, match="hạn"):
        conf.record_outcomes(conference, user, {by_lead[wages.id].id: conf.OutcomeInput("committed", None, "", "")})
    assert conf.record_outcomes(conference, user, rows) == 3

    minutes = conf.issue_minutes(conference, user, issue_date=HELD, today=HELD)
    assert minutes.number_text == "01/BB-BHXH"
    text = text_of(minutes.pdf)
    assert "BIÊN BẢN HỘI NGHỊ" in text and "Từ chối" in text and "19/11/2026" in text and not ISO.search(text)

    # Refusal: a new case from the lead, in detected, entering at the inspection (no demand notice first).
    case = db.session.get(Case, unregistered.case_id)
    assert case.state == CaseState.DETECTED and unregistered.status == LeadStatus.CASE_OPENED
    assert case.employer.unit_code == "MST0110001006" and case.employer.address.startswith("Số 12")
    opened = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.case_id == case.id))
    assert opened.details["suggested_behaviour"] == "evasion" and "Điều 44" in opened.summary
    case.assignee_id = inspector.id
    options = {a.step.trigger.value: a for a in transitions_for(case, inspector, HELD)}
    assert options["decide_inspection"].allowed, options["decide_inspection"].reasons
    # Detection does not settle it for having nothing outstanding on the ledger.
    detect(office, date(2026, 10, 25))
    db.session.refresh(case)
    assert case.state == CaseState.DETECTED

    # Absence: the employer already has an open arrears case? Here not: a new one as well.
    assert headcount.case_id is not None and headcount.status == LeadStatus.CASE_OPENED
    # Commitment: a deadline; broken when its date passes with the lead still open.
    assert wages.status == LeadStatus.COMMITTED and wages.commitment_due == HELD + timedelta(days=30)
    assert conf.follow_up(office.id, user, HELD + timedelta(days=30)) == 0  # not yet past
    assert conf.follow_up(office.id, user, HELD + timedelta(days=31)) == 1
    assert wages.status == LeadStatus.CASE_OPENED and wages.case_id is not None
    actions = db.session.scalars(sa.select(LeadEvent.action).where(LeadEvent.lead_id == wages.id)
                                 .order_by(LeadEvent.seq)).all()
    assert actions == ["opened", "invited", "invitation", "outcome", "minutes", "case"]
    with pytest.raises(ValidationFailed, match="đã ban hành"):
        conf.record_outcomes(conference, user, rows)


def test_an_arrears_case_not_yet_inspected_can_be_invited_and_is_continued(setting):
    office, signer, user, _insp = setting
    detect(office, date(2026, 11, 25))
    conference = _plan(office, user)
    candidates = [c for c in conf.candidates(office.id) if c.source == "case"]
    assert candidates
    first = candidates[0]
    conf.invite(conference, user, case_ids=[first.ident])
    conf.issue_invitations(conference, user, signer_id=signer.id, issue_date=date(2026, 10, 10))
    [invitee] = conference.invitees
    conf.record_outcomes(conference, user, {invitee.id: conf.OutcomeInput("absent", None, "", "")})
    conf.issue_minutes(conference, user, issue_date=HELD, today=HELD)
    case = db.session.get(Case, first.ident)
    summaries = db.session.scalars(sa.select(CaseEvent.summary).where(CaseEvent.case_id == case.id)).all()
    assert any("vắng mặt tại hội nghị" in s for s in summaries)
    assert invitee.result_case_id == case.id


def test_inviting_by_district_takes_every_candidate_of_it(setting):
    office, _signer, user, _insp = setting
    conference = _plan(office, user)
    district = next(c.district for c in conf.candidates(office.id) if c.district)
    expected = {c.tax_code for c in conf.candidates(office.id, district)}
    conf.invite(conference, user, district=district)
    assert {i.tax_code for i in conference.invitees} == expected


def test_minutes_need_every_outcome_and_the_invitations_first(setting):
    office, signer, user, _insp = setting
    conference = _plan(office, user)
    lead = _lead(office, "3713177848")
    conf.invite(conference, user, lead_ids=[lead.id])
    with pytest.raises(ValidationFailed, match="giấy mời"):
        conf.issue_minutes(conference, user, issue_date=HELD)
    with pytest.raises(ValidationFailed, match="người ký"):
        conf.issue_invitations(conference, user, signer_id=None, issue_date=date(2026, 10, 10))
    conf.issue_invitations(conference, user, signer_id=signer.id, issue_date=date(2026, 10, 10))
    with pytest.raises(ValidationFailed, match="Chưa ghi kết quả"):
        conf.issue_minutes(conference, user, issue_date=HELD)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ConferenceDocument)
                             .where(ConferenceDocument.kind == "minutes")) == 0


def _ledger_csv(*rows: str) -> bytes:
    header = "ma_don_vi,ma_so_thue,ten_don_vi,quan_huyen,ky,phai_dong,da_dong,so_lao_dong\n"
    return (header + "".join(r + "\n" for r in rows)).encode()


def test_a_lead_closes_with_an_event_when_a_later_ledger_shows_the_workers(setting):
    office, _signer, user, _insp = setting
    headcount, unregistered, wages = (_lead(office, c) for c in ("3737684332", "0110001006", "3713177848"))
    # Too few workers declared for 10/2026: the headcount lead stays open.
    few = _ledger_csv("TA0820X,3737684332,Công ty Cổ phần Xây dựng Thành Đạt Bình Dương,,2026-10,100000000,0,60")
    import_ledger(few, "t10a.csv", office, user)
    assert headcount.status == LeadStatus.OPEN
    enough = _ledger_csv(
        "TA0820X,3737684332,Công ty Cổ phần Xây dựng Thành Đạt Bình Dương,,2026-10,100000000,0,74",
        "TU0001,0110001006,Công ty TNHH Cơ khí Tân Uyên,,2026-10,60000000,60000000,25",
    )
    import_ledger(enough, "t10b.csv", office, user)
    for lead in (headcount, unregistered):
        db.session.refresh(lead)
        assert lead.status == LeadStatus.CLOSED and lead.closed_at is not None
        last = db.session.scalars(sa.select(LeadEvent).where(LeadEvent.lead_id == lead.id)
                                  .order_by(LeadEvent.seq.desc())).first()
        assert last.action == "closed" and "10/2026" in last.summary and "đầu mối tự đóng" in last.summary
    assert wages.status == LeadStatus.OPEN  # nothing new on its ledger
