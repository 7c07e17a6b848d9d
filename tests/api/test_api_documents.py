"""Documents through the API: a case's list, the PDF with its integrity check, the referral dossier."""

from __future__ import annotations

import hashlib

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import Case, Document
from tests.api.conftest import demand, open_case


def _stored(case: Case, kind: str, pdf: bytes = b"%PDF-1.7\n% test\n", sha256: str | None = None) -> Document:
    """A document row written directly (a dossier, or one whose bytes no longer match their hash)."""
    document = Document(
        case_id=case.id,
        office_id=case.office_id,
        kind=kind,
        title=f"Tài liệu {kind}",
        year=clock.today().year,
        issue_date=clock.today(),
        pdf=pdf,
        sha256=sha256 or hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
    )
    db.session.add(document)
    db.session.commit()
    return document


def _demand_sent(api, world) -> tuple[Case, dict]:
    case = open_case(world.office, assignee=world.inspector)
    response = api.as_(world.inspector).post(
        f"/cases/{case.id}/transitions/send_demand", json={"version": case.version, **demand(world.signer)}
    )
    assert response.status_code == 200, response.get_json()
    return case, response.get_json()["documents"][0]


def test_a_case_lists_its_documents_and_each_downloads_as_pdf(api, world):
    case, issued = _demand_sent(api, world)
    client = api.as_(world.legal)
    listed = client.get(f"/cases/{case.id}/documents").get_json()["items"]
    assert [d["id"] for d in listed] == [issued["id"]]
    assert listed[0]["number_text"] == issued["number_text"]
    response = client.get(listed[0]["url"].removeprefix("/api/v1"))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert hashlib.sha256(response.data).hexdigest() == listed[0]["sha256"]


def test_a_tampered_document_is_refused_with_a_500_integrity_error(api, world):
    case = open_case(world.office)
    document = _stored(case, "demand_notice", sha256="0" * 64)
    response = api.as_(world.inspector).get(f"/documents/{document.id}.pdf")
    assert response.status_code == 500
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"] == "DocumentIntegrityError"
    assert "document integrity" in body["message"]


def test_a_document_of_another_office_is_404(api, world, other):
    document = _stored(open_case(other.office), "demand_notice")
    assert api.as_(world.supervisor).get(f"/documents/{document.id}.pdf").status_code == 404
    assert api.as_(other.supervisor).get(f"/documents/{document.id}.pdf").status_code == 200


def test_a_missing_document_is_404(api, world):
    assert api.as_(world.inspector).get("/documents/999999.pdf").status_code == 404


def test_the_dossier_is_the_newest_final_one_else_the_newest_draft(api, world):
    case = open_case(world.office)
    client = api.as_(world.legal)
    assert client.get(f"/cases/{case.id}/dossier.pdf").status_code == 404
    _stored(case, "referral_draft", b"%PDF-1.7 draft 1")
    _stored(case, "referral_draft", b"%PDF-1.7 draft 2")
    assert client.get(f"/cases/{case.id}/dossier.pdf").data == b"%PDF-1.7 draft 2"
    _stored(case, "referral_dossier", b"%PDF-1.7 final")
    _stored(case, "referral_draft", b"%PDF-1.7 draft 3")
    response = client.get(f"/cases/{case.id}/dossier.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data == b"%PDF-1.7 final"


def test_inspectors_do_not_print_the_dossier(api, world):
    case = open_case(world.office, assignee=world.inspector)
    _stored(case, "referral_draft")
    assert api.as_(world.inspector).get(f"/cases/{case.id}/dossier.pdf").status_code == 403
    assert api.as_(world.supervisor).get(f"/cases/{case.id}/dossier.pdf").status_code == 200


def test_the_dossier_of_another_office_is_404(api, world, other):
    theirs = open_case(other.office)
    _stored(theirs, "referral_dossier")
    assert api.as_(world.legal).get(f"/cases/{theirs.id}/dossier.pdf").status_code == 404


# --------------------------------------------------------------------------- corrections


def test_a_correction_returns_the_new_document_that_supersedes_the_old(api, world):
    case, issued = _demand_sent(api, world)
    url = f"/cases/{case.id}/documents/{issued['id']}/corrections"
    response = api.as_(world.legal).post(url, json={"reason": "Sai hạn nộp trong thông báo"})
    assert response.status_code == 200, response.get_json()
    new = response.get_json()
    assert new["supersedes_id"] == issued["id"] and new["kind"] == issued["kind"]
    assert new["number_text"] and new["number_text"] != issued["number_text"]
    listed = api.as_(world.supervisor).get(f"/cases/{case.id}/documents").get_json()["items"]
    assert [d["id"] for d in listed] == [issued["id"], new["id"]]  # both kept
    assert api.as_(world.supervisor).get(f"/documents/{issued['id']}.pdf").status_code == 200
    again = api.as_(world.supervisor).post(url, json={"reason": "Lần hai"})
    assert again.status_code == 422 and "document_id" in again.get_json()["errors"]


def test_a_correction_needs_a_reason_and_a_legal_or_supervisor_role(api, world):
    case, issued = _demand_sent(api, world)
    url = f"/cases/{case.id}/documents/{issued['id']}/corrections"
    for body in ({}, {"reason": ""}, {"reason": "  "}, {"reason": 42}, {"reason": ["a"]}, {"reason": "x" * 1001}):
        response = api.as_(world.legal).post(url, json=body)
        assert response.status_code == 422 and set(response.get_json()["errors"]) == {"reason"}, body
    inspector = api.as_(world.inspector).post(url, json={"reason": "Sai số"})
    assert inspector.status_code == 403 and inspector.get_json()["error"] == "Forbidden"
    admin = api.as_(world.admin).post(url, json={"reason": "Sai số"})
    assert admin.status_code == 403
    assert len(api.as_(world.legal).get(f"/cases/{case.id}/documents").get_json()["items"]) == 1


def test_a_correction_of_another_office_or_case_is_404(api, world, other):
    case, issued = _demand_sent(api, world)
    for user in (other.legal, other.inspector):  # never 403 or 422: that would confirm the document exists
        response = api.as_(user).post(f"/cases/{case.id}/documents/{issued['id']}/corrections",
                                      json={"reason": "Sai số"})
        assert response.status_code == 404, user.role
        # a body the document forbids is refused before anything is looked up: the same 422 for any id
        for document_id in (issued["id"], 999_999):
            response = api.as_(user).post(f"/cases/{case.id}/documents/{document_id}/corrections", json={})
            assert response.status_code == 422
            assert response.get_json()["errors"] == {"reason": ["Thiếu trường bắt buộc."]}
    second = open_case(world.office)
    response = api.as_(world.legal).post(f"/cases/{second.id}/documents/{issued['id']}/corrections",
                                         json={"reason": "Sai số"})
    assert response.status_code == 404
