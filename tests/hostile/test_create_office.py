"""Issue 12 item 10: a real deployment creates its offices with ``flask create-office`` or the admin page.

Before, offices came only from ``seed-demo``.  Now both create an office with the
settings the README lists — name and contact details, the State Treasury account
printed on penalty decisions, number-register symbols, a signer with fine caps and
competence basis, a signing certificate (command line) — and its first
administrator, all in one transaction: a refused field creates nothing.  The page
is for admins only, needs its CSRF token, and never sends the password back.
"""

from __future__ import annotations

import sqlalchemy as sa

from enforcement.extensions import db
from enforcement.models import Office, Role, Signer, User
from tests.conftest import csrf_from
from tests.factories import OfficeFactory
from tests.security.helpers import Browser

NEW_ADMIN_PASSWORD = "Quan-tri-hai-phong-2027"


def _office(code: str) -> Office | None:
    return db.session.scalar(sa.select(Office).where(Office.code == code))


def _counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Office, Signer, User))


ARGS = ["create-office", "--code", "hp", "--name", "Bảo hiểm xã hội thành phố Hải Phòng", "--province", "Hải Phòng",
        "--place-name", "Hải Phòng", "--address", "Số 2 Lê Đại Hành, Hồng Bàng, Hải Phòng", "--phone", "0225 3745 xxx",
        "--fine-account", "tài khoản số 3949.0.1054355 tại Kho bạc Nhà nước Hải Phòng",
        "--symbol", "penalty_decision=QĐ-XPHC-HP", "--symbol", "demand_notice=CV-BHXH",
        "--signer-name", "Trần Văn Bình", "--signer-title", "Giám đốc", "--signer-cap-person", "75.000.000",
        "--signer-cap-organisation", "150.000.000", "--signer-competence", "Điều 57 Nghị định 283/2026/NĐ-CP",
        "--admin-username", "QT.HaiPhong", "--admin-full-name", "Phạm Thị Hoa", "--admin-password-env", "HP_ADMIN_PW"]


def test_the_command_creates_the_office_with_its_settings_signer_and_administrator(app, runner, monkeypatch):
    monkeypatch.setenv("HP_ADMIN_PW", NEW_ADMIN_PASSWORD)
    result = runner.invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    assert "Đã tạo cơ quan HP — Bảo hiểm xã hội thành phố Hải Phòng." in result.output
    office = _office("HP")
    assert (office.name, office.province, office.place_name, office.parent_name) == (
        "Bảo hiểm xã hội thành phố Hải Phòng", "Hải Phòng", "Hải Phòng", "BẢO HIỂM XÃ HỘI VIỆT NAM")
    assert office.settings["fine_account"] == "tài khoản số 3949.0.1054355 tại Kho bạc Nhà nước Hải Phòng"
    assert office.settings["symbols"] == {"penalty_decision": "QĐ-XPHC-HP", "demand_notice": "CV-BHXH"}
    assert office.settings["changed"]["fine_account"]["name"] == "flask create-office"
    assert not office.is_demo
    signer = db.session.scalar(sa.select(Signer).where(Signer.office_id == office.id))
    assert (signer.full_name, signer.title, signer.fine_cap_person, signer.fine_cap_organisation) == (
        "Trần Văn Bình", "Giám đốc", 75_000_000, 150_000_000)
    assert signer.competence_basis == "Điều 57 Nghị định 283/2026/NĐ-CP"
    admin = db.session.scalar(sa.select(User).where(User.username == "qt.haiphong"))
    assert admin.role == Role.ADMIN and admin.office_id == office.id
    assert NEW_ADMIN_PASSWORD not in admin.password_hash
    Browser(app).login(admin, NEW_ADMIN_PASSWORD)  # the new administrator can log in


def test_the_command_refuses_every_bad_field_at_once_and_creates_nothing(runner, monkeypatch):
    OfficeFactory(code="HP")
    monkeypatch.setenv("HP_ADMIN_PW", "ngan")
    before = _counts()
    args = [a if a != "Điều 57 Nghị định 283/2026/NĐ-CP" else "" for a in ARGS]
    args = [a if a != "demand_notice=CV-BHXH" else "demand_notice=CV BHXH!" for a in args]
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    for field in ("code: Đã có cơ quan mã HP", "demand_notice: Ký hiệu chỉ gồm",
                  "signer_competence_basis: Phải ghi căn cứ thẩm quyền", "admin_password: Mật khẩu phải có ít nhất"):
        assert field in result.output, result.output
    assert _counts() == before


def test_the_command_checks_the_signing_certificate_before_creating(runner, tmp_path):
    before = _counts()
    result = runner.invoke(args=["create-office", "--code", "QN", "--name", "BHXH tỉnh Quảng Ninh", "--province",
                                 "Quảng Ninh", "--place-name", "Quảng Ninh", "--pkcs12-path",
                                 str(tmp_path / "khong-co.p12"), "--pkcs12-password-env", "QN_P12_PASSWORD"])
    assert result.exit_code == 1
    assert "pkcs12_path: Không tìm thấy tệp này trên máy chủ" in result.output
    assert "password_env: Biến môi trường QN_P12_PASSWORD chưa được đặt" in result.output
    assert _counts() == before


def test_the_command_without_an_administrator_says_how_to_create_one(runner):
    result = runner.invoke(args=["create-office", "--code", "79", "--name", "BHXH Thành phố Hồ Chí Minh",
                                 "--province", "TP Hồ Chí Minh", "--place-name", "Thành phố Hồ Chí Minh"])
    assert result.exit_code == 0, result.output
    assert "flask create-user --office 79 --role admin" in result.output
    assert _office("79").settings == {}


# --------------------------------------------------------------------------- the admin page


def _form(browser: Browser, **changes: str) -> dict[str, str]:
    page = browser.client.get("/admin/offices")
    assert page.status_code == 200
    form = {"csrf_token": csrf_from(page.get_data(as_text=True)), "code": "DN",
            "name": "Bảo hiểm xã hội thành phố Đà Nẵng", "province": "Đà Nẵng",
            "parent_name": "BẢO HIỂM XÃ HỘI VIỆT NAM", "place_name": "Đà Nẵng",
            "address": "Số 1 Bạch Đằng, Hải Châu, Đà Nẵng", "phone": "0236 3822 xxx",
            "fine_account": "tài khoản số 3949.0.1047777 tại Kho bạc Nhà nước Đà Nẵng",
            "signer_full_name": "Lê Văn Cường", "signer_title": "Giám đốc",
            "signer_fine_cap_person": "75.000.000", "signer_fine_cap_organisation": "150.000.000",
            "signer_competence_basis": "Điều 57 Nghị định 283/2026/NĐ-CP",
            "admin_username": "qt.danang", "admin_full_name": "Võ Thị Mai", "admin_password": NEW_ADMIN_PASSWORD}
    return {**form, **changes}


def test_an_admin_creates_an_office_whose_administrator_sees_only_it(app, world):
    browser = Browser(app, world.admin)
    done = browser.client.post("/admin/offices", data=_form(browser), follow_redirects=True)
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "Đã tạo cơ quan DN — Bảo hiểm xã hội thành phố Đà Nẵng" in text
    office = _office("DN")
    assert office.settings["fine_account"] == "tài khoản số 3949.0.1047777 tại Kho bạc Nhà nước Đà Nẵng"
    assert office.settings["changed"]["fine_account"]["by"] == world.admin.id
    signer = db.session.scalar(sa.select(Signer).where(Signer.office_id == office.id))
    assert signer.fine_cap_organisation == 150_000_000
    new_admin = db.session.scalar(sa.select(User).where(User.username == "qt.danang"))
    assert new_admin.office_id == office.id and new_admin.role == Role.ADMIN
    other = Browser(app)
    other.login(new_admin, NEW_ADMIN_PASSWORD)
    office_page = other.client.get("/admin/office").get_data(as_text=True)
    assert "Cơ quan: DN" in office_page and "Lê Văn Cường" in office_page
    users_page = other.client.get("/admin/users").get_data(as_text=True)
    assert world.inspector.username not in users_page  # another office's users stay invisible


def test_a_refused_field_creates_nothing_names_the_field_and_never_echoes_the_password(app, world):
    browser = Browser(app, world.admin)
    before = _counts()
    bad = _form(browser, code="đà nẵng", signer_competence_basis="", admin_username=world.inspector.username)
    response = browser.client.post("/admin/offices", data=bad)
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Mã cơ quan gồm 2–20 chữ in hoa" in text and "Phải ghi căn cứ thẩm quyền xử phạt" in text
    assert "Tên đăng nhập đã tồn tại" in text and NEW_ADMIN_PASSWORD not in text
    assert _counts() == before


def test_only_an_admin_may_create_and_only_with_the_csrf_token(app, world):
    before = _counts()
    supervisor = Browser(app, world.supervisor)
    assert supervisor.client.get("/admin/offices").status_code == 403
    form = _form(Browser(app, world.admin))
    assert supervisor.client.post("/admin/offices", data={**form, "csrf_token": supervisor.csrf()}).status_code == 403
    admin = Browser(app, world.admin)
    forged = admin.client.post("/admin/offices", data={k: v for k, v in form.items() if k != "csrf_token"})
    assert forged.status_code in (400, 422)
    assert _counts() == before
