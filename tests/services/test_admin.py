"""Office administration services: users, office names and symbols, signers, calendar days."""

from __future__ import annotations

from datetime import date

import pytest

from enforcement.errors import NotFound, ValidationFailed
from enforcement.models import DayKind, Role
from enforcement.services import admin
from tests.factories import OfficeFactory, SignerFactory, UserFactory


def test_user_lifecycle(ctx):
    office = OfficeFactory()
    boss = UserFactory(office=office, role=Role.ADMIN)
    user = UserFactory(office=office, failed_logins=3)
    assert not admin.set_active(user.id, False, boss).active
    assert admin.set_active(user.id, True, boss).failed_logins == 0
    assert admin.change_role(user.id, "supervisor", boss).role == Role.SUPERVISOR
    old = user.password_hash
    assert admin.reset_password(user.id, "Mat-khau-moi-9", boss).password_hash != old
    with pytest.raises(ValidationFailed):
        admin.reset_password(user.id, "ngan", boss)
    with pytest.raises(ValidationFailed):
        admin.change_role(user.id, "root", boss)


def test_an_admin_cannot_lock_out_themselves_or_touch_another_office(ctx):
    boss = UserFactory(role=Role.ADMIN)
    with pytest.raises(ValidationFailed):
        admin.set_active(boss.id, False, boss)
    with pytest.raises(ValidationFailed):
        admin.change_role(boss.id, "inspector", boss)
    with pytest.raises(NotFound):
        admin.set_active(UserFactory().id, False, boss)


def test_office_details_dated_names_and_symbols(ctx):
    office = OfficeFactory()
    with pytest.raises(ValidationFailed):
        admin.update_office(office.id, name="", place_name="Hà Nội", address="", phone="", parent_name="X")
    admin.update_office(office.id, name=" BHXH mới ", place_name="Hà Nội", address="", phone="", parent_name="BHXH VN")
    assert office.name == "BHXH mới"
    admin.add_dated_name(office.id, "Tên từ 2025", date(2025, 7, 1))
    admin.add_dated_name(office.id, "Tên từ 2020", date(2020, 1, 1))
    admin.add_dated_name(office.id, "Tên từ 2025 (sửa)", date(2025, 7, 1))
    assert [n["from"] for n in office.settings["names"]] == ["2020-01-01", "2025-07-01"]
    assert office.settings["names"][1]["name"] == "Tên từ 2025 (sửa)"
    admin.remove_dated_name(office.id, "2020-01-01")
    assert len(office.settings["names"]) == 1
    admin.set_symbols(office.id, {"demand_notice": "BHXH-TT", "penalty_decision": ""})
    assert office.settings["symbols"] == {"demand_notice": "BHXH-TT"}
    symbols = {s["kind"]: s for s in admin.symbols_of(office)}
    assert symbols["demand_notice"]["symbol"] == "BHXH-TT" and "referral_draft" not in symbols
    with pytest.raises(ValidationFailed):
        admin.set_symbols(office.id, {"demand_notice": "A B;C"})


def test_signers_need_a_competence_basis_when_they_may_fine(ctx):
    office = OfficeFactory()
    with pytest.raises(ValidationFailed) as refused:
        admin.add_signer(office.id, full_name="A", title="B", is_deputy=False, cap_person=1, cap_organisation=2,
                         competence_basis="")
    assert "competence_basis" in refused.value.details["errors"]
    signer = admin.add_signer(office.id, full_name="Lê Ký", title="Giám đốc", is_deputy=False, cap_person=None,
                              cap_organisation=None, competence_basis="")
    updated = admin.update_signer(signer.id, office.id, full_name="Lê Ký", title="Phó Giám đốc", is_deputy=True,
                                  cap_person=10, cap_organisation=20, competence_basis="Điều 41", active=False)
    assert updated.is_deputy and not updated.active and updated.fine_cap_organisation == 20
    with pytest.raises(NotFound):
        admin.update_signer(SignerFactory().id, office.id, full_name="X", title="Y", is_deputy=False, cap_person=None,
                            cap_organisation=None, competence_basis="", active=True)


def test_fine_caps_are_at_most_ten_to_the_fifteen_dong(ctx):
    office = OfficeFactory()
    signer = admin.add_signer(office.id, full_name="Lê Ký", title="Giám đốc", is_deputy=False,
                              cap_person=admin.MAX_FINE_CAP, cap_organisation=admin.MAX_FINE_CAP,
                              competence_basis="Điều 41")
    assert signer.fine_cap_person == 10**15
    for person, organisation in ((10**15 + 1, 1), (1, 10**18), (10**30, 10**30)):
        with pytest.raises(ValidationFailed) as refused:
            admin.add_signer(office.id, full_name="A", title="B", is_deputy=False, cap_person=person,
                             cap_organisation=organisation, competence_basis="Điều 41")
        errors = refused.value.details["errors"]
        assert set(errors) == {k for k, v in (("fine_cap_person", person), ("fine_cap_organisation", organisation))
                               if v > 10**15}
        assert all("không được vượt quá" in m for ms in errors.values() for m in ms)
        with pytest.raises(ValidationFailed):
            admin.update_signer(signer.id, office.id, full_name="Lê Ký", title="Giám đốc", is_deputy=False,
                                cap_person=person, cap_organisation=organisation, competence_basis="Đ41", active=True)


def test_calendar_days_are_checked(ctx):
    actor = UserFactory(role=Role.ADMIN)
    day = admin.add_calendar_day(date(2027, 1, 4), "day_off", "Nghỉ bù", actor)  # a Monday
    assert day.kind == DayKind.DAY_OFF
    with pytest.raises(ValidationFailed):
        admin.add_calendar_day(date(2027, 1, 4), "day_off", "", actor)  # declared already
    with pytest.raises(ValidationFailed):
        admin.add_calendar_day(date(2027, 1, 5), "working_day", "", actor)  # a Tuesday is no swap
    saturday = admin.add_calendar_day(date(2027, 1, 9), "working_day", "Làm bù", actor)
    assert [d.day for d in admin.calendar_days(2027)] == [date(2027, 1, 4), date(2027, 1, 9)]
    removed = admin.remove_calendar_day(saturday.id, UserFactory(role=Role.ADMIN))  # any office's admin: national
    assert removed == {"day": date(2027, 1, 9), "kind": DayKind.WORKING_DAY, "note": "Làm bù",
                       "created_by_id": actor.id}
    [left] = admin.calendar_days(2027)
    assert left.created_by.full_name == actor.full_name and left.created_by.office.code == actor.office.code
    with pytest.raises(NotFound):
        admin.remove_calendar_day(saturday.id, actor)


def test_legal_parameter_rows_are_append_only(ctx):
    import sqlalchemy as sa

    from enforcement.extensions import db
    from enforcement.models import AppendOnlyError, LegalParam
    from enforcement.services.legal_params import add_param

    row = add_param(key="arrears_threshold_months", value_text="4", valid_from=date(2027, 1, 1), source="Thử")
    row.value = 5
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(LegalParam, row.id))
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    if db.session.get_bind().dialect.name == "postgresql":  # and the database refuses it too
        for statement in ("UPDATE legal_params SET source = 'x' WHERE id = :i",
                          "DELETE FROM legal_params WHERE id = :i"):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                db.session.execute(sa.text(statement), {"i": row.id})
            db.session.rollback()
    assert db.session.get(LegalParam, row.id).value == 4


# --------------------------------------------------------------------------- signing certificate, fine account

P12_PASSWORD = "mat-khau-chung-thu-123"


@pytest.fixture
def certificate(tmp_path, monkeypatch):
    from tests.pdf.helpers import make_pkcs12

    path, _der = make_pkcs12(tmp_path, P12_PASSWORD)
    monkeypatch.setenv("ECM_TEST_P12_PASSWORD", P12_PASSWORD)
    return path


def test_signing_stores_the_path_and_the_variables_name_never_the_password(ctx, certificate, caplog):
    import json
    import logging

    office, actor = OfficeFactory(), UserFactory(role=Role.ADMIN)
    with caplog.at_level(logging.INFO, logger="enforcement.admin"):
        admin.set_signing(office.id, pkcs12_path=str(certificate), password_env=" ECM_TEST_P12_PASSWORD ",
                          location="Hà Nội", reason="", actor=actor)
    assert office.settings["signing"] == {"pkcs12_path": str(certificate), "password_env": "ECM_TEST_P12_PASSWORD",
                                          "location": "Hà Nội"}
    assert P12_PASSWORD not in json.dumps(office.settings) and P12_PASSWORD not in caplog.text
    assert office.settings["changed"]["signing"]["by"] == actor.id
    assert admin.changes_of(office)["signing"]["name"] == actor.full_name
    assert [r.getMessage() for r in caplog.records] == [f"office {office.code}: settings['signing'] set by user "
                                                        f"{actor.id}"]
    check = admin.signing_status(office)
    assert check.ok and check.file_exists and check.variable_set and check.opens


@pytest.mark.parametrize(("path", "variable", "field"), [
    ("office.p12", "ECM_TEST_P12_PASSWORD", "pkcs12_path"),  # not absolute
    ("/etc/passwd", "ECM_TEST_P12_PASSWORD", "pkcs12_path"),  # not a certificate's name
    ("{cert}", "mat khau-chung thu!", "password_env"),  # a password typed where the NAME goes
    ("{cert}", "", "password_env"),
    ("", "ECM_TEST_P12_PASSWORD", "pkcs12_path"),
    ("/nonexistent/office.p12", "ECM_TEST_P12_PASSWORD", "pkcs12_path"),  # no such file
    ("{cert}", "ECM_TEST_UNSET_VARIABLE", "password_env"),  # the variable is not set
])
def test_signing_settings_that_cannot_sign_are_refused(ctx, certificate, path, variable, field):
    office = OfficeFactory()
    with pytest.raises(ValidationFailed) as refused:
        admin.set_signing(office.id, pkcs12_path=path.format(cert=certificate), password_env=variable, location="",
                          reason="", actor=UserFactory(role=Role.ADMIN))
    assert field in refused.value.details["errors"]
    assert "signing" not in (office.settings or {})


def test_a_wrong_password_is_refused_and_turning_signing_off_removes_it(ctx, certificate, monkeypatch):
    office, actor = OfficeFactory(), UserFactory(role=Role.ADMIN)
    monkeypatch.setenv("ECM_TEST_WRONG", "sai-mat-khau")
    with pytest.raises(ValidationFailed) as refused:
        admin.set_signing(office.id, pkcs12_path=str(certificate), password_env="ECM_TEST_WRONG", location="",
                          reason="", actor=actor)
    assert "Không mở được" in refused.value.details["errors"]["pkcs12_path"][0]
    admin.set_signing(office.id, pkcs12_path=str(certificate), password_env="ECM_TEST_P12_PASSWORD", location="",
                      reason="", actor=actor)
    monkeypatch.delenv("ECM_TEST_P12_PASSWORD")
    check = admin.signing_status(office)
    assert check.file_exists and not check.variable_set and not check.ok  # the page shows it
    admin.set_signing(office.id, pkcs12_path=" ", password_env="", location="x", reason="", actor=actor)
    assert "signing" not in office.settings and admin.signing_status(office) is None


def test_the_fine_account_is_one_line_with_an_account_number_and_reaches_the_decision(ctx):
    from enforcement.pdf.context import office_context

    office, actor = OfficeFactory(), UserFactory(role=Role.ADMIN)
    admin.set_fine_account(office.id, "tài khoản số 3511.0.1055164\n  của BHXH tỉnh tại Kho bạc Nhà nước", actor)
    assert office.settings["fine_account"] == "tài khoản số 3511.0.1055164 của BHXH tỉnh tại Kho bạc Nhà nước"
    assert office_context(office, date(2026, 11, 25))["fine_account"] == office.settings["fine_account"]
    assert office.settings["changed"]["fine_account"]["by"] == actor.id
    for bad in ("Kho bạc Nhà nước", "1" * 301):
        with pytest.raises(ValidationFailed) as refused:
            admin.set_fine_account(office.id, bad, actor)
        assert set(refused.value.details["errors"]) == {"fine_account"}
    admin.set_fine_account(office.id, "  ", actor)
    assert "fine_account" not in office.settings


def test_lr_competence_signer_title_and_delegation_number_with_date(ctx):
    from datetime import date

    office = OfficeFactory()
    signer = admin.add_signer(office.id, full_name="Trần Thị Hằng", title="Phó Giám đốc", is_deputy=True,
                              cap_person=None, cap_organisation=None, competence_basis="",
                              competence_title="bhxh_province_director", delegation_number="15/QĐ-BHXH",
                              delegation_date=date(2026, 9, 15))
    assert (signer.competence_title, signer.delegation_number, signer.delegation_date) == (
        "bhxh_province_director", "15/QĐ-BHXH", date(2026, 9, 15))
    for extra, field in (({"competence_title": "thu_truong"}, "competence_title"),
                         ({"delegation_number": "15/QĐ-BHXH"}, "delegation_date"),
                         ({"delegation_date": date(2026, 9, 15)}, "delegation_number")):
        with pytest.raises(ValidationFailed) as refused:
            admin.add_signer(office.id, full_name="A", title="B", is_deputy=True, cap_person=None,
                             cap_organisation=None, competence_basis="", **extra)
        assert field in refused.value.details["errors"]
