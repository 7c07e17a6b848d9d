"""Issue 17: no developer vocabulary on the screens people read.

A demo-like evasion case walks the workflow through the real services; in each state the main screens
are read as each role would see them (test client): the home page, the case list, the case page, each
action's form, the Article 216 calculator for the case, the employer's sanctions, the audit log and its
CSV export.  Their visible text (tags, scripts and attribute values left out) must hold no rule id
("LR-…"), no "LEGAL.md" or "Phần B §…", no "Phiên bản 13", no trigger or state name, no Python value
(``True``/``False``/``None``), no ``organisation``, no ISO month or date — in Vietnamese and in English.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from enforcement.models import Role
from enforcement.workflow import CaseState, Trigger
from tests.web.conftest import switch_user

TRIGGERS = "|".join(t.value for t in Trigger if "_" in t.value)  # "settle", "dismiss" are English words
STATES = "|".join(s.value for s in CaseState if "_" in s.value)
PATTERNS = {
    "rule id": re.compile(r"\bLR-[A-Z]"),
    "LEGAL.md": re.compile(r"LEGAL\.md|Phần B|Part B|§"),
    "version counter": re.compile(r"\b(?:Phiên bản|Version) \d+"),
    "trigger name": re.compile(rf"\b(?:{TRIGGERS})\b"),
    "state name": re.compile(rf"\b(?:{STATES})\b"),
    "Python value": re.compile(r"\b(?:True|False|None)\b"),
    "English value": re.compile(r"\b(?:late_payment|account_deduction|legal_entity)\b"),
    "ISO date": re.compile(r"(?<![\w/.-])\d{4}-\d{2}-\d{2}(?![\w-])"),
    "ISO month": re.compile(r"(?<![\w/.-])\d{4}-\d{2}(?![\w.-])"),
    "Python dict": re.compile(r"\{'|\['"),
}


VIETNAMESE_ONLY = {"English word": re.compile(r"\borganisation\b")}
SKIPPED = ("script", "style", "textarea")


class _Text(HTMLParser):
    """The text a reader sees: text nodes, without scripts, styles and what a form sends back.

    The Article 216 criteria table (``calculators/_criteria.html``) is left out: its sentences are
    rewritten by the Article 216 work of issue 17 (another branch) and checked there.
    """

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        classes = (dict(attrs).get("class") or "").split()
        skipped = tag in SKIPPED or (tag == "table" and "criteria" in classes)
        if tag not in ("br", "input", "img", "meta", "link", "hr", "col", "source", "wbr"):
            self._stack.append(skipped or (bool(self._stack) and self._stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("br", "input", "img", "meta", "link", "hr", "col", "source", "wbr") and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self._stack and self._stack[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def problems(text: str, lang: str = "vi") -> list[str]:
    patterns = {**PATTERNS, **(VIETNAMESE_ONLY if lang == "vi" else {})}
    return [f"{what}: …{text[max(0, m.start() - 50): m.end() + 30]}…"
            for what, pattern in patterns.items() for m in pattern.finditer(text)]


def _pages(world) -> list[str]:
    case = world.case
    return ["/", "/cases/", f"/cases/{case.id}", f"/calculators/article216?case_id={case.id}",
            f"/employers/{world.employer.id}/sanctions", "/audit/", "/notifications/"]


def crawl(client, auth, world, found: dict[str, list[str]], state: str) -> None:
    from enforcement.services.cases import transitions_for

    for role in (Role.INSPECTOR, Role.LEGAL, Role.SUPERVISOR):
        user = {Role.INSPECTOR: world.inspector, Role.LEGAL: world.legal, Role.SUPERVISOR: world.supervisor}[role]
        switch_user(client, auth, user)
        urls = _pages(world)
        with client.application.test_request_context():
            urls += [f"/cases/{world.case.id}/act/{o.step.trigger.value}"
                     for o in transitions_for(world.case, user, world.today) if o.allowed]
        for url in urls:
            response = client.get(url)
            if response.status_code in (403, 404) or response.mimetype != "text/html":
                continue
            assert response.status_code == 200, (url, response.status_code)
            for lang in ("vi", "en"):
                if lang == "en":
                    with client.session_transaction() as session:
                        session["lang"] = "en"
                    response = client.get(url)
                    with client.session_transaction() as session:
                        session["lang"] = "vi"
                text = visible_text(response.get_data(as_text=True))
                if hits := problems(text, lang):
                    found.setdefault(f"{state} {role} {lang} {url}", []).extend(hits)
        if role == Role.SUPERVISOR:
            export = client.get("/audit/export.csv")
            if export.status_code == 200 and (hits := problems(export.get_data(as_text=True))):
                found.setdefault(f"{state} audit CSV", []).extend(hits)


@pytest.fixture
def world(app, db_session):
    from tests.builders import evading_world

    with app.test_request_context():
        return evading_world()


def test_the_main_screens_speak_to_people_in_every_state(app, client, auth, world):
    from tests.builders import record_violation
    from tests.services.test_dossier import _complete

    found: dict[str, list[str]] = {}
    t = world.today
    crawl(client, auth, world, found, "demand_sent")
    for step, state in ((decide, "inspection_decided"), (open_inspection, "inspecting")):
        with app.test_request_context():
            step(world)
        crawl(client, auth, world, found, state)
    with app.test_request_context():
        to_concluded_rest(world)
    crawl(client, auth, world, found, "inspection_concluded")
    with app.test_request_context():
        record_violation(world, t - timedelta(days=29))
    crawl(client, auth, world, found, "violation_recorded")
    with app.test_request_context():
        to_penalized_rest(world)
    crawl(client, auth, world, found, "penalized")
    with app.test_request_context():
        world.fire("draft_referral", world.legal, {"prior_offences": 0}, t)
        _complete(world)
    crawl(client, auth, world, found, "referral_drafted")
    with app.test_request_context():
        world.fire("approve_referral", world.supervisor,
                   {"approval_date": t, "agency": "Cơ quan Cảnh sát điều tra Công an thành phố Hà Nội",
                    "signer_id": world.signer.id}, t)
    crawl(client, auth, world, found, "referral_approved")
    from tests.factories import UserFactory

    switch_user(client, auth, UserFactory(office=world.office, role=Role.ADMIN))
    for url in ("/", "/admin/legal-params", "/admin/office", "/admin/users", "/admin/calendar", "/imports/",
                "/leads/", "/calculators/article216"):
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            for hit in problems(visible_text(response.get_data(as_text=True))):
                found.setdefault(f"admin {url}", []).append(hit)
    unique: dict[str, str] = {}
    for where, hits in found.items():
        for hit in hits:
            unique.setdefault(hit, where)
    assert not unique, "\n".join(f"{hit}   [{where}]" for hit, where in sorted(unique.items()))


def decide(world) -> None:
    """``tests.builders.to_concluded``'s first step."""
    from enforcement.domain.periods import Period

    t = world.today
    world.fire("decide_inspection", world.inspector, {
        "decision_date": t - timedelta(days=40), "team": ["Lê Văn An – Trưởng đoàn", "Phạm Thị Bình"],
        "period_from": str(Period.of(t).add(-24)), "period_to": str(Period.of(t).add(-1)),
        "planned_date": t - timedelta(days=36), "signer_id": world.signer.id}, t - timedelta(days=40))


def open_inspection(world) -> None:
    t = world.today
    world.fire("open_inspection", world.inspector, {
        "date": t - timedelta(days=36), "place": "Trụ sở đơn vị", "present": ["Nguyễn Văn Hùng – Giám đốc"]},
        t - timedelta(days=36))


def to_concluded_rest(world) -> None:
    """``tests.builders.to_concluded``'s last step: each month as LR-EVASION suggests."""
    from enforcement.services.cases import months_to_classify, view_of
    from tests.builders import EMPLOYEES

    on = world.today - timedelta(days=30)
    behaviours = {}
    for m in months_to_classify(view_of(world.case, on)):
        choice = m.suggestion if m.suggestion in ("evasion", "late_payment") else "late_payment"
        behaviours[m.period] = {"behaviour": choice, "reason": "" if choice == m.suggestion else "Hồ sơ kiểm tra"}
    world.fire("conclude_inspection", world.inspector, {
        "conclusion_date": on, "behaviours": behaviours, "employees_affected": EMPLOYEES, "withheld_not_paid": 0,
        "findings": "Đơn vị không đóng dù đã được đôn đốc.", "signer_id": world.signer.id}, on)


def to_penalized_rest(world) -> None:
    """``tests.builders.to_penalized`` after the violation record: the explanation, then the decision."""
    from tests.builders import explain, issue_penalty

    explain(world, world.today - timedelta(days=28))
    issue_penalty(world, world.today - timedelta(days=27))


def test_legal_sources_are_shown_without_the_specifications_references():
    from enforcement.filters import public_source

    assert public_source("Luật XLVPHC Điều 66 khoản 1: ra quyết định trong 7 ngày làm việc (LEGAL.md R14)") == (
        "Luật XLVPHC Điều 66 khoản 1: ra quyết định trong 7 ngày làm việc")
    assert public_source("Hướng dẫn (CV 3511/BHXH-TST 2022-11-18); LEGAL.md LR-ARREARS, Phần B §9.1") == (
        "Hướng dẫn (CV 3511/BHXH-TST 18/11/2022)")
    assert public_source("Thực tiễn (LEGAL.md LR-ART216 C3, Phần B §2 (a), §10.4)") == "Thực tiễn"
    assert public_source(None) == ""


def test_the_crawl_catches_what_it_looks_for():
    for sample in ("Gợi ý (LR-EVASION)", "(LEGAL.md Phần B §10.7)", "Phiên bản 13", "issue_penalty", "False",
                   "organisation", "từ tháng 2026-05", "{'counted': ['2026-05']}", "inspection_concluded"):
        assert problems(sample), sample
    assert problems("Kỳ 05/2026, ngày 25/11/2026, 1.234.567 đ, hồ sơ T01-000005") == []
    assert visible_text('<p title="LR-X">Xin <b>chào</b></p><script>var a="LR-Y"</script>') == "Xin chào"
    assert problems("the offending organisation", "en") == [] and problems("organisation", "vi")
