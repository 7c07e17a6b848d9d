"""Configuration classes, read from the environment.

``ENFORCEMENT_ENV`` picks the class (``development`` by default, ``testing``,
``production``).  ``DATABASE_URL`` overrides the database (default: a SQLite
file under ``instance/``); ``SECRET_KEY`` is required in production;
``TEST_DATABASE_URL`` points the test suite at another database (PostgreSQL in
CI).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE = ROOT / "instance"


def _sqlite_url(name: str) -> str:
    return f"sqlite:///{INSTANCE / name}"


def _normalise_db_url(url: str) -> str:
    """Let ``postgres://`` and ``postgresql://`` URLs use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = "dev-only-insecure-key"
    SQLALCHEMY_DATABASE_URI = _sqlite_url("enforcement.db")
    DATABASE_URL_ENV = "DATABASE_URL"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    # Sessions and login (PRODUCT §3, DEVELOPERS rule 6).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    # Server-side sessions (enforcement/sessions.py, Flask-Session): the cookie holds only a random
    # id; the data is a row of the ``sessions`` table (empty SESSION_STORAGE_URI) or a Redis key
    # (``redis://…``).  A login lasts PERMANENT_SESSION_LIFETIME from the login, whatever happens after.
    SESSION_STORAGE_URI = ""
    SESSION_PERMANENT = False  # a browser-session cookie
    SESSION_REFRESH_EACH_REQUEST = False  # the stored row is written only when the session changes
    # Failed logins: LOGIN_MAX_FAILURES per (address, username) within LOGIN_LOCKOUT_MINUTES, then that
    # address may not try that username until the window ends (429); LOGIN_ACCOUNT_MAX_FAILURES in a
    # row from anywhere lock the account for LOGIN_LOCKOUT_MINUTES (an admin or `flask unlock-user` lifts it).
    LOGIN_MAX_FAILURES = 5
    LOGIN_ACCOUNT_MAX_FAILURES = 20
    LOGIN_LOCKOUT_MINUTES = 15
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    # Rate limits (enforcement/security.py, Flask-Limiter): failed logins and failed bearer tokens
    # per client IP (a successful login or a valid token still passes), API requests per token.
    # 429 with Retry-After beyond them.  Counted in RATELIMIT_STORAGE_URI: ``memory://`` (one
    # process) or ``redis://…`` (shared by every process: production with several workers).
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_KEY_PREFIX = "ecm"
    RATELIMIT_ALLOW_MEMORY_STORAGE = False  # production: allow memory:// with several gunicorn workers
    RATELIMIT_LOGIN_FAILURES = "20/minute"
    RATELIMIT_API_FAILURES = "20/minute"
    RATELIMIT_API_TOKEN = "600/minute"
    PROXY_FIX_X_FOR = 0  # reverse proxies in front of gunicorn whose X-Forwarded-For is trusted

    # Internationalisation: Vietnamese first, English available.
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    # Uploads (ledger files, evidence).
    MAX_LEDGER_BYTES = 50 * 1024 * 1024
    MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
    UPLOAD_DIR = str(INSTANCE / "uploads")

    # Background jobs: a worker thread inside each serving process (development), or a
    # separate ``flask worker`` process beside gunicorn (production).
    RUN_WORKER_THREAD = False
    # A running job's lease: its worker renews it (heartbeat) every quarter of it; a job whose
    # lease expired (its worker was killed) is taken again, JOB_MAX_ATTEMPTS claims in all.
    JOB_LEASE_SECONDS = _int_env("JOB_LEASE_SECONDS", 60)
    JOB_MAX_ATTEMPTS = _int_env("JOB_MAX_ATTEMPTS", 3)
    # API uploads up to this size are imported inside the request; larger ones become a job (202).
    API_SYNC_IMPORT_BYTES = _int_env("API_SYNC_IMPORT_BYTES", 1024 * 1024)
    # API detections of offices with more employers than this run as a job (202).
    API_SYNC_DETECTION_EMPLOYERS = _int_env("API_SYNC_DETECTION_EMPLOYERS", 2000)

    # E-mailed notifications (enforcement/services/notifications.py): off while MAIL_SERVER is empty.
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_FROM = ""

    # Seeding demo data is allowed outside production only.
    ALLOW_DEMO_SEED = True
    TESTING = False
    DEBUG = False


class DevelopmentConfig(Config):
    """Local use: SQLite under instance/, debug pages."""

    ENV_NAME = "development"
    DEBUG = True
    RUN_WORKER_THREAD = True


class TestingConfig(Config):
    """The test suite: its own database, fast password hashing."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = _sqlite_url("test.db")
    DATABASE_URL_ENV = "TEST_DATABASE_URL"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    RATELIMIT_ENABLED = False  # tests log in hundreds of times a minute; tests/security turns it on


class ProductionConfig(Config):
    """Production: PostgreSQL via DATABASE_URL, gunicorn, secure cookies."""

    ENV_NAME = "production"
    SECRET_KEY = ""
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    ALLOW_DEMO_SEED = False
    PROPAGATE_EXCEPTIONS = False  # an error is the 500 page, never a traceback


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


_INT_SETTINGS = (
    "LOGIN_MAX_FAILURES",
    "LOGIN_ACCOUNT_MAX_FAILURES",
    "LOGIN_LOCKOUT_MINUTES",
    "MAX_LEDGER_BYTES",
    "MAX_EVIDENCE_BYTES",
    "PROXY_FIX_X_FOR",
    "MAIL_PORT",
)
_TEXT_SETTINGS = ("RATELIMIT_LOGIN_FAILURES", "RATELIMIT_API_FAILURES", "RATELIMIT_API_TOKEN",
                  "RATELIMIT_STORAGE_URI", "RATELIMIT_KEY_PREFIX", "SESSION_STORAGE_URI",
                  "MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_FROM")


def settings_for(name: str | None = None) -> dict:
    """The settings of ``name`` (or ``$ENFORCEMENT_ENV``), with environment overrides.

    Read at call time, not import time, so a test or a process sees the
    environment it was started with.

    :raises RuntimeError: on an unknown environment name.
    """
    key = (name or os.environ.get("ENFORCEMENT_ENV") or "development").lower()
    if key not in CONFIGS:
        raise RuntimeError(f"Unknown ENFORCEMENT_ENV {key!r}: use one of {sorted(CONFIGS)}")
    cls = CONFIGS[key]
    settings = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
    if os.environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get(cls.DATABASE_URL_ENV):
        settings["SQLALCHEMY_DATABASE_URI"] = os.environ[cls.DATABASE_URL_ENV]
    settings["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(settings["SQLALCHEMY_DATABASE_URI"])
    if os.environ.get("UPLOAD_DIR"):
        settings["UPLOAD_DIR"] = os.environ["UPLOAD_DIR"]
    for setting in _INT_SETTINGS:
        settings[setting] = _int_env(setting, settings[setting])
    for setting in _TEXT_SETTINGS:
        settings[setting] = os.environ.get(setting) or settings[setting]
    if os.environ.get("RATELIMIT_ALLOW_MEMORY_STORAGE"):
        settings["RATELIMIT_ALLOW_MEMORY_STORAGE"] = _truthy(os.environ["RATELIMIT_ALLOW_MEMORY_STORAGE"])
    if os.environ.get("MAIL_USE_TLS"):
        settings["MAIL_USE_TLS"] = os.environ["MAIL_USE_TLS"].strip().lower() in ("1", "true", "yes", "on")
    settings["MAX_CONTENT_LENGTH"] = settings["MAX_LEDGER_BYTES"] + 1024 * 1024
    return settings
