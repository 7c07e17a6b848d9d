"""LR-ART216: each criterion is shown by its name and its value as a sentence (issue 17), never as raw data
(``{'counted': ['2026-05', …]}``, ``{'qualifying': None}``) nor an ISO month or date."""

from __future__ import annotations

import re

from tests.domain.test_article216 import EVASION_PENALTY, _consecutive, criterion, evaluate, make_input

ISO = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b")


def _shown(result: dict, cid: str) -> tuple[str, str, str]:
    c = criterion(result, cid)
    return c["name"], c["value_text"], c["threshold_text"]


def test_lr_art216_every_criterion_has_a_name_and_its_value_and_threshold_as_sentences() -> None:
    result = evaluate(make_input(periods=_consecutive(6, "2024-01"), total=60_000_000, employees=12))
    assert _shown(result, "C1") == (
        "Thời điểm thực hiện hành vi",
        "6 tháng trốn đóng từ kỳ 01/2018: 01/2024, 02/2024, 03/2024, 04/2024, 05/2024, 06/2024",
        "Hành vi từ ngày 01/01/2018 (kỳ từ 01/2018)",
    )
    assert _shown(result, "C2") == ("Thời gian trốn đóng", "6 tháng trốn đóng (liên tục)", "Từ 6 tháng trở lên")
    assert _shown(result, "C3") == ("Số tiền trốn đóng", "60.000.000 đ trốn đóng (không gồm tiền lãi)",
                                    "Từ 50.000.000 đ trở lên")
    assert _shown(result, "C4") == ("Số người lao động bị trốn đóng", "12 người (tháng 06/2024, đã xác nhận)",
                                    "Từ 10 người trở lên")
    name5, value5, _ = _shown(result, "C5")
    assert name5 == "Đã bị xử phạt vi phạm hành chính về hành vi trốn đóng"
    assert "xử phạt hành vi trốn đóng của các tháng 01/2024, 02/2024, 03/2024" in value5
    name6, value6, _ = _shown(result, "C6")
    assert name6 == "Vẫn vi phạm sau khi bị xử phạt"
    assert value6 == "Hạn chấp hành 15/03/2025; tại ngày 15/01/2026 còn 10.000.000 đ chưa nộp"
    for c in result["criteria"]:
        for text in (c["value_text"], c["threshold_text"]):
            assert text and not ISO.search(text) and "{" not in text and "None" not in text, (c["id"], text)


def test_lr_art216_c1_boundary_value_names_the_months_left_out_before_2018() -> None:
    """NQ 05/2019 Art. 5: 12/2017 is conduct of 2017 — the sentence says it is not counted."""
    result = evaluate(make_input(periods=["2017-12", "2018-01"], evaluation_date="2019-01-15",
                                 prior_penalties=[dict(EVASION_PENALTY, decision_date="2018-10-01",
                                                       conduct_months=["2018-01"], compliance_deadline=None)]))
    assert _shown(result, "C1")[1] == ("1 tháng trốn đóng từ kỳ 01/2018: 01/2018; không tính 12/2017 "
                                       "(hành vi trước 01/01/2018)")


def test_lr_art216_c5_without_a_decision_and_c4_unconfirmed_read_as_sentences() -> None:
    months = [{"period": p, "amount": 10_000_000, "employees": None} for p in _consecutive(6)]
    result = evaluate(make_input(prior_penalties=[], evasion_months=months))
    assert _shown(result, "C5")[1] == "Chưa có quyết định xử phạt nào về hành vi trốn đóng"
    assert _shown(result, "C4")[1].startswith("Chưa xác nhận số người của 01/2024, 02/2024")
    assert _shown(result, "C6")[1] == "Không có quyết định xử phạt để đối chiếu hạn chấp hành"
    verdict = result["reasons"][0]
    assert "C5 (Đã bị xử phạt vi phạm hành chính về hành vi trốn đóng)" in verdict
    late = evaluate(make_input(prior_penalties=[dict(EVASION_PENALTY, behaviour="late_payment")]))
    assert _shown(late, "C5")[1] == "Chỉ có quyết định xử phạt hành vi chậm đóng, không phải trốn đóng"
