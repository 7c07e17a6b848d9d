"""Issue 12 item 9: the OpenAPI document and the server disagreed in both directions; now one schema serves both.

The requests schemathesis found (per_page=201, ``working_days: {}``, ``months: {}``, a string
``signer_cap_person``, ``POST /detections`` without a body, an ``assignee_id`` of 1.9 × 10¹⁸) each
reproduced here, with the document's verdict and the server's answer side by side.  The whole run,
every check, is tests/security/test_api_schema.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from enforcement.api import openapi, validation
from enforcement.steps.fields import ID_MAX
from tests.api.conftest import demand, open_case
from tests.api.test_api_calculators import VALID

FINE = VALID["fine"]


def _refused(response: Any, field: str) -> list[str]:
    assert response.status_code == 422, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"] == "ValidationFailed"
    assert field in body["errors"], body["errors"]
    return body["errors"][field]


def test_per_page_201_is_refused_as_the_document_says(api, world):
    per_page = next(p for p in openapi.FILTERS if p.name == "per_page")
    assert per_page.schema["maximum"] == 200
    client = api.as_(world.inspector)
    assert _refused(client.get("/cases?per_page=201"), "per_page") == ["Phải nhỏ hơn hoặc bằng 200."]
    assert client.get("/cases?per_page=200").status_code == 200


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("deadlines", {"today": "2026-05-04", "dates": {}, "working_days": {}}, "working_days"),
        ("interest", {"as_of": "2026-05-04", "months": {}}, "months"),
        ("fine", {**FINE, "signer": {"title": "Chánh Thanh tra", "cap_person": "50000000"}}, "signer.cap_person"),
    ],
)
def test_calculator_bodies_the_document_forbids_are_refused(api, world, name, body, field):
    messages = _refused(api.as_(world.inspector).post(f"/calculators/{name}", json=body), field)
    assert any("Sai kiểu dữ liệu" in m for m in messages), messages


def test_the_same_calculator_bodies_in_the_documented_shape_are_accepted(api, world):
    client = api.as_(world.inspector)
    ok = client.post("/calculators/deadlines", json={"today": "2026-05-04", "dates": {}, "working_days": []})
    assert ok.status_code == 200, ok.get_json()
    signer = {"title": "Chánh Thanh tra", "cap_person": 50_000_000}
    ok = client.post("/calculators/fine", json={**FINE, "signer": signer})
    assert ok.status_code == 200, ok.get_json()


def test_a_detection_without_a_body_is_documented_as_allowed_and_accepted(api, world):
    operation = openapi.document()["paths"]["/detections"]["post"]
    assert operation["requestBody"]["required"] is False
    response = api.as_(world.supervisor).post("/detections")
    assert response.status_code == 200, response.get_json()
    assert _refused(api.as_(world.supervisor).post("/detections", json={"as_of": "04/05/2026"}), "as_of")


def test_an_id_beyond_the_database_integer_is_refused_by_the_document_not_by_the_database(api, world):
    case = open_case(world.office)
    client = api.as_(world.supervisor)
    huge = 1_900_000_000_000_000_000
    assert _refused(client.post(f"/cases/{case.id}/assignment", json={"assignee_id": huge}), "assignee_id") == [
        f"Phải nhỏ hơn hoặc bằng {ID_MAX}."
    ]
    assert _refused(client.post("/assignments", json={"case_ids": [huge], "assignee_id": None}),
                    "case_ids[0]") == [f"Phải nhỏ hơn hoặc bằng {ID_MAX}."]
    assert client.post(f"/cases/{case.id}/assignment", json={"assignee_id": ID_MAX}).status_code == 422  # no one


def test_a_path_id_beyond_the_database_integer_is_documented_and_answers_404(api, world):
    operation = openapi.document()["paths"]["/cases/{case_id}"]["get"]
    assert operation["parameters"][0]["schema"]["maximum"] == ID_MAX
    assert "404" in operation["responses"]
    for ident in (ID_MAX, ID_MAX + 1, 10**30):  # <int:…> ids: one beyond the database's integer is no case
        assert api.as_(world.inspector).get(f"/cases/{ident}").status_code == 404


def test_an_unknown_property_is_refused_naming_it(api, world):
    case = open_case(world.office)
    response = api.as_(world.supervisor).post(f"/cases/{case.id}/assignment",
                                              json={"assignee_id": None, "colour": "red"})
    assert _refused(response, "colour") == ["Trường không được hỗ trợ."]


def test_every_trigger_body_is_its_steps_fields_and_a_stale_version_is_409(api, world):
    case = open_case(world.office, assignee=world.inspector)
    client = api.as_(world.inspector)
    body = {"version": case.version + 5, **demand(world.signer)}
    assert client.post(f"/cases/{case.id}/transitions/send_demand", json=body).status_code == 409
    body["signer_id"] = "one"
    assert _refused(client.post(f"/cases/{case.id}/transitions/send_demand", json=body), "signer_id")


def test_query_values_are_read_as_the_document_types_them():
    assert validation.request_errors("get", "/cases", {}, {"page": "2", "overdue": "true", "per_page": "200"}) == {}
    errors = validation.request_errors("get", "/cases", {}, {"page": "two", "overdue": "maybe", "assignee": "x"})
    assert set(errors) == {"page", "overdue", "assignee"}


def test_a_whole_number_written_with_a_fraction_is_the_integer_json_schema_says_it_is(api, world):
    """Schemathesis draws 193.0 for an integer (JSON has one number type); the views read it as 193."""
    client = api.as_(world.inspector)
    exact = client.post("/calculators/fine", json=FINE)
    assert exact.status_code == 200, exact.get_json()
    written = {**FINE, "violations": [{**v, "base": float(v["base"]), "months": 2.0} for v in FINE["violations"]]}
    assert client.post("/calculators/fine", json=written).get_json() == exact.get_json()
    fraction = {**FINE, "violations": [{**FINE["violations"][0], "base": 100_000_000.5}]}
    assert _refused(client.post("/calculators/fine", json=fraction), "violations[0].base")


def test_a_query_parameter_the_document_does_not_name_is_refused_not_ignored(api, world):
    """Schemathesis (CI, 150 examples): ``GET /cases?…&=true`` and ``/tax-leads?district=0&=null`` answered 200.
    A misspelt filter that is silently ignored answers another question than the one asked."""
    client = api.as_(world.inspector)
    assert client.get("/cases?overdue=true").status_code == 200
    assert _refused(client.get("/cases?overdue=true&=true"), "?") == ["Tham số không được hỗ trợ ở địa chỉ này."]
    assert _refused(client.get("/cases?overdeu=true"), "overdeu") == ["Tham số không được hỗ trợ ở địa chỉ này."]
    assert _refused(client.get("/tax-leads?district=0&=null"), "?")
