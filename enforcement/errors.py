"""Domain exceptions and the HTTP status each maps to.

Services raise these with a Vietnamese message; views flash or render it, the
API returns it as JSON with the status below.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a user may be told about."""

    status = 400

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "message": self.message, **self.details}


class InvalidCredentials(DomainError):
    status = 401


class AccountLocked(DomainError):
    status = 423


class Forbidden(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class StaleCase(DomainError):
    """The case changed under the user (optimistic locking)."""

    status = 409


class GuardRejected(DomainError):
    """A workflow guard blocked a trigger; ``reasons`` says why."""

    status = 422


class ValidationFailed(DomainError):
    """Input failed validation; ``errors`` maps each field to its messages."""

    status = 422


class ImportRejected(DomainError):
    """A ledger file was refused; ``rows`` lists every rejected row."""

    status = 422
