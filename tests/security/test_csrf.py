"""CSRF: every state-changing UI form needs the session's token; the API needs a bearer token instead.

The UI POST routes are read from ``app.url_map``, so a new form is covered
the day it is added.  Each is posted by a user allowed to use it, with the
generic body of the access matrix but without a token, then with a token of
another session: both are 400 and change nothing.  The API is exempt from
CSRF because it never reads the cookie session: a logged-in browser posting
to it without a bearer token gets 401.
"""

from __future__ import annotations

import pytest

from enforcement.models import Role
from enforcement.permissions import ROLE_PERMISSIONS
from tests.security.helpers import Browser, fingerprint
from tests.security.routes import LOGIN_ONLY, PUBLIC, ROWS, post_body, rule_of, url_of

UI_POSTS = [(endpoint, method) for endpoint, method in ROWS if method == "POST" and not endpoint.startswith("api.")]
API_POSTS = [(endpoint, method) for endpoint, method in ROWS if method == "POST" and endpoint.startswith("api.")]


def _user_for(app, endpoint, estate):
    """A user of office A allowed to use the route (None for the public ones)."""
    if (endpoint, "POST") == ("auth.login", "POST") or (endpoint, "POST") in PUBLIC:
        return None
    if (endpoint, "POST") in LOGIN_ONLY:
        return estate.users[Role.INSPECTOR]
    permission = app.view_functions[endpoint].required_permission
    return next(estate.users[r] for r in Role if permission in ROLE_PERMISSIONS[r])


def _url(app, endpoint, estate, day):
    return url_of(app, rule_of(app, endpoint), estate, day)[0]


def test_there_are_ui_forms_to_protect():
    assert len(UI_POSTS) >= 10 and ("auth.login", "POST") in UI_POSTS


@pytest.mark.parametrize(("endpoint", "method"), UI_POSTS, ids=[e for e, _m in UI_POSTS])
def test_a_ui_post_without_the_csrf_token_is_refused_and_changes_nothing(app, estate, calendar_day, endpoint, method):
    user = _user_for(app, endpoint, estate)
    url = _url(app, endpoint, estate, calendar_day)
    browser = Browser(app, user)
    body = post_body(estate, estate, None)
    if endpoint == "auth.login":
        body |= {"username": estate.users[Role.INSPECTOR].username, "password": "Kiem-tra-2026"}
    before = fingerprint()
    missing = browser.client.post(url, data=body)
    forged = browser.client.post(url, data={**body, "csrf_token": Browser(app).csrf()})  # another session's
    assert (missing.status_code, forged.status_code) == (400, 400), (url, missing.status_code, forged.status_code)
    assert fingerprint() == before
    if user is not None:  # still logged in: the refusal did not end the session either
        assert browser.client.get("/").status_code == 200


@pytest.mark.parametrize(("endpoint", "method"), API_POSTS, ids=[e for e, _m in API_POSTS])
def test_the_api_never_acts_on_the_cookie_session(app, estate, calendar_day, endpoint, method):
    user = _user_for(app, endpoint, estate)
    browser = Browser(app, user)
    url = _url(app, endpoint, estate, calendar_day)
    before = fingerprint()
    response = browser.client.post(url, json=post_body(estate, estate, None))
    assert response.status_code == 401, (url, response.status_code)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert fingerprint() == before
