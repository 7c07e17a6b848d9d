"""The penalty form (issue 17 "penalty form"; LR-FINE, LR-COMPETENCE): every violation's band, proposal and reasons
are shown as soon as the violations are known; required fields are marked; the review shows the decided fines."""

from __future__ import annotations

from tests.conftest import csrf_from
from tests.web.conftest import switch_user


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_lr_fine_penalty_form_shows_each_violation_band_and_proposal_before_any_input(client, auth, recorded):
    switch_user(client, auth, recorded.legal)
    html = _html(client.get(f"/cases/{recorded.case.id}/act/issue_penalty"))
    assert "Mức phạt theo từng hành vi vi phạm" in html
    assert "điểm b khoản 2 Điều 44 Nghị định số 283/2026/NĐ-CP" in html
    assert "điểm b khoản 2 Điều 46 Nghị định số 283/2026/NĐ-CP" in html
    assert "Vi phạm hành chính nhiều lần" in html
    assert 'class="required"' in html  # required fields are marked
    assert "Buộc người sử dụng lao động đóng đủ số tiền bảo hiểm xã hội bắt buộc trốn đóng" in html  # remedies
    assert "bảo hiểm y tế trốn đóng" not in html


def test_lr_fine_review_page_shows_the_fines_never_an_empty_band(client, auth, recorded):
    switch_user(client, auth, recorded.legal)
    html = _html(client.get(f"/cases/{recorded.case.id}/act/issue_penalty"))
    data = {"csrf_token": csrf_from(html), "version": str(recorded.case.version), "stage": "review",
            "decision_date": recorded.today.isoformat(), "offender": "organisation",
            "aggravating": "tron_tranh_che_giau", "mitigating": ["tu_nguyen_khac_phuc", "tu_nguyen_khai_bao"],
            "remedies": "Buộc đóng đủ số tiền trốn đóng và tiền lãi.", "compliance_days": "10",
            "signer_id": str(recorded.signer.id)}
    review = _html(client.post(f"/cases/{recorded.case.id}/act/issue_penalty", data=data))
    assert "Khung phạt đề xuất: –" not in review and "mức đề xuất 0 đ" not in review
    assert "Tổng số tiền phạt" in review
    assert "Tự nguyện" in review or "tự nguyện khắc phục" in review
    assert 'value="tron_tranh_che_giau"' in review or "tron_tranh_che_giau" in review  # carried to confirm
