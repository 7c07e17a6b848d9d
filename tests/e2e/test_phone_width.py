"""Phone width (issue 17): at 390 px the arrears and deadline tables scroll inside their box; no page is
wider than the screen.  In Chromium, on the demo office (Playwright, ``-m browser``)."""

from __future__ import annotations

from typing import Any

import pytest

from enforcement.extensions import db
from enforcement.models import Case
from tests.e2e.conftest import OUTPUT, PASSWORD, Live

pytestmark = pytest.mark.browser

WIDTH = 390

# For each table: its right edge, the width of its content and of its box, and whether it may scroll.
_TABLES = """(selector) => Array.from(document.querySelectorAll(selector)).map(t => ({
    right: t.getBoundingClientRect().right,
    content: t.scrollWidth,
    box: t.clientWidth,
    scrolls: ["auto", "scroll"].includes(getComputedStyle(t).overflowX)
        || ["auto", "scroll"].includes(getComputedStyle(t.parentElement).overflowX),
}))"""


@pytest.fixture
def phone(browser: Any, request: pytest.FixtureRequest) -> Any:
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, locale="vi-VN", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        OUTPUT.mkdir(exist_ok=True)
        tab.screenshot(path=str(OUTPUT / f"{request.node.name}.png"), full_page=True)
    context.close()


def _page_width(page: Any) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_case_tables_scroll_inside_their_box_at_390_px(phone: Any, live: Live) -> None:
    page = phone
    page.goto(live("/login"))
    page.fill("#username", "phapche")
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(live("/"))
    assert _page_width(page) <= WIDTH, "home page wider than the screen"
    page.goto(live("/cases/"))
    assert _page_width(page) <= WIDTH, "case list wider than the screen"

    with live.app.app_context():
        case_ids = list(db.session.scalars(db.select(Case.id).order_by(Case.id)))
    seen = {"#arrears": 0, "#deadlines": 0}
    scrolled_inside = 0
    for case_id in case_ids:
        page.goto(live(f"/cases/{case_id}"))
        assert _page_width(page) <= WIDTH, f"case {case_id}: the page is wider than the screen"
        for box in seen:
            for table in page.evaluate(_TABLES, f"{box} table"):
                seen[box] += 1
                assert table["right"] <= WIDTH + 1, (case_id, box, table)
                if table["content"] > table["box"] + 1:
                    assert table["scrolls"], (case_id, box, table)
                    scrolled_inside += 1
    assert seen["#arrears"] and seen["#deadlines"], seen  # both tables were really looked at
    assert scrolled_inside, "no table was wider than its box: the check proved nothing"
