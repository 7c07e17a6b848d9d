"""Response headers, pages that obey the Content-Security-Policy, error pages without internals.

Every UI page reachable by GET (read from ``app.url_map``) is rendered for a
user allowed to see it and scanned for what the CSP forbids: inline
``<script>`` code, ``on…=`` event handlers, ``style=`` attributes and
``<style>`` blocks, ``javascript:`` links.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from enforcement import create_app
from enforcement.models import Role
from enforcement.permissions import ROLE_PERMISSIONS
from enforcement.security import CSP
from tests.security.helpers import Browser, bearer, tokens_for
from tests.security.routes import LOGIN_ONLY, PUBLIC, ROWS, rule_of, url_of

UI_PAGES = [e for e, m in ROWS if m == "GET" and not e.startswith("api.")]
EXPECTED = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _assert_security_headers(response, *, cacheable: bool = False) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (name, response.headers.get(name))
    assert ("no-store" in response.headers.get("Cache-Control", "")) is not cacheable


def test_the_policy_allows_no_inline_code_and_no_framing():
    directives = dict(part.strip().split(" ", 1) for part in CSP.split(";"))
    assert directives["script-src"] == directives["style-src"] == directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


def test_headers_on_pages_json_pdfs_and_static_files(app, estate):
    tokens_for(app, estate)
    anonymous = app.test_client()
    _assert_security_headers(anonymous.get("/login"))
    _assert_security_headers(anonymous.get("/no-such-page"))
    browser = Browser(app, estate.users[Role.LEGAL])
    _assert_security_headers(browser.client.get(f"/cases/{estate.case.id}"))
    pdf = browser.client.get(f"/cases/{estate.case.id}/documents/{estate.document.id}")
    assert pdf.mimetype == "application/pdf"
    _assert_security_headers(pdf)
    api = app.test_client()
    _assert_security_headers(api.get("/api/v1/cases", headers=bearer(estate.tokens[Role.LEGAL])))
    _assert_security_headers(api.get(f"/api/v1/documents/{estate.document.id}.pdf",
                                     headers=bearer(estate.tokens[Role.LEGAL])))
    _assert_security_headers(api.get("/api/v1/cases"))  # a 401 too
    static = anonymous.get("/static/app.css")
    _assert_security_headers(static, cacheable=True)
    static.close()


def test_no_hsts_over_plain_http_in_development(app, db_session):
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers


class _InlineCode(HTMLParser):
    """Collects what a strict CSP would block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.offenders: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.offenders.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.offenders.append(f"<{tag} style=\"{(value or '')[:40]}\"> style attribute")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.offenders.append(f"<{tag} {name}=javascript:…>")
        if tag == "script" and not names.get("src"):
            self._in = "script"
        if tag == "style":
            self.offenders.append("<style> block")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script" and data.strip():
            self.offenders.append(f"inline <script>: {data.strip()[:60]}")


def _viewer(app, endpoint: str, estate) -> Role | None:
    if (endpoint, "GET") in PUBLIC:
        return None
    if (endpoint, "GET") in LOGIN_ONLY:
        return Role.SUPERVISOR
    permission = app.view_functions[endpoint].required_permission
    return next(r for r in (Role.SUPERVISOR, Role.INSPECTOR, Role.LEGAL, Role.ADMIN)
                if permission in ROLE_PERMISSIONS[r])


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.offenders


def test_the_scanner_finds_what_the_policy_blocks():
    html = ('<p style="color:red" onclick="x()">a</p><script>alert(1)</script><script src="/s.js"></script>'
            '<style>p{}</style><a href="javascript:void(0)">x</a>')
    assert len(inline_code(html)) == 5


def test_every_ui_page_obeys_the_content_security_policy(app, estate, calendar_day):
    """Offenders are reported to the UI's owner; the test names page and element."""
    offenders = []
    home_pages = {role: Browser(app, estate.users[role]) for role in Role}
    pages = [(endpoint, role) for endpoint in UI_PAGES for role in ([None] if (endpoint, "GET") in PUBLIC else
             list(Role) if (endpoint, "GET") in LOGIN_ONLY else [_viewer(app, endpoint, estate)])]
    for endpoint, role in pages:
        url, _scoped = url_of(app, rule_of(app, endpoint), estate, calendar_day)
        client = home_pages[role].client if role else app.test_client()
        response = client.get(url, follow_redirects=True)
        if response.mimetype != "text/html":
            continue
        offenders += [f"{url} ({role}): {o}" for o in inline_code(response.get_data(as_text=True))]
        _assert_security_headers(response)
    for path in ("/no-such-page",):
        offenders += [f"{path}: {o}" for o in inline_code(app.test_client().get(path).get_data(as_text=True))]
    assert not offenders, "\n".join(offenders)


# --------------------------------------------------------------------------- error pages


@pytest.fixture
def production(monkeypatch, tmp_path):
    """An application with the production configuration and a route that fails (added before any request)."""
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret-for-tests")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    application = create_app("production")

    def explode():
        raise RuntimeError("psycopg.OperationalError: password=hunter2 at /srv/ecm/enforcement/services/cases.py")

    application.add_url_rule("/__explode", "explode", explode)
    return application


def test_in_production_an_error_is_the_500_page_without_a_traceback(production):
    response = production.test_client().get("/__explode")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Đã có lỗi hệ thống" in html and "<html" in html
    for leak in ("Traceback", "RuntimeError", "hunter2", "/srv/ecm", "cases.py", "Werkzeug Debugger"):
        assert leak not in html
    _assert_security_headers(response)


def test_custom_error_pages_for_403_404_and_405(app, estate):
    inspector = Browser(app, estate.users[Role.INSPECTOR]).client
    forbidden = inspector.get("/admin/users")
    missing = inspector.get("/cases/999999999")
    wrong_method = inspector.get("/cases/assign")
    assert (forbidden.status_code, missing.status_code, wrong_method.status_code) == (403, 404, 405)
    assert "Bạn không có quyền" in forbidden.get_data(as_text=True)
    assert "Không tìm thấy" in missing.get_data(as_text=True)
    for response in (forbidden, missing, wrong_method):
        html = response.get_data(as_text=True)
        assert 'class="topbar"' in html and "Werkzeug" not in html and "Traceback" not in html
