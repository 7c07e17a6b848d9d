"""A repeat offence in Chromium (issue 16; LR-SANCTIONS, Decree 283/2026 Art. 4(2)(l)).

Legal staff enter an earlier evasion decision, still live, into the employer's
sanction history (with its signed PDF); the inspector concludes evasion for
months after it; the case offers the referral straight away, blocks a second
evasion penalty with the reason, and the legal officer drafts the referral:
no second penalty is ever issued.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from enforcement import clock
from enforcement.domain.periods import Period
from enforcement.extensions import db
from enforcement.models import Case, SanctionDecision, Signer, User
from enforcement.workflow import CaseState
from tests.e2e.conftest import Live, login
from tests.e2e.test_journeys import _blank_pdf, _open_action, _state, _submit_step

pytestmark = pytest.mark.browser


def _as(page: Any, live: Live, username: str) -> None:
    """Log in as ``username`` after whoever was logged in (a fresh session)."""
    page.context.clear_cookies()
    login(page, live, username)


def _inspecting_case(live: Live) -> tuple[int, int]:
    """(case id, employer id): a case with 6 months unpaid, given to kiemtra2, decided and opened by services."""
    from enforcement.services.cases import assign, fire, view_of

    today = clock.today()
    with live.app.app_context():
        inspector = db.session.scalar(db.select(User).where(User.username == "kiemtra2"))
        signer = db.session.scalar(db.select(Signer).order_by(Signer.id))
        chief = db.session.scalar(db.select(User).where(User.username == "truongphong"))
        # The open case with the most months unpaid (at least 6, for C2), given to kiemtra2 with a demand.
        candidates = db.session.scalars(
            db.select(Case).where(Case.state.in_([CaseState.DETECTED, CaseState.DEMAND_SENT])).order_by(Case.id)
        ).all()
        case = max(candidates, key=lambda c: view_of(c).figures.months_in_arrears)
        assert view_of(case).figures.months_in_arrears >= 6
        if case.assignee_id != inspector.id:
            assign([case.id], inspector.id, chief)
        if case.state == CaseState.DETECTED:
            day = today - timedelta(days=8)
            db.session.refresh(case)
            fire(case.id, "send_demand", inspector, version=case.version, today=day,
                 data={"issue_date": day, "pay_by": day + timedelta(days=15), "signer_id": signer.id})
        steps = [
            ("decide_inspection", 6, {"team": ["Phạm Thị Bình – Trưởng đoàn"], "period_from": "2025-01",
                                      "period_to": str(Period.of(today).add(-1)),
                                      "planned_date": today - timedelta(days=4), "signer_id": signer.id},
             "decision_date"),
            ("open_inspection", 4, {"place": "Trụ sở đơn vị", "present": ["Phạm Thị Bình – Trưởng đoàn"]}, "date"),
        ]
        for trigger, back, data, date_field in steps:
            day = today - timedelta(days=back)
            db.session.refresh(case)
            fire(case.id, trigger, inspector, version=case.version, data={**data, date_field: day}, today=day)
        return case.id, case.employer_id


def test_a_repeat_offence_walks_from_the_conclusion_to_the_drafted_referral_without_a_second_penalty(
    page: Any, live: Live, tmp_path: Path
) -> None:
    case_id, employer_id = _inspecting_case(live)
    today = clock.today()
    decided = today - timedelta(days=300)
    pdf = tmp_path / "qd-07.pdf"
    pdf.write_bytes(_blank_pdf())

    # Legal staff: the earlier evasion decision, from before the system, into the sanction history.
    login(page, live, "phapche")
    page.goto(live(f"/cases/{case_id}"))
    page.locator("#sanction-history-link").click()
    page.wait_for_url(live(f"/employers/{employer_id}/sanctions"))
    entry = page.locator("#enter")
    entry.locator("[name='number']").fill("07/QĐ-XPHC")
    entry.locator("[name='decision_date']").fill(decided.isoformat())
    entry.locator("[name='signer']").fill("Nguyễn Văn Minh – Giám đốc")
    entry.locator("select[name='behaviours']").select_option(["evasion"])
    conduct = Period.of(decided).add(-3)
    entry.locator("[name='conduct_months']").fill(f"{conduct.month:02d}/{conduct.year}")
    entry.locator("[name='fine_total']").fill("60.000.000")
    entry.locator("[name='received_on']").fill((decided + timedelta(days=2)).isoformat())
    entry.locator("input[name='document']").set_input_files(str(pdf))
    entry.get_by_role("button", name="Ghi vào lịch sử xử phạt").click()
    page.wait_for_selector(".flash-success:has-text('07/QĐ-XPHC')")
    assert "Còn hiệu lực" in page.locator("#history").inner_text()

    # The inspector concludes evasion for every unpaid month, confirming the workers evaded.
    _as(page, live, "kiemtra2")
    page.goto(live(f"/cases/{case_id}"))
    _open_action(page, "Kết luận kiểm tra")
    for select in page.locator("select[name^='behaviour_']").all():
        period = select.get_attribute("name").removeprefix("behaviour_")
        select.select_option("evasion")
        page.fill(f"[name='reason_{period}']", "Đã đôn đốc nhưng không đóng; đơn vị khấu trừ lương người lao động")
        assert page.input_value(f"[name='employees_{period}']")  # the ledger headcount, as a suggestion
        page.fill(f"[name='employees_{period}']", "12")
    _submit_step(page, {"findings": "Đơn vị trốn đóng BHXH, BHYT, BHTN khi còn đang bị xử phạt về hành vi này."})
    assert _state(live, case_id) == CaseState.INSPECTION_CONCLUDED

    # Legal: the referral is offered straight away; after the violation record, a new penalty is blocked.
    _as(page, live, "phapche")
    page.goto(live(f"/cases/{case_id}"))
    assert page.locator("#actions").get_by_role("link", name="Dự thảo hồ sơ kiến nghị khởi tố", exact=True).count() == 1
    assert "07/QĐ-XPHC" in page.locator("#repeat-offence").inner_text()
    panel = page.locator("#art216").inner_text()
    assert "07/QĐ-XPHC" in panel and "12 người" in panel
    _open_action(page, "Lập biên bản vi phạm hành chính")
    _submit_step(page, {"place": "Trụ sở đơn vị", "violation": "Trốn đóng bảo hiểm xã hội bắt buộc",
                        "clause": "Điểm b khoản 2 Điều 44 Nghị định 283/2026/NĐ-CP",
                        "recorder": "Hoàng Minh Châu – Chuyên viên"})
    assert _state(live, case_id) == CaseState.VIOLATION_RECORDED
    blocked = page.locator("#actions .blocked").all_inner_texts()
    assert any("Tái phạm" in text and "Điều 4 khoản 2 điểm l" in text for text in blocked)

    _open_action(page, "Dự thảo hồ sơ kiến nghị khởi tố")
    _submit_step(page, {"prior_offences": "0"})
    assert _state(live, case_id) == CaseState.REFERRAL_DRAFTED
    with live.app.app_context():
        case = db.session.get(Case, case_id)
        assert case.penalty_decided_on is None
        numbers = db.session.scalars(
            db.select(SanctionDecision.number).where(SanctionDecision.employer_id == employer_id)
        ).all()
        assert numbers == ["07/QĐ-XPHC"]  # no second penalty
