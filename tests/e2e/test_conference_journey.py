"""Browser journey (issue 18): a supervisor plans a working conference with a lead, issues the invitations,
records the outcome, and sees the broken commitment open an enforcement case entering at the inspection."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from enforcement import clock
from enforcement.extensions import db
from enforcement.models import Case, Lead, Office
from enforcement.services.leads import refresh_leads
from enforcement.services.tax_import import import_tax
from enforcement.workflow import CaseState
from tests.e2e.conftest import Live, login

pytestmark = pytest.mark.browser

CODE = "0110001006"


def _seed_lead(live: Live) -> None:
    """Tax data of a business with workers but no BHXH unit, for the last three months; its lead recorded."""
    today = clock.today()
    months = [(today.replace(day=1) - timedelta(days=30 * k)).strftime("%Y-%m") for k in (3, 2, 1)]
    lines = "".join(f"{CODE},Công ty TNHH Cơ khí Tân Uyên,2015-03-02,hoat_dong,{m},25,312000000\n" for m in months)
    data = ("ma_so_thue,ten_nguoi_nop_thue,ngay_cap_mst,trang_thai,ky,so_lao_dong,tong_thu_nhap\n" + lines).encode()
    with live.app.test_request_context():
        office = db.session.scalar(sa.select(Office).where(Office.code != "DN"))
        assert import_tax(data, "thue.csv", office).status == "accepted"
        refresh_leads(office)


def test_a_broken_commitment_at_a_conference_opens_a_case(page: Any, live: Live) -> None:
    _seed_lead(live)
    today = clock.today()
    held = today - timedelta(days=5)
    login(page, live, "truongphong")

    page.goto(live("/leads/"))
    page.wait_for_selector(f"text={CODE}")
    page.get_by_role("link", name="Hội nghị làm việc với đơn vị").click()

    page.fill("#title", "Hội nghị đối thoại với doanh nghiệp chưa đăng ký BHXH")
    page.fill("#held_on", held.isoformat())
    page.fill("#held_at", "08:30")
    page.fill("#place", "Hội trường Bảo hiểm xã hội")
    page.fill("#chair_name", "Nguyễn Văn Thành")
    page.fill("#chair_title", "Giám đốc")
    page.fill("#secretary_name", "Vũ Thị Dung")
    page.get_by_role("button", name="Lập kế hoạch").click()
    page.wait_for_selector(".flash-info:has-text('Đã lập kế hoạch')")

    page.get_by_label("Công ty TNHH Cơ khí Tân Uyên").check()
    page.get_by_role("button", name="Mời các đơn vị đã chọn").click()
    page.wait_for_selector(".flash-info:has-text('Đã thêm 1 đơn vị')")

    # The tax data has no address: the letters are blocked, saying what to enter and where.
    page.select_option("#signer_id", label="Nguyễn Văn Thành – Giám đốc")
    page.fill("#inv-issue-date", (held - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Phát hành giấy mời").click()
    page.wait_for_selector(".flash-error:has-text('Chưa có địa chỉ')")
    page.get_by_label("Địa chỉ của Công ty TNHH Cơ khí Tân Uyên").fill("Số 12 Đường ĐT743, Thị xã Tân Uyên")
    page.get_by_role("button", name="Lưu địa chỉ").click()
    page.wait_for_selector(".flash-info:has-text('Đã lưu địa chỉ')")
    page.select_option("#signer_id", label="Nguyễn Văn Thành – Giám đốc")
    page.fill("#inv-issue-date", (held - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Phát hành giấy mời").click()
    page.wait_for_selector(".flash-info:has-text('Đã phát hành 1 giấy mời')")
    assert page.locator("#address-form a:has-text('/GM-')").count() == 1
    assert page.locator("text=Giấy mời – bản in gộp").count() == 1

    # At the conference: the employer commits to register by yesterday; the commitment is broken today.
    page.get_by_label("Kết quả của Công ty TNHH Cơ khí Tân Uyên").select_option("committed")
    page.get_by_label("Hạn cam kết của Công ty TNHH Cơ khí Tân Uyên").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Người dự của Công ty TNHH Cơ khí Tân Uyên").fill("Ông Phạm Văn Tâm, Giám đốc")
    page.get_by_role("button", name="Lưu kết quả").click()
    page.wait_for_selector(".flash-info:has-text('Đã ghi kết quả')")
    page.fill("#min-issue-date", held.isoformat())
    page.get_by_role("button", name="Phát hành biên bản hội nghị").click()
    page.wait_for_selector(".flash-info:has-text('Đã phát hành biên bản hội nghị số')")

    page.locator("a.result-case").click()
    page.wait_for_selector("text=Mở hồ sơ từ đầu mối trốn đóng")
    with live.app.app_context():
        lead = db.session.scalar(sa.select(Lead).where(Lead.tax_code == CODE))
        case = db.session.get(Case, lead.case_id)
        assert case.state == CaseState.DETECTED
    assert page.locator("text=Quyết định kiểm tra").count() >= 1
