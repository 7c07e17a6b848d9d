"""Every UI route declares its permission; roles get 200/302 or 403; another office gets 404."""

from __future__ import annotations

import pytest

from enforcement.models import Role
from tests.factories import UserFactory
from tests.web.conftest import switch_user

# (path template, roles allowed)
PAGES = [
    ("/cases/", {Role.INSPECTOR, Role.LEGAL, Role.SUPERVISOR}),
    ("/cases/export.csv", {Role.INSPECTOR, Role.LEGAL, Role.SUPERVISOR}),
    ("/cases/export.xlsx", {Role.INSPECTOR, Role.LEGAL, Role.SUPERVISOR}),
    ("/cases/{case}", {Role.INSPECTOR, Role.LEGAL, Role.SUPERVISOR}),
    ("/imports/", {Role.INSPECTOR, Role.SUPERVISOR}),
    ("/calculators/article216", {Role.INSPECTOR, Role.LEGAL, Role.SUPERVISOR}),
    ("/audit/", {Role.SUPERVISOR}),
    ("/audit/verify", {Role.SUPERVISOR}),
    ("/admin/users", {Role.ADMIN}),
    ("/admin/office", {Role.ADMIN}),
    ("/admin/legal-params", {Role.ADMIN}),
    ("/admin/calendar", {Role.ADMIN}),
]


def test_every_ui_route_declares_a_permission(app):
    exempt = {"home.index", "static", "auth.login", "auth.logout", "auth.set_language",
              # each user's own notifications: login only, another user's is 404 (tests/web/test_notifications.py)
              "notifications.index", "notifications.open_one", "notifications.read_all", "notifications.email"}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in exempt or rule.endpoint.startswith("api"):
            continue
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "required_permission", None) is not None, rule.endpoint


@pytest.mark.parametrize("role", list(Role))
def test_role_matrix(client, auth, world, role):
    user = {Role.INSPECTOR: world.inspector, Role.LEGAL: world.legal, Role.SUPERVISOR: world.supervisor,
            Role.ADMIN: world.admin}[role]
    switch_user(client, auth, user)
    for template, allowed in PAGES:
        path = template.format(case=world.case.id)
        status = client.get(path).status_code
        assert status == (200 if role in allowed else 403), (path, role, status)


def test_another_office_is_refused_with_404(client, auth, world):
    switch_user(client, auth, UserFactory(role=Role.SUPERVISOR))
    case = world.case.id
    for path in (f"/cases/{case}", f"/cases/{case}/act/send_demand", f"/cases/{case}/dossier",
                 f"/calculators/article216?case_id={world.case.id}", f"/admin/signers/{world.signer.id}"):
        assert client.get(path).status_code in (404, 403), path
    assert client.get(f"/cases/{world.case.id}").status_code == 404


def test_anonymous_users_are_sent_to_login(client, world):
    for template, _allowed in PAGES:
        response = client.get(template.format(case=world.case.id))
        assert response.status_code == 302 and "/login" in response.headers["Location"]
