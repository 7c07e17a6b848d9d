"""The employer's sanction history through the API (LR-SANCTIONS): statuses, clearing dates, isolation."""

from __future__ import annotations

from datetime import date, timedelta

from enforcement import clock
from enforcement.domain.periods import add_years
from enforcement.extensions import db
from enforcement.models import SanctionDecision, SanctionSource
from tests import evidence_files
from tests.api.conftest import overdue_employer

PDF = evidence_files.pdf()


def _decision(employer, decided: date, **fields) -> SanctionDecision:
    row = SanctionDecision(
        employer_id=employer.id, office_id=employer.office_id, source=SanctionSource.MANUAL,
        number=fields.pop("number", "15/QĐ-XPHC"), decision_date=decided, behaviours=["evasion"],
        conduct_months=["2024-10"], fine_total=60_000_000, articles=[], fines=[], enforcement=[], changes=[],
        document_name="qd.pdf", document_mime="application/pdf", document_sha256="0" * 64, document_data=PDF,
        **fields)
    db.session.add(row)
    db.session.commit()
    return row


def test_lr_sanctions_the_api_lists_every_decision_with_its_status_and_clearing_date(api, world):
    employer = overdue_employer(world.office)
    today = clock.today()
    cleared = _decision(employer, today - timedelta(days=800), complied_on=today - timedelta(days=700))
    live = _decision(employer, today - timedelta(days=30), number="2/QĐ-XPHC", received_on=today - timedelta(days=28))
    response = api.as_(world.inspector).get(f"/employers/{employer.id}/sanctions")
    assert response.status_code == 200
    body = response.get_json()
    assert body["live_evasion"] is True
    items = {item["id"]: item for item in body["items"]}
    assert items[cleared.id]["status"] == "cleared"
    # XLVPHC Art. 7: live through one year after compliance, considered not penalised the day after.
    complied = today - timedelta(days=700)
    assert items[cleared.id]["cleared_on"] == (add_years(complied, 1) + timedelta(days=1)).isoformat()
    assert items[live.id]["status"] == "live"
    assert items[live.id]["compliance_deadline"] == (today - timedelta(days=18)).isoformat()
    assert items[live.id]["compliance_deadline_assumed"] is False
    assert "Điều 7" in items[cleared.id]["reason"] or "coi như chưa bị xử phạt" in items[cleared.id]["reason"]


def test_lr_sanctions_another_offices_employer_is_404(api, world, other):
    employer = overdue_employer(other.office)
    assert api.as_(world.legal).get(f"/employers/{employer.id}/sanctions").status_code == 404
