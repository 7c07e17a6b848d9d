"""Objects of the leads and conferences area for the security tests' estate (one per URL argument)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from enforcement.extensions import db
from enforcement.models import (
    BatchStatus,
    Conference,
    ConferenceDocument,
    ConferenceInvitee,
    ConferenceStatus,
    Lead,
    LeadStatus,
    Role,
    TaxBatch,
)


def add_lead_objects(estate: Any) -> None:
    """A rejected tax import and an open lead of the estate's office, named with its marker."""
    office, marker = estate.office, estate.marker
    tax_batch = TaxBatch(office_id=office.id, user_id=estate.users[Role.INSPECTOR].id, file_name=f"{marker}-thue.csv",
                         sha256="1" * 64, size=10, status=BatchStatus.REJECTED, rows_rejected=1,
                         errors=[{"row": 2, "column": "ky", "value": "x", "message": marker}])
    lead = Lead(office_id=office.id, tax_code="0100109106", name=f"Công ty TNHH {marker} Chưa đăng ký",
                kinds="unregistered", month="2026-09", months=["2026-09"], max_tax_employees=8, max_gap=8,
                estimated_contributions=12_000_000, district="Quận Đống Đa", status=LeadStatus.OPEN)
    db.session.add_all([tax_batch, lead])
    db.session.flush()
    conference = Conference(office_id=office.id, title=f"Hội nghị {marker}", held_on=date(2031, 9, 15),
                            held_at="08:30", place="Hội trường", chair_name="Nguyễn Văn Chủ",
                            chair_title="Phó Giám đốc", secretary_name="Lê Thị Thư",
                            status=ConferenceStatus.INVITED)
    db.session.add(conference)
    db.session.flush()
    invitee = ConferenceInvitee(conference_id=conference.id, lead_id=lead.id, tax_code=lead.tax_code,
                                name=lead.name, address="Số 1 Phố Thử")
    db.session.add(invitee)
    db.session.flush()
    pdf = b"%PDF-1.7 " + marker.encode()
    document = ConferenceDocument(office_id=office.id, conference_id=conference.id, invitee_id=invitee.id,
                                  kind="invitation", title="Giấy mời", register="invitation", year=2031, number=1,
                                  number_text="01/GM-BHXH", issue_date=date(2031, 9, 1), pdf=pdf,
                                  sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf))
    db.session.add(document)
    db.session.commit()
    estate.extras.update(tax_batch=tax_batch, lead=lead, conference=conference, invitee=invitee,
                         conference_document=document)
