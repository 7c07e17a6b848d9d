"""Roles and offices (issue 2): permissions by role, 404 for anything of another office."""

from __future__ import annotations

import pytest
from flask_login import login_user
from werkzeug.exceptions import NotFound

from enforcement.models import Case, Role
from enforcement.permissions import ROLE_PERMISSIONS, Permission, get_in_office, has_permission
from tests.factories import CaseFactory, UserFactory


def test_a_user_of_office_a_gets_404_for_a_case_of_office_b(app, db_session):
    mine, theirs = CaseFactory(), CaseFactory()
    user = UserFactory(office=mine.office)
    with app.test_request_context():
        login_user(user)
        assert get_in_office(Case, mine.id) is mine
        with pytest.raises(NotFound):
            get_in_office(Case, theirs.id)
        with pytest.raises(NotFound):
            get_in_office(Case, 999_999)


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        (Role.INSPECTOR, Permission.LEDGER_IMPORT, True),
        (Role.INSPECTOR, Permission.CASE_ASSIGN, False),
        (Role.INSPECTOR, Permission.AUDIT_READ, False),
        (Role.LEGAL, Permission.DOSSIER_PRINT, True),
        (Role.LEGAL, Permission.LEDGER_IMPORT, False),
        (Role.SUPERVISOR, Permission.CASE_ASSIGN, True),
        (Role.SUPERVISOR, Permission.AUDIT_READ, True),
        (Role.SUPERVISOR, Permission.ADMIN_USERS, False),
        (Role.ADMIN, Permission.ADMIN_USERS, True),
        (Role.ADMIN, Permission.CASE_READ, False),
    ],
)
def test_role_permission_table(db_session, role, permission, allowed):
    assert has_permission(UserFactory(role=role), permission) is allowed


def test_an_inactive_user_has_no_permission(db_session):
    user = UserFactory(role=Role.SUPERVISOR, active=False)
    assert not any(has_permission(user, p) for p in ROLE_PERMISSIONS[Role.SUPERVISOR])


def test_correcting_documents_is_a_permission_of_the_role_table():
    """Role rules live in the table, not in services: legal staff and supervisors correct documents."""
    holders = {role for role, granted in ROLE_PERMISSIONS.items() if Permission.DOCUMENT_CORRECT in granted}
    assert holders == {Role.LEGAL, Role.SUPERVISOR}
