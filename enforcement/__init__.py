"""Enforcement Case Manager: a Flask application for provincial Social Security offices.

``create_app`` builds the application from a short list of named steps; nothing
runs at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: str | dict[str, Any] | None = None) -> Flask:
    """Create and configure the application.

    :param config: an environment name (``development``, ``testing``,
        ``production``) or a dict of settings laid over the environment's.
    :raises RuntimeError: in production without ``SECRET_KEY``.
    """
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    _configure(app, config)
    _init_database(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _configure(app: Flask, config: str | dict[str, Any] | None) -> None:
    from config import settings_for

    name = config if isinstance(config, str) else None
    app.config.from_mapping(settings_for(name))
    if isinstance(config, dict):
        app.config.from_mapping(config)
    if app.config["ENV_NAME"] == "production" and not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in production (refusing to start without it).")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def _init_database(app: Flask) -> None:
    from enforcement import models  # noqa: F401  (register every table)
    from enforcement.extensions import db, migrate
    from enforcement.sqlite import configure_sqlite

    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    elif uri.startswith("postgresql"):
        # Short web queries: PostgreSQL's JIT compiles plans it thinks costly for longer than
        # they run (tens to hundreds of ms on a case list); turn it off for our connections.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {"options": "-c jit=off", **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))


def _init_extensions(app: Flask) -> None:
    from enforcement import filters, security, sessions
    from enforcement.auth.loaders import init_login
    from enforcement.extensions import babel, csrf
    from enforcement.i18n import select_locale, select_timezone
    from enforcement.services import jobs
    from enforcement.web import nav

    sessions.init_app(app)  # server-side sessions (Flask-Session)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(ROOT / "enforcement" / "translations"),
    )
    init_login(app)
    filters.init_app(app)
    jobs.init_app(app)
    nav.init_app(app)
    security.init_app(app)


def _register_blueprints(app: Flask) -> None:
    """Every module of ``enforcement.auth``, ``.web`` and ``.api`` that defines a ``bp`` (ids in URLs bounded)."""
    import importlib
    import pkgutil

    from enforcement.web import errors
    from enforcement.web.args import IdConverter

    app.url_map.converters["int"] = IdConverter  # every <int:…> is an id: one beyond the database's integer is 404
    for package in ("enforcement.auth", "enforcement.web", "enforcement.api"):
        loaded = importlib.import_module(package)
        for module in sorted(m.name for m in pkgutil.iter_modules(loaded.__path__)):
            blueprint = getattr(importlib.import_module(f"{package}.{module}"), "bp", None)
            if blueprint is not None:
                app.register_blueprint(blueprint)
    errors.init_app(app)


def _register_cli(app: Flask) -> None:
    from enforcement import commands

    commands.init_app(app)
