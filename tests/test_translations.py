"""The English catalogue: complete, faithful to its placeholders, in sync with the code, and used.

The message ids are the Vietnamese texts (``_()``, ``_l()``, ``gettext`` … in the code
and templates); English comes from ``enforcement/translations/en/LC_MESSAGES/messages.po``.
A new UI string without a translation fails ``test_every_string_in_the_code_is_in_the_catalogue``
with its text and location: run ``make messages``, translate it in the ``.po``, then
``make translations``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from enforcement.models import Role
from tests.conftest import csrf_from
from tests.factories import CaseFactory, EmployerFactory, OfficeFactory, UserFactory

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "enforcement" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
BABEL_CFG = ROOT / "babel.cfg"

# printf-style conversions (named or not; "%%" is a literal percent sign) and str.format fields
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_FORMAT = re.compile(r"\{[^{}]*\}")

# Frequent Vietnamese UI words that must not be left in an English page's header and navigation.
VIETNAMESE_UI_WORDS = ("Hồ sơ", "Đăng xuất", "Trạng thái")


def _catalogue():
    with PO.open("rb") as f:
        return read_po(f)


def _messages() -> list:
    return [m for m in _catalogue() if m.id]


def _forms(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _placeholders(text: str) -> list[str]:
    return sorted([p for p in _PRINTF.findall(text) if p != "%%"] + _FORMAT.findall(text))


def _where(message) -> str:
    return ", ".join(f"{path}:{line}" for path, line in message.locations) or "(no location)"


# (a) complete ----------------------------------------------------------------------------------


def test_catalogue_is_not_empty_and_its_header_is_not_fuzzy():
    catalogue = _catalogue()
    assert str(catalogue.locale) == "en"
    assert not catalogue.fuzzy, "the .po header is marked fuzzy"
    assert len(_messages()) > 100


def test_every_message_has_a_translation_and_none_is_fuzzy():
    problems = []
    for message in _messages():
        if "fuzzy" in message.flags:
            problems.append(f"fuzzy: {_forms(message.id)[0]!r} ({_where(message)})")
        if not all(form.strip() for form in _forms(message.string)) or not _forms(message.string):
            problems.append(f"untranslated: {_forms(message.id)[0]!r} ({_where(message)})")
    assert not problems, "\n".join(problems)


def test_plural_messages_have_every_plural_form():
    catalogue = _catalogue()
    for message in _messages():
        if message.pluralizable:
            assert len(_forms(message.string)) == catalogue.num_plurals, _where(message)


# (b) placeholders -------------------------------------------------------------------------------


def test_placeholders_are_the_same_in_the_message_id_and_its_translation():
    problems = []
    for message in _messages():
        ids = _forms(message.id)
        for i, translation in enumerate(_forms(message.string)):
            source = ids[min(i, len(ids) - 1)]  # a plural's forms after the first follow its plural id
            if translation and _placeholders(source) != _placeholders(translation):
                problems.append(
                    f"{_where(message)}: {source!r} has {_placeholders(source)}, "
                    f"its translation {translation!r} has {_placeholders(translation)}"
                )
    assert not problems, "\n".join(problems)


def test_placeholder_check_sees_named_printf_and_format_fields():
    assert _placeholders("Còn %(n)d ngày, {0} và 100%%") == ["%(n)d", "{0}"]
    assert _placeholders("%(n)s") != _placeholders("%(n)d")


# (c) in sync with the code ------------------------------------------------------------------


def _extracted() -> list[tuple[str, int, str | tuple[str, ...], str | None]]:
    """What ``make messages`` extracts: Babel with the project's babel.cfg, run in-process."""
    with BABEL_CFG.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(BABEL_CFG))
    keywords = {**DEFAULT_KEYWORDS, "_l": None}  # the Makefile's `-k _l`; babel.cfg adds the other lazy ones
    return [
        (filename, lineno, message, context)
        for filename, lineno, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords
        )
    ]


def test_extraction_finds_the_python_and_template_strings_and_never_the_documents():
    found = _extracted()
    files = {filename.replace("\\", "/") for filename, *_ in found}
    assert any(f.startswith("enforcement/") and f.endswith(".py") for f in files)
    assert any(f.startswith("templates/") and f.endswith(".html") for f in files)
    assert not [f for f in files if f.startswith("templates/documents/")], "official documents are Vietnamese only"
    ids = {_forms(message)[0] for _f, _l, message, _c in found}
    assert "Hồ sơ" in ids  # _l() in enforcement/web/nav.py
    assert "Đăng xuất" in ids  # _() in templates/base.html


def test_every_string_in_the_code_is_in_the_catalogue():
    catalogue = _catalogue()
    missing = []
    for filename, lineno, message, context in _extracted():
        msgid = _forms(message)[0]
        entry = catalogue.get(msgid, context)
        if entry is None:
            missing.append(f"{filename}:{lineno}: not in the catalogue: {msgid!r}")
        elif not all(form.strip() for form in _forms(entry.string)) or "fuzzy" in entry.flags:
            missing.append(f"{filename}:{lineno}: untranslated or fuzzy: {msgid!r}")
    assert not missing, (
        "UI strings without an English translation (run `make messages`, translate them in "
        f"{PO.relative_to(ROOT)}, then `make translations`):\n" + "\n".join(sorted(set(missing)))
    )


# (d) an English session shows English ----------------------------------------------------------


@pytest.fixture
def compiled(app) -> None:
    """The compiled catalogue the app reads, rebuilt as `make translations` would when it is older than the .po."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        with MO.open("wb") as f:
            write_mo(f, _catalogue())
        with app.app_context():  # forget the translations loaded from the stale file
            app.extensions["babel"].instance.domain_instance.cache.clear()


@pytest.fixture
def _fresh_dashboard_cache() -> Iterator[None]:
    """Ids are reused after each test's rollback: never read another test's cached dashboard figures."""
    from enforcement.services import dashboard

    dashboard._CACHE.clear()
    yield
    dashboard._CACHE.clear()


def _switch_to_english(client) -> None:
    token = csrf_from(client.get("/").get_data(as_text=True))
    response = client.post("/language/en", data={"csrf_token": token, "next": "/"})
    assert response.status_code == 302


def _header(html: str) -> str:
    match = re.search(r'<header class="topbar">.*?</header>', html, re.S)
    assert match, "the page has no header"
    return match.group(0)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.usefixtures("compiled", "_fresh_dashboard_cache")
def test_english_session_has_no_vietnamese_in_the_header_and_navigation(client, auth, role):
    office = OfficeFactory()
    user = UserFactory(office=office, role=role)
    inspector = user if role == Role.INSPECTOR else UserFactory(office=office, role=Role.INSPECTOR)
    CaseFactory(employer=EmployerFactory(office=office), assignee=inspector)
    assert auth.login(user.username).status_code == 302
    _switch_to_english(client)

    pages = ["/"] + (["/cases/"] if role != Role.ADMIN else [])
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        html = response.get_data(as_text=True)
        assert '<html lang="en">' in html, path
        header = _header(html)
        leftovers = [word for word in VIETNAMESE_UI_WORDS if word in header]
        assert not leftovers, f"{role} {path}: Vietnamese left in the header: {leftovers}"
        assert "Log out" in header and "Home" in header, f"{role} {path}"
        if path == "/cases/":
            assert ">Cases</a>" in header and "Status" in html


@pytest.mark.usefixtures("compiled")
def test_vietnamese_stays_the_default(client, auth):
    user = UserFactory(role=Role.INSPECTOR)
    auth.login(user.username)
    header = _header(client.get("/").get_data(as_text=True))
    assert "Đăng xuất" in header and "Hồ sơ" in header


@pytest.mark.usefixtures("compiled")
def test_official_documents_stay_vietnamese_in_an_english_session(app, db_session):
    from flask import session

    from enforcement.pdf.render import render_html

    with app.test_request_context():
        session["lang"] = "en"
        html = render_html(
            "dossier_timeline",
            {
                "reference": "#1",
                "doc": {"created_iso": datetime(2026, 1, 5, tzinfo=UTC).isoformat()},
                "timeline": [
                    {"seq": 1, "when": "05/01/2026", "actor": "Hệ thống", "summary": "—",
                     "from": "detected", "to": "demand_sent", "hash": "0" * 64},
                ],
            },
        )
    assert "Mới phát hiện" in html and "Newly detected" not in html


@pytest.mark.usefixtures("compiled")
def test_english_counts_use_plural_forms(app):
    """"1 day left" and "2 days left" — never "1 days" (ngettext with the catalogue's Plural-Forms)."""
    from types import SimpleNamespace

    from flask import render_template_string, session
    from flask_babel import refresh

    today = date(2026, 12, 7)
    cell = '{% from "_macros.html" import deadline_cell %}{{ deadline_cell(case, today) }}'

    def shown(days: int) -> str:
        case = SimpleNamespace(next_deadline=today + timedelta(days=days))
        return " ".join(re.sub(r"<[^>]+>", " ", render_template_string(cell, case=case, today=today)).split())

    with app.test_request_context():
        session["lang"] = "en"
        assert shown(1).endswith("1 day left") and shown(2).endswith("2 days left")
        assert shown(-1).endswith("1 day overdue") and shown(-3).endswith("3 days overdue")
        session["lang"] = "vi"
        refresh()  # the locale is cached per request
        assert shown(2).endswith("còn 2 ngày") and shown(-1).endswith("quá 1 ngày")
