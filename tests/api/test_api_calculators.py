"""The legal calculators over HTTP: one valid and one malformed input each; any case-working role may use them."""

from __future__ import annotations

import pytest

from enforcement.models import Role

VALID = {
    "article216": {
        "evaluation_date": "2026-06-01",
        "offender": "legal_entity",
        "evasion_months": [{"period": f"2025-{m:02d}", "amount": 60_000_000, "employees": 12} for m in range(1, 8)],
        "withheld_not_paid": 0,
        "prior_offences": 0,
        "prior_penalties": [
            {"decision_date": "2025-10-01", "behaviour": "evasion", "conduct_months": ["2025-01", "2025-02"],
             "compliance_deadline": "2025-10-11", "complied_on": None}
        ],
        "still_unpaid": 420_000_000,
    },
    "fine": {"violation_date": "2026-10-02", "ended_on": None, "offender": "organisation",
             "violations": [{"behaviour": "si_late", "base": 100_000_000, "months": 2, "aggravating": [],
                             "mitigating": []}, {"behaviour": "ui_late", "base": 8_000_000, "months": 2}],
             "signer": {"title": "bhxh_province_director"}},
    "interest": {"as_of": "2026-03-31", "months": [{"period": "2025-10", "outstanding": 1_000_000_000}]},
    "deadlines": {"today": "2026-03-02", "dates": {"inspection_concluded_on": "2026-02-02"}},
}
EXPECTED_KEYS = {
    "article216": {"passed", "band", "criteria", "penalties"},
    "fine": {"decree", "violations", "total", "competence"},
    "interest": {"amount", "complete", "per_month"},
    "deadlines": {"today", "rule", "deadlines"},
}
MALFORMED = {
    "article216": ({"evaluation_date": "2026-02-30", "offender": "robot"}, "evaluation_date"),
    "fine": ({"violation_date": "2026-10-02", "offender": "organisation",
              "violations": [{"behaviour": "theft", "base": -1}]}, "violations[0].behaviour"),
    "interest": ({"as_of": "yesterday", "months": []}, "as_of"),
    "deadlines": ({"today": "2026-03-02", "dates": []}, "dates"),
}


@pytest.mark.parametrize("name", list(VALID))
def test_each_calculator_answers_a_valid_input(api, world, name):
    response = api.as_(world.legal).post(f"/calculators/{name}", json=VALID[name])
    assert response.status_code == 200, response.get_json()
    assert EXPECTED_KEYS[name] <= set(response.get_json())


def test_lr_fine_calculator_json_is_exactly_lr_fine_output_violation_by_violation(api, world):
    body = api.as_(world.legal).post("/calculators/fine", json=VALID["fine"]).get_json()
    assert set(body) == {"decree", "violations", "total", "competence"}
    assert body["decree"] == "283/2026"
    si, ui = body["violations"]
    assert set(si) == {"behaviour", "article", "form", "band_min", "band_max", "proposal", "net_factors", "reasons"}
    assert (si["article"], si["band_min"], si["band_max"], si["net_factors"]) == ("43(3)", 24_000_000, 30_000_000, 1)
    assert (ui["article"], ui["band_max"]) == ("45(3)", 2_400_000)
    assert body["total"] == si["proposal"] + ui["proposal"]
    assert body["competence"] == {"ok": True, "top": 30_000_000, "cap": 75_000_000, "transfer_to": None}


def test_the_article216_calculator_passes_seven_months_over_the_thresholds(api, world):
    body = api.as_(world.legal).post("/calculators/article216", json=VALID["article216"]).get_json()
    assert body["passed"] is True
    assert [c["id"] for c in body["criteria"]][:1] == ["C1"]


@pytest.mark.parametrize("name", list(MALFORMED))
def test_each_calculator_refuses_malformed_input_with_errors_per_field(api, world, name):
    payload, field = MALFORMED[name]
    response = api.as_(world.inspector).post(f"/calculators/{name}", json=payload)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "ValidationFailed"
    assert field in body["errors"]
    assert all(isinstance(m, str) and m for msgs in body["errors"].values() for m in msgs)


@pytest.mark.parametrize("name", list(VALID))
def test_a_body_that_is_not_json_is_422(api, world, name):
    response = api.as_(world.supervisor).post(f"/calculators/{name}", data="không phải JSON")
    assert response.status_code == 422


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.LEGAL, Role.SUPERVISOR])
def test_every_case_working_role_may_calculate(api, world, role):
    assert api.as_(world.user(role)).post("/calculators/fine", json=VALID["fine"]).status_code == 200


def test_admins_do_not_calculate(api, world):
    assert api.as_(world.admin).post("/calculators/fine", json=VALID["fine"]).status_code == 403


def test_calculators_answer_only_post(api, world):
    response = api.as_(world.legal).get("/calculators/fine")
    assert response.status_code == 405
    assert response.get_json()["error"] == "MethodNotAllowed"
    assert "POST" in response.headers["Allow"]
