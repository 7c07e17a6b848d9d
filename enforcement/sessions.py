"""Server-side sessions (Flask-Session): the cookie holds a random id, the data stays on the server.

``init_app(app)`` installs Flask-Session's interface for ``SESSION_STORAGE_URI``:

- empty (the embedded default): the ``sessions`` table of the application's own
  database (Flask-Session's SQLAlchemy backend, on the table below, created by
  the migrations rather than at start);
- ``redis://…`` (production): Redis keys ``<RATELIMIT_KEY_PREFIX>:session:<id>``
  that expire on their own.

Either way:

- the id is 32 random bytes (``secrets.token_urlsafe``), never signed data: a
  copy of the cookie is worth what the server still holds under it, and
  ``rotate`` (login, logout) deletes the record, so a copy taken before a logout
  is refused after it;
- a cookie that is not an id of ours (an old signed cookie, NUL, junk), or whose
  record fails to decode, or a store that cannot be read, never breaks the
  request: it is dropped and a new, empty session starts (logged in nowhere);
- stored data is msgpack (no pickle fallback: a record that is not msgpack is
  dropped); lazy translated strings and ``Markup`` (flashed messages) are
  stored as their text.

How long a login lasts is not the record's expiry (renewed when the session
changes) but the absolute expiry written at login (``enforcement.auth.loaders``).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

import msgspec
import sqlalchemy as sa
from flask import Flask, Request, session
from flask_session.base import MsgSpecSerializer, ServerSideSession, ServerSideSessionInterface
from flask_session.redis import RedisSessionInterface
from flask_session.sqlalchemy import SqlAlchemySession
from sqlalchemy.orm import Mapped, mapped_column

from enforcement.db import Base, UTCDateTime, utc_now
from enforcement.extensions import db

log = logging.getLogger(__name__)

SID_BYTES = 32
# What ``secrets.token_urlsafe(32)`` produces (43 characters); anything else is not one of our ids.
_SID = re.compile(r"[A-Za-z0-9_-]{43}")


class ServerSession(Base):
    """One browser session (Flask-Session's SQLAlchemy layout): its id, msgpack data and expiry."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    expiry: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


def _as_text(value: Any) -> Any:
    """msgspec's hook for what it cannot encode: lazy strings and ``Markup`` are stored as text."""
    if hasattr(value, "__html__") or type(value).__name__ == "LazyString":
        return str(value)
    raise NotImplementedError(f"cannot store {type(value).__name__} in a session")


class _Serializer(MsgSpecSerializer):
    """msgpack only (Flask-Session falls back to JSON, then to pickle: not here)."""

    def __init__(self, app: Flask) -> None:
        super().__init__(app, "msgpack")
        self.encoder = msgspec.msgpack.Encoder(enc_hook=_as_text)

    def decode(self, serialized_data: bytes) -> dict:
        value = self.decoder.decode(serialized_data)
        if not isinstance(value, dict):
            raise ValueError("a session record that is not a mapping")
        return value


class _Robust:
    """What both stores share: ids checked, unreadable sessions dropped, ``rotate``."""

    sid_length = SID_BYTES

    def _fresh(self: Any) -> ServerSideSession:
        return self.session_class(sid=self._generate_sid(self.sid_length), permanent=self.permanent)

    def open_session(self: Any, app: Flask, request: Request) -> ServerSideSession:
        sid = request.cookies.get(app.config["SESSION_COOKIE_NAME"])
        if sid and not _SID.fullmatch(sid):
            return self._fresh()  # not an id of ours (a signed cookie of old, junk): a new session
        try:
            return super().open_session(app, request)  # type: ignore[misc]
        except Exception:
            log.warning("session %s… could not be read: a new session is started", (sid or "")[:6], exc_info=True)
            _rollback()
            return self._fresh()

    def rotate(self: Any, current: ServerSideSession) -> None:
        """Forget the stored record of ``current`` and give it a new id (saved at the end of the request)."""
        if current.sid:
            self._delete_session(self._get_store_id(current.sid))
        current.sid = self._generate_sid(self.sid_length)
        current.modified = True


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:
        log.debug("rollback after a session error failed", exc_info=True)


def _usable_session() -> Any:
    """The request's database session, rolled back first if a failed flush left it unusable."""
    transaction = db.session().get_transaction()
    if transaction is not None and not transaction.is_active:
        db.session.rollback()
    return db.session


class DatabaseSessionInterface(_Robust, ServerSideSessionInterface):
    """Flask-Session's SQLAlchemy store on ``ServerSession`` (the table comes from the migrations)."""

    session_class = SqlAlchemySession
    ttl = False

    def __init__(self, app: Flask) -> None:
        self.client = db
        self.sql_session_model = ServerSession
        super().__init__(app, key_prefix="", use_signer=False, permanent=app.config["SESSION_PERMANENT"],
                         sid_length=SID_BYTES, serialization_format="msgpack", cleanup_n_requests=None)
        self.serializer = _Serializer(app)

    def _retrieve_session_data(self, store_id: str) -> dict | None:
        record = db.session.scalar(sa.select(ServerSession).where(ServerSession.session_id == store_id))
        if record is None:
            return None
        if record.expiry <= utc_now():
            self._delete_session(store_id)
            return None
        return self.serializer.decode(bytes(record.data))

    def _delete_session(self, store_id: str) -> None:
        current = _usable_session()
        current.execute(sa.delete(ServerSession).where(ServerSession.session_id == store_id))
        current.commit()

    def _upsert_session(self, session_lifetime: timedelta, session: ServerSideSession, store_id: str) -> None:
        data = self.serializer.encode(session)
        expiry = utc_now() + session_lifetime
        current = _usable_session()
        updated = current.execute(
            sa.update(ServerSession).where(ServerSession.session_id == store_id).values(data=data, expiry=expiry)
        ).rowcount
        if not updated:
            current.execute(sa.insert(ServerSession).values(session_id=store_id, data=data, expiry=expiry))
        current.commit()

    def _delete_expired_sessions(self) -> None:
        purge_expired()


class RedisStoreInterface(_Robust, RedisSessionInterface):
    """Flask-Session's Redis store (keys expire by themselves)."""

    def __init__(self, app: Flask, uri: str) -> None:
        import redis

        prefix = (app.config.get("RATELIMIT_KEY_PREFIX") or "ecm") + ":session:"
        super().__init__(app, client=redis.Redis.from_url(uri), key_prefix=prefix, use_signer=False,
                         permanent=app.config["SESSION_PERMANENT"], sid_length=SID_BYTES,
                         serialization_format="msgpack")
        self.serializer = _Serializer(app)


def purge_expired() -> int:
    """Delete the database's expired session records (Redis expires its own); the number deleted."""
    current = _usable_session()
    deleted = current.execute(sa.delete(ServerSession).where(ServerSession.expiry <= utc_now())).rowcount
    current.commit()
    return deleted or 0


def rotate() -> None:
    """A new id for the current session, the old record deleted (login, logout: no fixation, no copies).

    On the database store, expired records are deleted at the same time (``flask session_cleanup``,
    Flask-Session's command, does the same by hand).
    """
    from flask import current_app

    interface = current_app.session_interface
    if isinstance(interface, _Robust):
        interface.rotate(session)  # type: ignore[arg-type]
    if isinstance(interface, DatabaseSessionInterface):
        purge_expired()  # the table holds live sessions only (Redis expires its keys itself)


def init_app(app: Flask) -> None:
    """Install the server-side session store named by ``SESSION_STORAGE_URI``."""
    uri = (app.config.get("SESSION_STORAGE_URI") or "").strip()
    if uri.startswith(("redis://", "rediss://", "unix://")):
        app.session_interface = RedisStoreInterface(app, uri)
    elif uri:
        raise RuntimeError(f"SESSION_STORAGE_URI must be empty (the database) or redis://…, not {uri!r}")
    else:
        app.session_interface = DatabaseSessionInterface(app)
