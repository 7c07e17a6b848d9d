"""The case timeline: append hash-chained events and verify the chains.

Every change to a case appends one ``CaseEvent`` in the same transaction as the
change.  ``hash = SHA-256(prev_hash + canonical JSON)``; ``verify`` recomputes
each chain and names the first event that does not match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale

from enforcement.db import utc_now
from enforcement.domain.text import Text
from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, EventAction, User
from enforcement.services import notifications

GENESIS = "0" * 64
SUMMARY_TEXT = "summary_text"
"""The key of ``details`` keeping the template and parameters of a summary given as a ``Text``."""


def canonical_json(data: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 text kept as is."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def chain_hash(prev_hash: str, event: CaseEvent) -> str:
    return hashlib.sha256((prev_hash + canonical_json(event.canonical())).encode()).hexdigest()


def _last_link(case_id: int) -> tuple[int, str]:
    row = db.session.execute(
        db.select(CaseEvent.seq, CaseEvent.hash)
        .where(CaseEvent.case_id == case_id)
        .order_by(CaseEvent.seq.desc())
        .limit(1)
    ).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def append(case: Case, action: EventAction, actor: User | None, **fields: Any) -> CaseEvent:
    """Append one event to ``case``'s timeline (flushes; the caller's transaction commits).

    ``fields`` are those of ``new_event``: summary, trigger, from_state, to_state, details.
    """
    seq, prev_hash = _last_link(case.id)
    event = new_event(case.id, seq + 1, prev_hash, action, actor, **fields)
    db.session.add(event)
    db.session.flush()
    notifications.on_event(case, event)
    return event


def append_first_events(events: list[CaseEvent]) -> None:
    """Insert the first event of many new cases in one statement (detection opening cases in bulk)."""
    columns = (
        "case_id",
        "seq",
        "created_at",
        "actor_id",
        "action",
        "trigger",
        "from_state",
        "to_state",
        "summary",
        "details",
        "prev_hash",
        "hash",
    )
    rows = [{name: getattr(e, name) for name in columns} for e in events]
    if rows:
        db.session.execute(sa.insert(CaseEvent.__table__), rows)


def new_event(
    case_id: int,
    seq: int,
    prev_hash: str,
    action: EventAction,
    actor: User | None,
    *,
    summary: Any = "",
    trigger: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    details: dict[str, Any] | None = None,
) -> CaseEvent:
    """A chained event (not yet added to the session): its hash covers its content and the previous hash.

    The summary is recorded in Vietnamese whatever the actor's interface language. A ``Text`` summary also
    keeps its template and parameters in ``details["summary_text"]``, so that pages can say it again in the
    reader's language (``web.labels.event_summary``); the stored words stay the record.
    """
    if isinstance(summary, Text):
        details = {**(details or {}), SUMMARY_TEXT: summary.to_json()}
        summary = str.__str__(summary)
    elif not isinstance(summary, str):  # a lazy string: the permanent record is Vietnamese, whatever
        with force_locale("vi"):  # the actor's interface language
            summary = str(summary)
    event = CaseEvent(
        case_id=case_id,
        seq=seq,
        created_at=utc_now(),
        actor_id=actor.id if actor else None,
        action=action,
        trigger=trigger,
        from_state=str(from_state) if from_state else None,
        to_state=str(to_state) if to_state else None,
        summary=summary,
        # Round-trip through JSON so the stored value hashes the same when read back.
        details=json.loads(canonical_json(details or {})),
        prev_hash=prev_hash,
    )
    event.hash = chain_hash(prev_hash, event)
    return event


@dataclass(frozen=True)
class ChainBreak:
    """The first event of a case whose stored hash or link does not match."""

    case_id: int
    event_id: int
    seq: int
    reason: str


def verify(case_id: int | None = None) -> list[ChainBreak]:
    """Recompute every chain (or one case's); return the first break of each broken chain."""
    query = db.select(CaseEvent).order_by(CaseEvent.case_id, CaseEvent.seq)
    if case_id is not None:
        query = query.where(CaseEvent.case_id == case_id)
    breaks: list[ChainBreak] = []
    current, prev, expected_seq, broken = None, GENESIS, 1, False
    for event in db.session.scalars(query).yield_per(1000):
        if event.case_id != current:
            current, prev, expected_seq, broken = event.case_id, GENESIS, 1, False
        if broken:
            continue
        reason = _check(event, prev, expected_seq)
        if reason:
            breaks.append(ChainBreak(event.case_id, event.id, event.seq, reason))
            broken = True
        prev, expected_seq = event.hash, event.seq + 1
    return breaks


def _check(event: CaseEvent, prev: str, expected_seq: int) -> str | None:
    if event.seq != expected_seq:
        return f"sequence {event.seq} where {expected_seq} was expected (an event is missing)"
    if event.prev_hash != prev:
        return "prev_hash does not match the previous event's hash"
    if chain_hash(prev, event) != event.hash:
        return "the event's content does not match its hash (it was altered)"
    return None
