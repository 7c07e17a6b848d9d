"""The Article 216 calculator page: what-if inputs, the criteria table, errors next to the fields."""

from __future__ import annotations

from tests.conftest import csrf_from


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_what_if_evaluation_shows_each_criterion(client, auth, world):
    auth.login(world.legal.username)
    token = csrf_from(_html(client.get("/calculators/article216")))
    months = "\n".join(f"{m:02d}/2025; 60.000.000; 15" for m in range(1, 8))
    response = client.post("/calculators/article216", data={
        "csrf_token": token, "evaluation_date": "2026-03-01", "offender": "legal_entity", "evasion_months": months,
        "withheld_not_paid": "0", "prior_offences": "0",
        "prior_penalties": "10/10/2025; trốn đóng; 01/2025, 02/2025; 13/10/2025; ; 15/QĐ-XPHC",
        "still_unpaid": "420.000.000"})
    html = _html(response)
    assert response.status_code == 200
    for criterion in ("C1", "C2", "C3", "C4", "C5", "C6"):
        assert f"<strong>{criterion}</strong>" in html
    assert "Điều 216" in html
    assert "Đủ dấu hiệu tội trốn đóng" in html
    # LR-ART216: each criterion's evidence as sentences (which decision, which months, which counts)
    assert "Quyết định số 15/QĐ-XPHC ngày 10/10/2025" in html
    assert "01/2025: 15 người" in html
    assert "hạn chấp hành 23/10/2025 (nhận ngày 13/10/2025" in html


def test_an_unconfirmed_count_shows_c4_undetermined(client, auth, world):
    auth.login(world.legal.username)
    token = csrf_from(_html(client.get("/calculators/article216")))
    months = "\n".join(f"{m:02d}/2025; 1.000.000; " for m in range(1, 8))
    response = client.post("/calculators/article216", data={
        "csrf_token": token, "evaluation_date": "2026-03-01", "offender": "legal_entity", "evasion_months": months,
        "withheld_not_paid": "0", "prior_offences": "0", "prior_penalties": "", "still_unpaid": "0"})
    assert response.status_code == 200
    assert "Chưa xác định" in _html(response)


def test_malformed_lines_are_reported_next_to_the_field(client, auth, world):
    auth.login(world.legal.username)
    token = csrf_from(_html(client.get("/calculators/article216")))
    response = client.post("/calculators/article216", data={
        "csrf_token": token, "evaluation_date": "2026-03-01", "offender": "person", "evasion_months": "tháng mười",
        "withheld_not_paid": "0", "prior_offences": "0", "prior_penalties": "", "still_unpaid": "0"})
    assert response.status_code == 422
    assert "Dòng 1" in _html(response) and "tháng mười" in _html(response)


def test_the_form_starts_from_a_case(client, auth, world):
    auth.login(world.legal.username)
    assert client.get(f"/calculators/article216?case_id={world.case.id}").status_code == 200


def test_admins_do_not_use_the_calculator(client, auth, world):
    auth.login(world.admin.username)
    assert client.get("/calculators/article216").status_code == 403
