"""Issue 12, item 8: a password reset, a deactivation and a reactivation end the user's sessions and tokens.

The attack: a password reset left the user's API tokens working (a stolen token
outlived the reset meant to shut the thief out); deactivating then reactivating a
user brought back their old sessions and tokens.

Fixed: each of the three raises the user's ``session_epoch`` (every session
carries the value it was opened under) and revokes every live token, in the
same transaction; a reactivated user logs in afresh and gets new tokens.
"""

from __future__ import annotations

import sqlalchemy as sa

from enforcement.extensions import db
from enforcement.models import ApiToken, Role, User
from enforcement.services import admin, tokens
from tests.factories import OfficeFactory, UserFactory
from tests.security.helpers import Browser, bearer

NEW_PASSWORD = "Mat-khau-moi-2027"


def _setting(app):
    office = OfficeFactory()
    boss = UserFactory(office=office, role=Role.ADMIN)
    user = UserFactory(office=office, role=Role.INSPECTOR)
    with app.app_context():
        raw, _row = tokens.create_token(user, "máy báo cáo")
    return boss, user, raw, Browser(app, user)


def _api(app, raw: str) -> int:
    return app.test_client().get("/api/v1/cases", headers=bearer(raw)).status_code


def test_a_password_reset_revokes_the_tokens_and_ends_the_sessions(app, db_session):
    boss, user, raw, browser = _setting(app)
    assert _api(app, raw) == 200 and browser.client.get("/").status_code == 200
    admin_browser = Browser(app, boss)
    reset = admin_browser.client.post(f"/admin/users/{user.id}/password",
                                      data={"csrf_token": admin_browser.csrf(), "password": NEW_PASSWORD})
    assert reset.status_code == 302
    assert _api(app, raw) == 401
    assert browser.client.get("/").status_code == 302
    assert db.session.scalar(sa.select(ApiToken.revoked_at).where(ApiToken.user_id == user.id)) is not None
    assert Browser(app).login(user, NEW_PASSWORD).status_code == 302


def test_deactivation_ends_everything_and_reactivation_revives_nothing(app, db_session):
    boss, user, raw, browser = _setting(app)
    copy = browser.client.get_cookie("session").value
    admin_browser = Browser(app, boss)

    def set_active(active: bool) -> None:
        form = {"csrf_token": admin_browser.csrf(), "active": "1" if active else "0"}
        response = admin_browser.client.post(f"/admin/users/{user.id}/active", data=form)
        assert response.status_code == 302

    set_active(False)
    assert _api(app, raw) == 401 and browser.client.get("/").status_code == 302
    set_active(True)
    assert _api(app, raw) == 401  # the old token stays dead
    thief = app.test_client()
    thief.set_cookie("session", copy)
    assert thief.get("/").status_code == 302  # and so does the old session
    again = Browser(app, user)
    assert again.client.get("/").status_code == 200
    with app.app_context():
        fresh, _row = tokens.create_token(db.session.get(User, user.id), "mới")
    assert _api(app, fresh) == 200


def test_reactivating_a_user_deactivated_before_this_fix_revokes_their_old_tokens(app, db_session):
    """Rows deactivated by hand (or before the fix) still had live tokens: reactivation revokes them."""
    boss, user, raw, _browser = _setting(app)
    db.session.get(User, user.id).active = False
    db.session.commit()
    admin.set_active(user.id, True, boss)
    assert _api(app, raw) == 401
