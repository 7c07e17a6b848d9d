"""Issue 15 through the API: transfer to the competent authority, the decision received, the fine paid
(LR-COMPETENCE, LR-SANCTIONS) — the same transitions endpoint as every other step."""

from __future__ import annotations

from datetime import timedelta

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import EvidenceCategory
from enforcement.services import evidence as evidence_service
from tests.builders import evading_world, record_violation, to_concluded
from tests.services.test_transfer_and_remedies import AUTHORITY, _pdf, director_only


def test_transfer_and_decision_received_through_the_api(ctx, api):
    today = clock.today()
    world = evading_world(today)
    director_only(world)  # LR-COMPETENCE: the case is beyond the office's competence
    to_concluded(world)
    record_violation(world, today - timedelta(days=1))
    legal = api.as_(world.legal)
    items = {i["trigger"]: i for i in legal.get(f"/cases/{world.case.id}/transitions").get_json()["items"]}
    assert items["transfer_case"]["allowed"] and items["transfer_case"]["to_state"] == "decision_transferred"
    assert {f["name"] for f in items["transfer_case"]["fields"]} == {
        "letter_date", "authority", "authority_address", "reason", "signer_id"}
    response = legal.post(f"/cases/{world.case.id}/transitions/transfer_case", json={
        "version": world.case.version, "letter_date": today.isoformat(), "authority": AUTHORITY,
        "reason": "Mức tối đa của khung vượt thẩm quyền", "signer_id": world.signer.id})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["case"]["state"] == "decision_transferred"
    assert [d["kind"] for d in body["documents"]] == ["transfer_letter"]

    pdf = evidence_service.upload(world.case.id, _pdf(), "qd.pdf", EvidenceCategory.SIGNED_COPY.value, "",
                                  world.legal, copy_form="original")
    fields = {"decision_number": "7/QĐ-XPHC", "decision_date": today.isoformat(), "signer_title": AUTHORITY,
              "offender": "organisation", "fines": ["khoản 2 Điều 44 Nghị định số 283/2026/NĐ-CP: 150.000.000"],
              "compliance_days": 10, "evidence_id": pdf.id}
    db.session.refresh(world.case)
    version = world.case.version  # the upload is an event of the case too
    refused = legal.post(f"/cases/{world.case.id}/transitions/record_received_decision",
                         json={"version": version, **fields, "fines": ["150.000.000"], "compliance_days": 5})
    assert refused.status_code == 422
    assert set(refused.get_json()["errors"]) == {"fines", "compliance_days"}
    response = legal.post(f"/cases/{world.case.id}/transitions/record_received_decision",
                          json={"version": version, **fields})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["case"]["state"] == "penalized"
    assert body["case"]["penalty_decided_on"] == today.isoformat()
    assert body["event"]["details"]["input"]["fine_total"] == 150_000_000
    assert body["event"]["details"]["sanction_id"]  # entered in the employer's sanction history
    response = legal.post(f"/cases/{world.case.id}/transitions/record_fine_payment", json={
        "version": body["case"]["version"], "paid_on": today.isoformat(), "amount": 150_000_000,
        "receipt_number": "BL-77"})
    assert response.status_code == 200, response.get_json()
    items = {i["trigger"]: i for i in legal.get(f"/cases/{world.case.id}/transitions").get_json()["items"]}
    assert not items["record_fine_payment"]["allowed"]
