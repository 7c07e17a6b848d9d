"""Token authentication of /api/v1: hashed storage, 401 for every bad credential, 403 for a role, CLI."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from enforcement.errors import Forbidden, InvalidCredentials
from enforcement.extensions import db
from enforcement.models import ApiToken, Role, User
from enforcement.services import tokens
from tests.api.conftest import ApiClient, reload
from tests.factories import UserFactory


def _assert_unauthorized(response, *, invalid_token: bool) -> None:
    assert response.status_code == 401
    body = response.get_json()
    assert body["error"] == "Unauthorized"
    assert "mã truy cập" in body["message"]
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer")
    assert ('error="invalid_token"' in challenge) is invalid_token


def test_a_request_without_a_token_is_refused_with_a_bearer_challenge(api):
    _assert_unauthorized(api.anonymous().get("/cases"), invalid_token=False)


@pytest.mark.parametrize("header", ["Bearer ecm_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "ecm_abc"])
def test_a_malformed_or_unknown_token_is_refused(api, client, world, header):
    api.token_for(world.inspector)  # a real token exists, but is not the one sent
    response = client.get("/api/v1/cases", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.get_json()["error"] == "Unauthorized"


def test_an_unknown_bearer_token_is_marked_invalid(api, world):
    _assert_unauthorized(ApiClient(api.client, "ecm_" + "x" * 43).get("/cases"), invalid_token=True)


def test_a_valid_token_acts_as_its_user_and_records_its_use(api, world):
    raw = api.token_for(world.inspector)
    response = ApiClient(api.client, raw).get("/cases")
    assert response.status_code == 200
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == world.inspector.id))
    assert reload(token).last_used_at is not None


def test_a_revoked_token_is_refused(api, app, world):
    raw = api.token_for(world.inspector)
    client = ApiClient(api.client, raw)
    assert client.get("/cases").status_code == 200
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == tokens.hash_token(raw)))
    with app.app_context():
        tokens.revoke(token.id, world.inspector)
    _assert_unauthorized(client.get("/cases"), invalid_token=True)


def test_a_token_of_a_deactivated_user_is_refused(api, world):
    client = api.as_(world.inspector)
    assert client.get("/cases").status_code == 200
    user = db.session.get(User, world.inspector.id)
    user.active = False
    db.session.commit()
    _assert_unauthorized(client.get("/cases"), invalid_token=True)


def test_only_the_sha256_of_a_token_is_stored(ctx, world):
    raw, token = tokens.create_token(world.inspector, "tích hợp")
    assert raw.startswith("ecm_")
    assert len(raw) == 4 + 43
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:8]
    rows = db.session.execute(sa.select(ApiToken.__table__)).all()
    assert rows
    assert all(raw not in str(tuple(row)) for row in rows)


def test_two_tokens_are_never_equal(ctx, world):
    first, _a = tokens.create_token(world.inspector)
    second, _b = tokens.create_token(world.inspector)
    assert first != second


def test_service_refuses_unknown_revoked_and_empty_tokens(ctx, world):
    raw, token = tokens.create_token(world.legal)
    assert tokens.authenticate(raw).id == world.legal.id
    tokens.revoke(token.id)
    for bad in (raw, "", None, "ecm_" + "y" * 500):
        with pytest.raises(InvalidCredentials):
            tokens.authenticate(bad)


def test_only_the_owner_or_an_admin_may_revoke_a_token(ctx, world):
    _raw, token = tokens.create_token(world.inspector)
    with pytest.raises(Forbidden):
        tokens.revoke(token.id, world.supervisor)
    assert tokens.revoke(token.id, world.admin).revoked_at is not None


def test_the_cookie_session_does_not_open_the_api(client, auth, world):
    auth.login(world.inspector.username)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/cases").status_code == 401


def test_posts_need_no_csrf_token_because_the_api_never_uses_the_cookie(api, world):
    response = api.as_(world.legal).post("/calculators/fine", json={})
    assert response.status_code == 422  # validated, not refused by CSRF (400)
    assert "errors" in response.get_json()


def test_a_role_without_the_permission_gets_403_json(api, world):
    response = api.as_(world.admin).get("/cases")
    assert response.status_code == 403
    body = response.get_json()
    assert body["error"] == "Forbidden"
    assert "quyền" in body["message"]


def test_cli_creates_a_token_printed_once_that_opens_the_api(runner, api, world):
    result = runner.invoke(args=["create-token", world.supervisor.username, "--name", "báo cáo"])
    assert result.exit_code == 0, result.output
    raw = next(line for line in result.output.splitlines() if line.startswith("ecm_"))
    assert ApiClient(api.client, raw).get("/cases").status_code == 200
    stored = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == world.supervisor.id))
    assert stored.name == "báo cáo"
    assert stored.token_hash != raw
    listed = runner.invoke(args=["list-tokens", world.supervisor.username])
    assert stored.prefix in listed.output
    assert raw not in listed.output


def test_cli_revokes_a_token(runner, api, world):
    raw = api.token_for(world.inspector)
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == tokens.hash_token(raw)))
    result = runner.invoke(args=["revoke-token", str(token.id)])
    assert result.exit_code == 0, result.output
    assert ApiClient(api.client, raw).get("/cases").status_code == 401


def test_cli_refuses_unknown_users_and_tokens(runner, db_session):
    assert runner.invoke(args=["create-token", "nobody-here"]).exit_code == 1
    assert runner.invoke(args=["revoke-token", "999999"]).exit_code == 1


def test_cli_refuses_a_token_for_a_deactivated_user(runner, db_session):
    user = UserFactory(role=Role.INSPECTOR, active=False)
    result = runner.invoke(args=["create-token", user.username])
    assert result.exit_code == 1
    assert db.session.scalar(sa.select(sa.func.count()).where(ApiToken.user_id == user.id)) == 0
