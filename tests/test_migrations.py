"""Migrations and models agree (issue 2): autogenerate finds nothing on the migrated schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from enforcement.extensions import db


def test_autogenerate_finds_no_difference_between_migrations_and_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_the_migrated_schema_has_every_table_of_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        names = set(db.inspect(connection).get_table_names())
    assert set(db.metadata.tables) <= names and "alembic_version" in names
