"""Shared set-up of the benchmarks: a fresh migrated database and an app bound to it."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def fresh_app(label: str):
    """An app on ``$DATABASE_URL`` (emptied) or on a new SQLite file; migrated to head."""
    from flask_migrate import upgrade

    from enforcement import create_app
    from enforcement.extensions import db

    url = os.environ.get("DATABASE_URL")
    if not url:
        folder = Path(tempfile.mkdtemp(prefix=f"ecm-bench-{label}-"))
        url = f"sqlite:///{folder / 'bench.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://")})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        upgrade()
    return app
