"""HTTP hardening: security headers on every response, and rate limits shared by every process.

``init_app(app)`` installs

- an ``after_request`` hook that sets the Content-Security-Policy (no inline
  script or style), ``X-Content-Type-Options``, ``Referrer-Policy``,
  ``X-Frame-Options``, ``Cross-Origin-Opener-Policy``, HSTS when cookies are
  secure (production), and ``Cache-Control: no-store`` on everything but the
  static files (pages of logged-in users, JSON, PDFs: nothing a shared computer
  or a proxy should keep);
- a ``before_request`` hook that refuses (400) NUL characters in query strings
  and form fields, a JSON reader that refuses NUL characters and nesting too
  deep for Python's parser (so they are "not JSON", never a 500), and a
  handler that answers 400 when a number in the input is too large for the
  database driver (``OverflowError``) wherever a view forgot to bound it;
- the rate limits, counted by Flask-Limiter (``limits``) in
  ``RATELIMIT_STORAGE_URI``: ``memory://`` for one process (the embedded
  default), ``redis://…`` shared by every gunicorn worker (production).  Over a
  limit the answer is 429 with ``Retry-After`` (the error page, or JSON under
  ``/api/v1``):

  * failed logins per (address, username): ``LOGIN_MAX_FAILURES`` (5) in
    ``LOGIN_LOCKOUT_MINUTES`` (15), always on (the lockout); each attempt takes its place *before* the
    password is checked (an atomic hit), so concurrent guesses never check more
    than 5 passwords, and the 6th attempt is refused unchecked whichever process
    answers.  Unknown usernames are counted the same way (nothing tells them
    apart).  A successful login clears the pair; ``unlock`` (an admin, ``flask
    unlock-user``) clears every address's count of a username;
  * failed logins per address: ``RATELIMIT_LOGIN_FAILURES`` (20 a minute):
    beyond it a failed login answers 429 instead of 401, but a correct password
    still logs in (an office behind one NAT address is never locked out);
  * failed bearer tokens per address: ``RATELIMIT_API_FAILURES``; a valid token
    still passes;
  * requests per API token: ``RATELIMIT_API_TOKEN`` (a Flask-Limiter
    application limit keyed by the token's SHA-256).

  The per-username lockout in the database (``services.users``) comes on top.
  In production, memory storage with more than one gunicorn worker is refused
  at start (``gunicorn.conf.py`` tells the worker count) unless
  ``RATELIMIT_ALLOW_MEMORY_STORAGE`` is set.  Behind a reverse proxy set
  ``PROXY_FIX_X_FOR`` to the number of proxies so that the client address is
  the real one.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import time
from typing import Any

from flask import Flask, Response, abort, current_app, g, request
from flask_limiter import ApplicationLimit, Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, RateLimitItemPerMinute, parse
from werkzeug.exceptions import BadRequest

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
API_PREFIX = "/api/v1"
RATE_SETTINGS = ("RATELIMIT_LOGIN_FAILURES", "RATELIMIT_API_FAILURES", "RATELIMIT_API_TOKEN")
# Set by gunicorn.conf.py in the arbiter before it forks: how many workers serve the application.
WORKERS_ENV = "ECM_GUNICORN_WORKERS"


def parse_rate(text: str) -> RateLimitItem:
    """``"20/minute"`` (or ``"20 per minute"``, ``"5 per 10 seconds"``) → a ``limits`` rate.

    :raises ValueError: on anything else.
    """
    try:
        item = parse(text)
    except ValueError as exc:
        raise ValueError(f"not a rate: {text!r} (use e.g. '20/minute')") from exc
    if item.amount < 1:
        raise ValueError(f"not a rate: {text!r} (use e.g. '20/minute')")
    return item


# --------------------------------------------------------------------------- wiring


def limiter(app: Flask | None = None) -> Limiter:
    """The application's Flask-Limiter (its storage is shared by every process when it is Redis)."""
    return (app or current_app).extensions["security_limiter"]


def client_ip() -> str:
    return get_remote_address() or "-"


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _rate(name: str) -> RateLimitItem | None:
    cfg = current_app.config
    if not _enabled() or not cfg.get(name):
        return None
    return parse_rate(cfg[name])


def _ids(*parts: str) -> tuple[str, ...]:
    return (current_app.config.get("RATELIMIT_KEY_PREFIX") or "ecm", *parts)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]


def _wait(item: RateLimitItem, ids: tuple[str, ...]) -> float:
    """Seconds until the window of ``ids`` under ``item`` lets one more through."""
    stats = limiter().limiter.get_window_stats(item, *ids)
    return max(stats.reset_time - time.time(), 1.0)


def _refuse(wait: float) -> None:
    g.retry_after = wait
    abort(429)


def _bearer() -> str | None:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


def _is_api() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


# --------------------------------------------------------------------------- logins


def _username(text: str | None) -> str:
    return (text or "").strip().lower()


def _pair_item() -> RateLimitItem:
    cfg = current_app.config
    return RateLimitItemPerMinute(int(cfg["LOGIN_MAX_FAILURES"]), int(cfg["LOGIN_LOCKOUT_MINUTES"]))


def _generation_key(username: str) -> str:
    return ":".join((*_ids("login-generation"), _digest(username)))


def _pair_ids(username: str, address: str) -> tuple[str, ...]:
    generation = limiter().storage.get(_generation_key(username))
    return _ids("login", _digest(username), address, str(generation))


def reserve_login(username: str | None) -> float | None:
    """Take a place for one login attempt of ``username`` from this address, before any password is checked.

    :return: ``None`` when the attempt may go on; else the seconds to wait (the pair is over
        ``LOGIN_MAX_FAILURES`` in ``LOGIN_LOCKOUT_MINUTES``).  This is the account lockout, not a
        rate limit: ``RATELIMIT_ENABLED`` does not turn it off.
    """
    item, ids = _pair_item(), _pair_ids(_username(username), client_ip())
    if limiter().limiter.hit(item, *ids):
        return None
    log.warning("login attempts for one username from %s over %s: refused unchecked", client_ip(), item)
    return _wait(item, ids)


def login_failed() -> float | None:
    """Count a failed login against this address; the seconds to wait when it was already over its limit."""
    item = _rate("RATELIMIT_LOGIN_FAILURES")
    if item is None:
        return None
    ids = _ids("login-fail", client_ip())
    if limiter().limiter.hit(item, *ids):
        return None
    return _wait(item, ids)


def login_succeeded(username: str | None) -> None:
    """A correct password: this address's count for the username starts again."""
    limiter().limiter.clear(_pair_item(), *_pair_ids(_username(username), client_ip()))


def unlock(username: str) -> None:
    """Forget every address's failed attempts at ``username`` (a new generation of its counters)."""
    window = int(current_app.config["LOGIN_LOCKOUT_MINUTES"]) * 60
    limiter().storage.incr(_generation_key(_username(username)), window + 60)


# --------------------------------------------------------------------------- bearer tokens


def _token_key() -> str:
    raw = _bearer()
    return _digest(raw) if raw else ""


def _not_a_token_request() -> bool:
    return not (_is_api() and _bearer() is not None)


def _token_rate() -> str:
    return current_app.config.get("RATELIMIT_API_TOKEN") or "1000000/second"


def _on_breach(request_limit: Any) -> None:
    g.retry_after = max(request_limit.reset_at - time.time(), 1.0)


def _before() -> None:
    """A bearer token from an address over its failure limit passes only when it is valid."""
    if not _is_api() or (raw := _bearer()) is None:
        return
    item = _rate("RATELIMIT_API_FAILURES")
    if item is None:
        return
    ids = _ids("bearer-fail", client_ip())
    if limiter().limiter.test(item, *ids):
        return
    from enforcement.services import tokens

    if not tokens.is_valid(raw):
        _refuse(_wait(item, ids))


def _count_failures(response: Response) -> None:
    """A refused bearer token counts against the address."""
    if response.status_code != 401 or not _is_api() or _bearer() is None:
        return
    item = _rate("RATELIMIT_API_FAILURES")
    if item is not None:
        limiter().limiter.hit(item, *_ids("bearer-fail", client_ip()))


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static":
        cache = response.headers.get("Cache-Control", "")
        if "no-store" not in cache:
            response.headers["Cache-Control"] = "no-store"
    wait = g.pop("retry_after", None)
    if wait is not None and response.status_code == 429:
        response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
    return response


def _after(response: Response) -> Response:
    _count_failures(response)
    return _headers(response)


def check_storage(config: dict[str, Any] | Any, workers: int | None) -> None:
    """Refuse production on memory storage with several workers (each would count alone).

    :raises RuntimeError: naming what to set.
    """
    uri = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if config.get("ENV_NAME") != "production" or not uri.startswith("memory"):
        return
    if workers is not None and workers > 1 and not config.get("RATELIMIT_ALLOW_MEMORY_STORAGE"):
        raise RuntimeError(
            f"RATELIMIT_STORAGE_URI is {uri} with {workers} workers: each worker would count the rate limits "
            "alone. Set RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0 (shared by every worker), run one "
            "worker, or set RATELIMIT_ALLOW_MEMORY_STORAGE=1 to accept per-worker limits."
        )


def _init_limiter(app: Flask) -> Limiter:
    for name in RATE_SETTINGS:
        if app.config.get(name):
            parse_rate(app.config[name])  # a typo in the configuration fails at start, not at the first login
    workers = os.environ.get(WORKERS_ENV)
    check_storage(app.config, int(workers) if workers and workers.isdigit() else None)
    token_limit = ApplicationLimit(limit_provider=_token_rate, key_function=_token_key,
                                   exempt_when=_not_a_token_request, on_breach=_on_breach)
    extension = Limiter(key_func=_token_key, application_limits=[token_limit], headers_enabled=False,
                        on_breach=_on_breach)
    extension.request_filter(lambda: not _enabled())
    # Flask-Limiter does not start at all when RATELIMIT_ENABLED is off at start; the switch is
    # read at each request instead (the tests turn it on for themselves).
    enabled = app.config.get("RATELIMIT_ENABLED", True)
    app.config["RATELIMIT_ENABLED"] = True
    try:
        extension.init_app(app)
    finally:
        app.config["RATELIMIT_ENABLED"] = enabled
    app.extensions["security_limiter"] = extension
    return extension


# --------------------------------------------------------------------------- input the database cannot take


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _refuse_nul() -> None:
    """NUL is never text (PostgreSQL refuses it in every text column): 400 before any view runs."""
    values = list(request.args.items(multi=True))
    if request.mimetype in FORM_TYPES:
        values += list(request.form.items(multi=True))
    if any("\x00" in key or "\x00" in value for key, value in values):
        abort(400, description="NUL character in the input")


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    return False


def _guard_json(app: Flask) -> None:
    """Make JSON nested beyond the parser's depth, or holding NUL, fail as invalid JSON (a ``ValueError``)."""
    loads = app.json.loads

    def guarded(s: str | bytes, **kwargs: Any) -> Any:
        try:
            value = loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
        marker = b"\\u0000" if isinstance(s, bytes) else "\\u0000"
        if marker in s and _holds_nul(value):  # type: ignore[operator]
            raise ValueError("NUL character in JSON")
        return value

    app.json.loads = guarded  # type: ignore[method-assign]


NUMERIC_OUT_OF_RANGE = "22003"  # SQLSTATE of PostgreSQL's "integer/bigint out of range"


def _number_too_large(error: Exception) -> Any:
    """A number the database cannot hold reached a query: the input's fault, so 400 (and the work rolled back).

    SQLite's driver cannot bind an integer beyond 64 bits (``OverflowError``);
    PostgreSQL refuses one beyond its column's type (SQLSTATE 22003).  Any other
    database error stays a 500.
    """
    from sqlalchemy.exc import DataError

    from enforcement.extensions import db

    if isinstance(error, DataError) and getattr(error.orig, "sqlstate", None) != NUMERIC_OUT_OF_RANGE:
        raise error
    db.session.rollback()
    log.warning("number too large for the database in %s %s: %s", request.method, request.path, error)
    return current_app.handle_http_exception(BadRequest(description="number too large"))


def init_app(app: Flask) -> None:
    """Install the headers and the rate limits on ``app`` (and ProxyFix when configured)."""
    _init_limiter(app)
    proxies = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.before_request(_refuse_nul)
    app.before_request(_before)
    app.after_request(_after)
    _guard_json(app)
    from sqlalchemy.exc import DataError

    app.register_error_handler(OverflowError, _number_too_large)
    app.register_error_handler(DataError, _number_too_large)
