"""The hostile tests reuse the API tests' office, users and client."""

from tests.api.conftest import api, other, world  # noqa: F401 - fixtures
