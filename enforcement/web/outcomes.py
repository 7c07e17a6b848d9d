"""How the UI answers a domain error: one place that turns it into a flash message and a status code.

Services raise ``DomainError``\\ s with a Vietnamese message (and, for some, ``reasons``
or per-field ``errors``).  A view never repeats ``try … except … flash``:

- ``@on_domain_error(back)``: the view lets errors out; the message is flashed and the
  view answers ``back(**view_args)`` (a redirect, usually back to where the user was);
- ``with flash_errors(form) as failure:`` around the service call, where the page is
  rendered again with the form: the field messages go next to the fields, the others are
  flashed, and ``failure.status`` is the error's status code (422, 403, 404…).

Errors no view handles (a case of another office: ``NotFound``) get their error page
(``web.errors``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import flash

from enforcement.errors import DomainError, StaleCase
from enforcement.web.forms import apply_errors
from enforcement.web.labels import ui_text

F = TypeVar("F", bound=Callable[..., Any])


def message_of(error: DomainError, form: Any = None, *, details: bool = True) -> str:
    """The error's message, then its reasons and the field messages not shown next to ``form``'s fields."""
    if not details:
        return error.message
    errors = error.details.get("errors") or {}
    rest = apply_errors(form, errors) if form is not None else [m for ms in errors.values() for m in ms]
    return "; ".join([error.message, *map(ui_text, error.details.get("reasons") or []), *rest])


def flash_error(error: DomainError, form: Any = None, *, details: bool = True) -> None:
    """Flash ``error`` (a stale case is a warning: reload and look again; anything else an error)."""
    flash(message_of(error, form, details=details), "warning" if isinstance(error, StaleCase) else "error")


@dataclass
class Failure:
    """What ``flash_errors`` caught (falsy when the block went through)."""

    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def status(self) -> int:
        return self.error.status if self.error is not None else 200


@contextmanager
def flash_errors(form: Any = None, *, details: bool = True) -> Iterator[Failure]:
    """Run the block; a ``DomainError`` in it is flashed (field messages on ``form``) and kept in the ``Failure``."""
    failure = Failure()
    try:
        yield failure
    except DomainError as error:
        failure.error = error
        flash_error(error, form, details=details)


def on_domain_error(back: Callable[..., Any], *, details: bool = True) -> Callable[[F], F]:
    """Decorate a view: a ``DomainError`` it lets out is flashed, and the answer is ``back(**view_args)``."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            try:
                return view(*args, **kwargs)
            except DomainError as error:
                flash_error(error, details=details)
                return back(**kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
