"""The ``flask …`` commands (issues 2–5): each is a thin shell around a service; exit codes matter."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, LegalParam, Office, Role, User
from tests.conftest import SHARED_DATA
from tests.factories import OfficeFactory
from tests.shared_data import INTEREST_REVISED


def test_create_user_hashes_the_password_and_enforces_the_policy(runner):
    office = OfficeFactory(code="HN")
    ok = runner.invoke(
        args=[
            "create-user",
            "--username",
            "Lan.Nguyen",
            "--full-name",
            "Nguyễn Thị Lan",
            "--role",
            "legal",
            "--office",
            "HN",
            "--password",
            "mat-khau-2026",
        ]
    )
    assert ok.exit_code == 0, ok.output
    user = db.session.scalar(sa.select(User).where(User.username == "lan.nguyen"))
    assert user.role == Role.LEGAL and user.office_id == office.id
    assert "mat-khau-2026" not in user.password_hash and user.password_hash.startswith(("scrypt", "pbkdf2"))
    weak = runner.invoke(
        args=[
            "create-user",
            "--username",
            "x2",
            "--full-name",
            "X",
            "--role",
            "legal",
            "--office",
            "HN",
            "--password",
            "short",
        ]
    )
    assert weak.exit_code == 1 and "ít nhất 10" in weak.output


def test_seed_demo_prints_one_password_per_role_and_marks_demo_data(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "DỮ LIỆU MẪU" in result.output
    for role in ("inspector", "legal", "supervisor", "admin"):
        assert role in result.output
    office = db.session.scalar(sa.select(Office).where(Office.code == "DEMO-HN"))
    assert office.is_demo
    cases = db.session.scalars(sa.select(Case).where(Case.office_id == office.id)).all()
    assert cases and all(c.is_demo for c in cases)
    assert runner.invoke(args=["seed-demo", "--if-empty"]).output.startswith("Cơ sở dữ liệu đã có dữ liệu")


def test_seed_demo_is_refused_in_production(runner, app, monkeypatch):
    monkeypatch.setitem(app.config, "ALLOW_DEMO_SEED", False)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1 and "production" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Office)) == 0


def test_import_ledger_exits_1_with_every_error_of_a_bad_file(runner):
    OfficeFactory()
    bad = runner.invoke(args=["import-ledger", str(SHARED_DATA / "bad" / "bad_duplicate_unit_period.csv")])
    assert bad.exit_code == 1
    assert "dòng 9" in bad.output and "dòng 11" in bad.output
    good = runner.invoke(args=["import-ledger", str(SHARED_DATA / "ledger_small.csv")])
    assert good.exit_code == 0 and "432 dòng" in good.output
    again = runner.invoke(args=["import-ledger", str(SHARED_DATA / "ledger_small.csv")])
    assert again.exit_code == 0 and "đã được nhập" in again.output


def test_import_ledger_refuses_a_png_before_parsing(runner):
    OfficeFactory()
    result = runner.invoke(args=["import-ledger", str(SHARED_DATA / "bad" / "not_a_csv_png.csv")])
    assert result.exit_code == 1 and "từ chối" in result.output


def test_detect_arrears_prints_the_counts_and_a_second_run_changes_nothing(runner):
    OfficeFactory()
    runner.invoke(args=["import-ledger", str(SHARED_DATA / "ledger_small.csv")])
    first = runner.invoke(args=["detect-arrears", "--as-of", "2026-11-25"])
    expected = json.loads((INTEREST_REVISED / "expected_small.json").read_text())
    opened = sum(1 for f in expected["employers"].values() if f["case_expected"])
    assert first.output.strip() == f"opened={opened} updated=0 settled=0 unchanged=0"
    second = runner.invoke(args=["detect-arrears", "--as-of", "2026-11-25"])
    assert second.output.strip() == f"opened=0 updated=0 settled=0 unchanged={opened}"


def test_arrears_report_json_and_csv(runner):
    OfficeFactory()
    runner.invoke(args=["import-ledger", str(SHARED_DATA / "ledger_small.csv")])
    report = json.loads(runner.invoke(args=["arrears-report", "--as-of", "2026-11-25"]).output)
    expected = json.loads((INTEREST_REVISED / "expected_small.json").read_text())
    assert report["employers"]["TA0820X"]["principal"] == expected["employers"]["TA0820X"]["principal"]
    lines = runner.invoke(args=["arrears-report", "--as-of", "2026-11-25", "--format", "csv"]).output.splitlines()
    assert lines[0].startswith("unit_code,tax_code,name,months_in_arrears")
    assert any(line.startswith("TA0820X,") for line in lines)


def test_verify_audit_exits_1_naming_the_broken_event(runner):
    OfficeFactory()
    runner.invoke(args=["import-ledger", str(SHARED_DATA / "ledger_small.csv")])
    runner.invoke(args=["detect-arrears", "--as-of", "2026-11-25"])
    assert runner.invoke(args=["verify-audit"]).exit_code == 0
    event = db.session.scalars(sa.select(CaseEvent)).first()
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    db.session.execute(sa.text("UPDATE case_events SET summary = 'x' WHERE id = :i"), {"i": event.id})
    db.session.expire_all()
    broken = runner.invoke(args=["verify-audit"])
    assert broken.exit_code == 1 and f"hồ sơ {event.case_id}" in broken.output


def test_legal_params_set_adds_a_dated_row_and_list_shows_it(runner):
    result = runner.invoke(
        args=[
            "legal-params",
            "set",
            "interest_monthly_rate_si",
            "0.0085",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--source",
            "Thông báo …/TB-BHXH",
        ]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(LegalParam.value)) == "0.0085"
    listed = runner.invoke(args=["legal-params", "list", "--on", "2024-06-01"]).output
    assert 'interest_monthly_rate_si = "0.0085"' in listed
    bad = runner.invoke(
        args=["legal-params", "set", "arrears_threshold_months", "ba", "--from", "2024-01-01", "--source", "x"]
    )
    assert bad.exit_code == 2


def test_legal_params_list_shows_the_decree_283_bands_from_2026_09_10_lr_fine(runner):
    listed = runner.invoke(args=["legal-params", "list", "--on", "2026-10-01"]).output
    assert "fine_283_si_evasion" in listed and "Điều 44" in listed
    assert "fine_evasion" not in listed.replace("fine_283_", "")


@pytest.mark.parametrize(("code", "exit_code"), [("0100109106", 0), ("0102325399", 0), ("0100109107", 1)])
def test_legal_tax_code_exit_codes_lr_taxcode(runner, code, exit_code):
    assert runner.invoke(args=["legal", "tax-code", code]).exit_code == exit_code


def test_legal_words_lr_words(runner):
    assert runner.invoke(args=["legal", "words", "1.050.000"]).output.strip() == (
        "Một triệu không trăm năm mươi nghìn đồng"
    )


def test_legal_calculators_read_a_file_or_standard_input(runner, tmp_path):
    path = tmp_path / "a216.json"
    path.write_text(
        json.dumps(
            {
                "evaluation_date": "2026-11-25",
                "offender": "legal_entity",
                "evasion_months": [
                    {"period": f"2026-0{m}", "amount": 10_000_000, "employees": 12} for m in range(1, 7)
                ],
                "withheld_not_paid": 0,
                "prior_offences": 0,
                "prior_penalties": [
                    {
                        "decision_date": "2026-08-01",
                        "behaviour": "evasion",
                        "conduct_months": ["2026-01"],
                        "compliance_deadline": "2026-08-11",
                        "complied_on": None,
                    }
                ],
                "still_unpaid": 60_000_000,
            }
        )
    )
    result = json.loads(runner.invoke(args=["legal", "article216", str(path)]).output)
    assert result["passed"] is True and result["band"] == 1
    fine = runner.invoke(
        args=["legal", "fine", "-"],
        input=json.dumps(
            {"violation_date": "2026-01-10", "ended_on": None, "offender": "person",
             "violations": [{"behaviour": "si_evasion", "base": 1, "months": 1}]}
        ),
    )
    answer = json.loads(fine.output)
    assert answer["decree"] == "12/2022" and answer["violations"][0]["proposal"] == 62_500_000


def test_legal_calculators_exit_2_on_malformed_input(runner):
    broken = runner.invoke(args=["legal", "fine", "-"], input="{")
    assert broken.exit_code == 2 and "JSON không hợp lệ" in broken.output
    missing = runner.invoke(args=["legal", "deadlines", "-"], input="{}")
    assert missing.exit_code == 2 and "today" in missing.output
