"""Admin pages: users, office settings, signers, number symbols, legal parameters, calendar days."""

from __future__ import annotations

import re
from datetime import date

from enforcement.extensions import db
from enforcement.models import CalendarDay, LegalParam, Office, Role, Signer, User
from tests.conftest import csrf_from
from tests.factories import UserFactory


def _html(response) -> str:
    return response.get_data(as_text=True)


def _token(client, path: str) -> str:
    return csrf_from(_html(client.get(path)))


def test_admin_creates_a_user_and_sees_errors_next_to_fields(client, auth, world):
    auth.login(world.admin.username)
    token = _token(client, "/admin/users")
    bad = client.post("/admin/users", data={"csrf_token": token, "username": "Bad Name", "full_name": "Nguyễn Văn Mới",
                                            "role": "inspector", "password": "short"})
    html = _html(bad)
    assert bad.status_code == 422 and "Tên đăng nhập chỉ gồm" in html and "ít nhất 10 ký tự" in html
    assert 'value="Nguyễn Văn Mới"' in html
    good = client.post("/admin/users", data={"csrf_token": token, "username": "kiemtra9", "full_name": "Nguyễn Văn Mới",
                                             "role": "inspector", "password": "Mat-khau-2026"})
    assert good.status_code == 302
    user = db.session.scalar(db.select(User).where(User.username == "kiemtra9"))
    assert user.office_id == world.office.id and user.role == Role.INSPECTOR


def test_admin_deactivates_resets_and_changes_role(client, auth, world):
    auth.login(world.admin.username)
    token = _token(client, "/admin/users")
    target = world.inspector2
    assert client.post(f"/admin/users/{target.id}/active", data={"csrf_token": token, "active": "0"}).status_code == 302
    db.session.refresh(target)
    assert not target.active
    client.post(f"/admin/users/{target.id}/password", data={"csrf_token": token, "password": "Moi-mat-khau-1"})
    client.post(f"/admin/users/{target.id}/role", data={"csrf_token": token, "role": "legal"})
    db.session.refresh(target)
    assert target.role == Role.LEGAL
    weak = client.post(f"/admin/users/{target.id}/password", data={"csrf_token": token, "password": "abc"})
    assert "Mật khẩu mới chưa đạt yêu cầu" in _html(client.get(weak.headers["Location"]))


def test_admin_cannot_lock_out_themselves(client, auth, world):
    auth.login(world.admin.username)
    token = _token(client, "/admin/users")
    client.post(f"/admin/users/{world.admin.id}/role", data={"csrf_token": token, "role": "inspector"})
    client.post(f"/admin/users/{world.admin.id}/active", data={"csrf_token": token, "active": "0"})
    db.session.refresh(world.admin)
    assert world.admin.role == Role.ADMIN and world.admin.active


def test_users_of_another_office_are_404(client, auth, world):
    stranger = UserFactory()
    auth.login(world.admin.username)
    token = _token(client, "/admin/users")
    response = client.post(f"/admin/users/{stranger.id}/active", data={"csrf_token": token, "active": "0"})
    assert response.status_code == 404


def test_office_settings_names_signers_and_symbols(client, auth, world):
    auth.login(world.admin.username)
    token = _token(client, "/admin/office")
    client.post("/admin/office", data={"csrf_token": token, "name": "Bảo hiểm xã hội tỉnh Mới", "parent_name":
                                       "BẢO HIỂM XÃ HỘI VIỆT NAM", "place_name": "Hà Nội", "address": "", "phone": ""})
    client.post("/admin/office/names", data={"csrf_token": token, "name": "Bảo hiểm xã hội khu vực I",
                                             "valid_from": "2025-03-01"})
    client.post("/admin/signers", data={"csrf_token": token, "full_name": "Trần Văn Ký", "title": "Phó Giám đốc",
                                        "is_deputy": "y", "fine_cap_person": "50.000.000",
                                        "fine_cap_organisation": "100.000.000", "competence_basis": "Điều 41 NĐ 12"})
    client.post("/admin/office/symbols", data={"csrf_token": token, "symbol_penalty_decision": "QĐ-XPVPHC"})
    office = db.session.get(Office, world.office.id)
    db.session.refresh(office)
    assert office.name == "Bảo hiểm xã hội tỉnh Mới"
    assert office.settings["names"] == [{"name": "Bảo hiểm xã hội khu vực I", "from": "2025-03-01"}]
    assert office.settings["symbols"] == {"penalty_decision": "QĐ-XPVPHC"}
    signer = db.session.scalar(db.select(Signer).where(Signer.full_name == "Trần Văn Ký"))
    assert signer.fine_cap_organisation == 100_000_000 and signer.is_deputy
    bad = client.post("/admin/office/symbols", data={"csrf_token": token, "symbol_demand_notice": "<script>"})
    assert bad.status_code == 422 and "Ký hiệu chỉ gồm" in _html(bad)


def test_signer_edit_and_deactivate(client, auth, world):
    auth.login(world.admin.username)
    page = _html(client.get(f"/admin/signers/{world.signer.id}"))
    response = client.post(f"/admin/signers/{world.signer.id}", data={
        "csrf_token": csrf_from(page), "full_name": "Nguyễn Văn Giám", "title": "Giám đốc",
        "fine_cap_person": "75000000", "fine_cap_organisation": "150000000", "competence_basis": "Điều 41"})
    assert response.status_code == 302
    db.session.refresh(world.signer)
    assert not world.signer.active and world.signer.title == "Giám đốc"


def test_a_fine_cap_above_ten_to_the_fifteen_is_a_field_error_in_vietnamese(client, auth, world):
    auth.login(world.admin.username)
    token = _token(client, "/admin/office")
    base = {"csrf_token": token, "full_name": "Trần Văn Trần", "title": "Phó Giám đốc", "competence_basis": "Điều 41"}
    for person, organisation in (("1.000.000.000.000.001", "0"), ("0", "9" * 5000), ("00001000000000000001", "")):
        response = client.post("/admin/signers", data=base | {"fine_cap_person": person,
                                                              "fine_cap_organisation": organisation})
        assert response.status_code == 422, (person[:30], organisation[:30])
        assert "không được vượt quá 1.000.000.000.000.000 đồng" in _html(response)
        assert db.session.scalar(db.select(Signer).where(Signer.full_name == "Trần Văn Trần")) is None
    edit = client.post(f"/admin/signers/{world.signer.id}", data=base | {"fine_cap_person": "2" + "0" * 15,
                                                                         "active": "y"})
    assert edit.status_code == 422 and "không được vượt quá" in _html(edit)
    db.session.refresh(world.signer)
    assert world.signer.full_name != "Trần Văn Trần"
    ok = client.post("/admin/signers", data=base | {"fine_cap_person": "1.000.000.000.000.000",
                                                    "fine_cap_organisation": "000150.000.000"})
    assert ok.status_code == 302
    signer = db.session.scalar(db.select(Signer).where(Signer.full_name == "Trần Văn Trần"))
    assert (signer.fine_cap_person, signer.fine_cap_organisation) == (10**15, 150_000_000)


def test_legal_parameters_in_force_and_a_new_dated_row(client, auth, world):
    auth.login(world.admin.username)
    html = _html(client.get("/admin/legal-params?on=2026-01-01"))
    assert "arrears_threshold_months" in html
    token = csrf_from(html)
    bad = client.post("/admin/legal-params", data={"csrf_token": token, "key": "arrears_threshold_months",
                                                   "value": "ba", "valid_from": "2027-01-01", "source": "",
                                                   "confidence": "V"})
    assert bad.status_code == 422
    good = client.post("/admin/legal-params", data={"csrf_token": token, "key": "arrears_threshold_months",
                                                    "value": "4", "valid_from": "2027-01-01",
                                                    "source": "Quyết định thử nghiệm", "confidence": "V"})
    assert good.status_code == 302
    assert db.session.scalar(db.select(LegalParam.value).where(LegalParam.key == "arrears_threshold_months")) == 4


def test_calendar_days(client, auth, world):
    auth.login(world.admin.username)
    token = _token(client, "/admin/calendar")
    weekend = client.post("/admin/calendar", data={"csrf_token": token, "day": "2027-01-04", "kind": "working_day"})
    assert weekend.status_code == 422 and "thứ Bảy hoặc Chủ nhật" in _html(weekend)
    client.post("/admin/calendar",
                data={"csrf_token": token, "day": "2027-01-04", "kind": "day_off", "note": "Nghỉ bù"})
    day = db.session.scalar(db.select(CalendarDay).where(CalendarDay.day == date(2027, 1, 4)))
    assert day is not None
    assert "Nghỉ bù" in _html(client.get("/admin/calendar?year=2027"))
    client.post(f"/admin/calendar/{day.id}/delete", data={"csrf_token": token})
    assert db.session.scalar(db.select(CalendarDay).where(CalendarDay.day == date(2027, 1, 4))) is None


def test_the_digital_signature_is_checked_and_its_password_never_shown(client, auth, world, tmp_path, monkeypatch):
    from tests.pdf.helpers import make_pkcs12

    password = "bi-mat-cua-co-quan-2026"
    path, _der = make_pkcs12(tmp_path, password)
    monkeypatch.setenv("ECM_WEB_P12_PASSWORD", password)
    auth.login(world.admin.username)
    page = _html(client.get("/admin/office"))
    assert "Đang tắt: văn bản ban hành không có chữ ký số" in page
    token = csrf_from(page)
    typed = client.post("/admin/office/signing", data={"csrf_token": token, "pkcs12_path": str(path),
                                                       "password_env": password + " !"})
    assert typed.status_code == 422 and password not in _html(typed)  # a password in the NAME field is not echoed
    saved = client.post("/admin/office/signing", data={"csrf_token": token, "pkcs12_path": str(path),
                                                       "password_env": "ECM_WEB_P12_PASSWORD", "location": "Hà Nội"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/admin/office#signing")
    page = _html(client.get("/admin/office"))
    assert "Đã lưu cấu hình ký số" in page and str(path) in page and "ECM_WEB_P12_PASSWORD" in page
    assert "(giá trị không hiển thị)" in page and password not in page
    assert "không ký được" not in page and f"Thay đổi lần cuối: {world.admin.full_name}" in page
    monkeypatch.delenv("ECM_WEB_P12_PASSWORD")
    page = _html(client.get("/admin/office"))
    assert "chưa đặt" in page and "không ký được" in page
    missing = client.post("/admin/office/signing", data={"csrf_token": token, "pkcs12_path": "/khong/co/tep.p12",
                                                         "password_env": "ECM_WEB_P12_PASSWORD"})
    assert missing.status_code == 422 and "Không tìm thấy tệp này" in _html(missing)
    off = client.post("/admin/office/signing", data={"csrf_token": token, "pkcs12_path": "", "password_env": ""})
    assert off.status_code == 302 and "Đã tắt ký số" in _html(client.get("/admin/office"))
    db.session.refresh(world.office)
    assert "signing" not in world.office.settings


def test_the_fine_account_is_set_on_the_office_page(client, auth, world):
    auth.login(world.admin.username)
    token = _token(client, "/admin/office")
    bad = client.post("/admin/office/fine-account", data={"csrf_token": token, "fine_account": "Kho bạc"})
    assert bad.status_code == 422 and "Phải có số tài khoản" in _html(bad)
    account = "tài khoản số 3511.0.1055164 của Bảo hiểm xã hội tỉnh tại Kho bạc Nhà nước tỉnh"
    ok = client.post("/admin/office/fine-account", data={"csrf_token": token, "fine_account": account})
    assert ok.status_code == 302
    assert account in _html(client.get("/admin/office"))
    db.session.refresh(world.office)
    assert world.office.settings["fine_account"] == account


def test_the_inspection_basis_is_set_on_the_office_page(client, auth, world):
    auth.login(world.admin.username)
    token = _token(client, "/admin/office")
    assert "Căn cứ thẩm quyền kiểm tra" in _html(client.get("/admin/office"))
    bad = client.post("/admin/office/inspection-basis", data={"csrf_token": token,
                                                              "inspection_basis": "Quyết định của Tổng Giám đốc"})
    assert bad.status_code == 422 and "Ghi đủ loại văn bản, số, ngày ban hành" in _html(bad)
    basis = "Quyết định số 595/QĐ-BHXH ngày 14/4/2017 của Tổng Giám đốc Bảo hiểm xã hội Việt Nam"
    ok = client.post("/admin/office/inspection-basis", data={"csrf_token": token, "inspection_basis": basis})
    assert ok.status_code == 302 and ok.headers["Location"].endswith("#inspection-basis")
    assert basis in _html(client.get("/admin/office"))
    db.session.refresh(world.office)
    assert world.office.settings["inspection_basis"] == basis


# --------------------------------------------------------------------------- national data


def test_legal_parameter_rows_are_never_edited_or_deleted_through_the_ui_or_the_api(app, client, auth, world):
    rules = [r for r in app.url_map.iter_rules() if "legal" in r.rule or "param" in " ".join(r.arguments)]
    assert [(r.rule, r.endpoint) for r in rules] == [("/admin/legal-params", "admin.legal_params")]
    assert rules[0].methods <= {"GET", "HEAD", "OPTIONS", "POST"}
    auth.login(world.admin.username)
    token = _token(client, "/admin/legal-params")
    row = {"csrf_token": token, "key": "arrears_threshold_months", "valid_from": "2027-01-01",
           "source": "Quyết định thử nghiệm", "confidence": "V"}
    assert client.post("/admin/legal-params", data=row | {"value": "4"}).status_code == 302
    first = db.session.scalar(db.select(LegalParam).where(LegalParam.key == "arrears_threshold_months"))
    before = (first.id, first.value, first.valid_from, first.valid_to, first.source, first.confidence)
    page = _html(client.get("/admin/legal-params?on=2027-06-01"))
    html = page[page.index('<main class="content">'):page.index("</main>")]  # the page, not the top bar's forms
    actions = re.findall(r'<form[^>]*method="post"[^>]*action="([^"]*)"', html)
    assert actions and set(actions) == {"/admin/legal-params"}  # the only post: add a dated row
    assert "Xóa" not in html and "Sửa" not in html and "dữ liệu quốc gia" in html
    again = client.post("/admin/legal-params", data=row | {"value": "5"})  # same key and date: a new row
    assert again.status_code == 302
    rows = db.session.scalars(db.select(LegalParam).where(LegalParam.key == "arrears_threshold_months")
                              .order_by(LegalParam.id)).all()
    assert len(rows) == 2 and rows[1].value == 5
    db.session.refresh(rows[0])
    assert (rows[0].id, rows[0].value, rows[0].valid_from, rows[0].valid_to, rows[0].source,
            rows[0].confidence) == before


def test_calendar_days_show_who_declared_them_and_deleting_one_is_logged(client, auth, world, caplog):
    import logging

    auth.login(world.admin.username)
    token = _token(client, "/admin/calendar")
    client.post("/admin/calendar", data={"csrf_token": token, "day": "2027-01-04", "kind": "day_off",
                                         "note": "Nghỉ bù Tết Dương lịch"})
    day = db.session.scalar(db.select(CalendarDay).where(CalendarDay.day == date(2027, 1, 4)))
    other_admin = UserFactory(role=Role.ADMIN)  # another office: the calendar is national
    with client.session_transaction() as session:
        session.clear()
    auth.login(other_admin.username)
    html = _html(client.get("/admin/calendar?year=2027"))
    assert "Nghỉ bù Tết Dương lịch" in html and "dùng chung cho mọi cơ quan" in html
    assert f"{world.admin.full_name} ({world.office.code})" in html
    with caplog.at_level(logging.INFO, logger="enforcement.admin"):
        response = client.post(f"/admin/calendar/{day.id}/delete", data={"csrf_token": csrf_from(html)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/calendar?year=2027")
    assert "Đã xóa ngày 04/01/2027" in _html(client.get("/admin/calendar?year=2027"))
    assert db.session.scalar(db.select(CalendarDay).where(CalendarDay.day == date(2027, 1, 4))) is None
    [record] = [r for r in caplog.records if r.name == "enforcement.admin"]
    message = record.getMessage()
    assert "2027-01-04" in message and "Nghỉ bù Tết Dương lịch" in message
    assert f"declared by user {world.admin.id}" in message and f"deleted by user {other_admin.id}" in message
