"""Configuration from the environment (issue 2)."""

from __future__ import annotations

import pytest

from config import settings_for
from enforcement import create_app


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_starts_with_a_secret_key_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not app.config["ALLOW_DEMO_SEED"] and not app.debug


def test_database_url_comes_from_the_environment_and_uses_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/ecm")
    assert settings_for("development")["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/ecm"


def test_default_database_is_a_sqlite_file_under_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    uri = settings_for("development")["SQLALCHEMY_DATABASE_URI"]
    assert uri.startswith("sqlite:///") and uri.endswith("instance/enforcement.db")


def test_tests_use_test_database_url(monkeypatch):
    monkeypatch.setenv("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    assert settings_for("testing")["SQLALCHEMY_DATABASE_URI"].endswith("/test")


def test_upload_limit_is_configurable(monkeypatch):
    monkeypatch.setenv("MAX_LEDGER_BYTES", "1024")
    settings = settings_for("development")
    assert settings["MAX_LEDGER_BYTES"] == 1024 and settings["MAX_CONTENT_LENGTH"] > 1024


def test_unknown_environment_is_an_error():
    with pytest.raises(RuntimeError, match="Unknown ENFORCEMENT_ENV"):
        settings_for("staging")
