"""The fine calculator page (LR-FINE "The fine calculator"): violation by violation, reasons, competence."""

from __future__ import annotations

from tests.conftest import csrf_from


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_lr_fine_page_shows_each_violation_its_clause_band_reasons_and_competence(client, auth, world):
    auth.login(world.legal.username)
    token = csrf_from(_html(client.get("/calculators/fine")))
    response = client.post("/calculators/fine", data={
        "csrf_token": token, "violation_date": "2026-10-01", "ended_on": "", "offender": "organisation",
        "violations": "si_late; 250.000.004; 3; ; tu_nguyen_khac_phuc\nui_late; 399.999; 1",
        "signer_title": "bhxh_province_director"})
    html = _html(response)
    assert response.status_code == 200
    assert "43(3)" in html and "45(1)" in html and "Cảnh cáo" in html
    assert "60.000.001 đ – 75.000.001 đ" in html
    assert "Vi phạm hành chính nhiều lần" in html  # 3 months (Decree 283/2026 Art. 7(4))
    assert "Vượt thẩm quyền" in html and "vss_inspection_team_head" in html
    assert "&#34;transfer_to&#34;" in html or '"transfer_to"' in html  # the JSON of the calculator


def test_lr_fine_page_reports_bad_lines_and_unknown_factors_next_to_the_field(client, auth, world):
    auth.login(world.legal.username)
    token = csrf_from(_html(client.get("/calculators/fine")))
    response = client.post("/calculators/fine", data={
        "csrf_token": token, "violation_date": "2026-10-01", "offender": "person",
        "violations": "si_late; nhiều tiền", "signer_title": ""})
    assert response.status_code == 422 and "Dòng 1" in _html(response)
    response = client.post("/calculators/fine", data={
        "csrf_token": token, "violation_date": "2026-10-01", "offender": "person",
        "violations": "si_late; 1.000.000; 1; ; thanh_that", "signer_title": ""})
    assert response.status_code == 422 and "violations[0].mitigating" in _html(response)


def test_lr_fine_page_starts_from_a_case(client, auth, world):
    auth.login(world.legal.username)
    assert client.get(f"/calculators/fine?case_id={world.case.id}").status_code == 200
