"""HTTP hardening: security headers on every response, and in-process rate limits.

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
- ``before_request`` / ``after_request`` hooks that rate-limit, per client IP,
  failed logins (``RATELIMIT_LOGIN_FAILURES``) and failed bearer-token attempts
  (``RATELIMIT_API_FAILURES``), and, per token, API requests
  (``RATELIMIT_API_TOKEN``).  Over a limit the answer is 429 with
  ``Retry-After`` (the error page, or JSON under ``/api/v1``).

The limits are kept in memory by a thread-safe sliding-window log, so each
serving process counts on its own (with N gunicorn workers an address gets at
most N times the limit); the account lockout of ``services.users`` is in the
database and holds across processes.  Behind a reverse proxy set
``PROXY_FIX_X_FOR`` to the number of proxies so that the client address is
the real one.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, abort, current_app, g, request
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
_UNITS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}


def parse_rate(text: str) -> tuple[int, float]:
    """``"20/minute"`` → ``(20, 60.0)``; also ``second``, ``hour``, ``day`` and ``N/Ms`` (``"5/10s"``).

    :raises ValueError: on anything else.
    """
    count, _sep, period = text.strip().lower().partition("/")
    period = period.strip()
    unit = period[:-1] if period.endswith("s") and period[:-1] in _UNITS else period
    if unit in _UNITS:
        window = _UNITS[unit]
    elif period.endswith("s") and period[:-1].isdigit():
        window = float(period[:-1])
    else:
        raise ValueError(f"not a rate: {text!r} (use e.g. '20/minute')")
    if not count.strip().isdigit() or int(count) < 1 or window <= 0:
        raise ValueError(f"not a rate: {text!r} (use e.g. '20/minute')")
    return int(count), window


class SlidingWindowLimiter:
    """Counts events per key over a sliding window; thread-safe.

    ``hit`` records an event unless the key is already at its limit; ``blocked``
    only looks; ``record`` always records (for counting failures after the fact).
    Each returns, when the key is over its limit, the seconds until an event
    leaves the window (the ``Retry-After``), else ``None``.
    """

    SWEEP_EVERY = 1000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._events: dict[Any, deque[float]] = {}
        self._lock = threading.Lock()
        self._since_sweep = 0

    def _window(self, key: Any, window: float, now: float) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            events = self._events[key] = deque()
        while events and events[0] <= now - window:
            events.popleft()
        return events

    def _retry_after(self, events: deque[float], limit: int, window: float, now: float) -> float | None:
        if len(events) < limit:
            return None
        return max(events[-limit] + window - now, 0.001)

    def hit(self, key: Any, limit: int, window: float) -> float | None:
        with self._lock:
            now = self._clock()
            events = self._window(key, window, now)
            wait = self._retry_after(events, limit, window, now)
            if wait is None:
                events.append(now)
            self._maybe_sweep(window, now)
            return wait

    def blocked(self, key: Any, limit: int, window: float) -> float | None:
        with self._lock:
            now = self._clock()
            events = self._events.get(key)
            if not events:
                return None
            return self._retry_after(self._window(key, window, now), limit, window, now)

    def record(self, key: Any, window: float) -> None:
        with self._lock:
            now = self._clock()
            self._window(key, window, now).append(now)
            self._maybe_sweep(window, now)

    def reset(self) -> None:
        with self._lock:
            self._events.clear()

    def __len__(self) -> int:
        return len(self._events)

    def _maybe_sweep(self, window: float, now: float) -> None:
        """Forget keys with no event in the window, so memory follows the active clients only."""
        self._since_sweep += 1
        if self._since_sweep < self.SWEEP_EVERY:
            return
        self._since_sweep = 0
        for key in [k for k, events in self._events.items() if not events or events[-1] <= now - window]:
            del self._events[key]


# --------------------------------------------------------------------------- wiring


def limiter(app: Flask | None = None) -> SlidingWindowLimiter:
    """The application's limiter (one per app, shared by the threads of a process)."""
    return (app or current_app).extensions["security_limiter"]


def client_ip() -> str:
    return request.remote_addr or "-"


def _rate(name: str) -> tuple[int, float] | None:
    cfg = current_app.config
    if not cfg.get("RATELIMIT_ENABLED", True) or not cfg.get(name):
        return None
    return parse_rate(cfg[name])


def _refuse(wait: float) -> None:
    g.retry_after = wait
    abort(429)


def _is_login_post() -> bool:
    return request.method == "POST" and request.endpoint == "auth.login"


def _bearer() -> str | None:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    return (value.strip() or None) if scheme.lower() == "bearer" else None


def _is_api() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def _before() -> None:
    """Refuse a request over a limit before any password or token is checked."""
    if _is_login_post():
        _refuse_over("RATELIMIT_LOGIN_FAILURES", ("login", client_ip()), record=False)
    if _is_api() and (raw := _bearer()) is not None:
        _refuse_over("RATELIMIT_API_FAILURES", ("bearer-fail", client_ip()), record=False)
        _refuse_over("RATELIMIT_API_TOKEN", ("token", hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()))


def _refuse_over(setting: str, key: tuple[str, str], *, record: bool = True) -> None:
    """429 when ``key`` is at the limit of ``setting``; with ``record``, this request counts too."""
    rate = _rate(setting)
    if rate is None:
        return
    wait = limiter().hit(key, *rate) if record else limiter().blocked(key, *rate)
    if wait is not None:
        _refuse(wait)


def _count_failures(response: Response) -> None:
    """A login that did not succeed (no redirect) or a refused bearer token counts against the address."""
    if response.status_code == 429:
        return
    if _is_login_post() and response.status_code != 302 and (rate := _rate("RATELIMIT_LOGIN_FAILURES")):
        limiter().record(("login", client_ip()), rate[1])
    if (
        _is_api()
        and response.status_code == 401
        and _bearer() is not None
        and (rate := _rate("RATELIMIT_API_FAILURES"))
    ):
        limiter().record(("bearer-fail", client_ip()), rate[1])


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
    for name in ("RATELIMIT_LOGIN_FAILURES", "RATELIMIT_API_FAILURES", "RATELIMIT_API_TOKEN"):
        if app.config.get(name):
            parse_rate(app.config[name])  # a typo in the configuration fails at start, not at the first login
    app.extensions["security_limiter"] = SlidingWindowLimiter()
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
