"""The read side of cases, one for the UI and the API: the case of my office, lists, counts, timelines, documents.

Every query is limited to the user's office.  Text search is diacritics-
insensitive ("cong ty an phu" finds "Công ty An Phú") through the folded
``Employer.name_search`` column, and also matches unit and tax codes.  The
page type (``Page``) and ``paginate`` serve every paged list, the dashboard's
too (``services.dashboard`` keeps the aggregate figures of the role homes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from enforcement import clock
from enforcement.errors import NotFound
from enforcement.extensions import db
from enforcement.models import Case, CaseEvent, Document, Employer, EventAction, ImportBatch, User
from enforcement.search import fold
from enforcement.workflow import OPEN_STATES, CaseState, DocKind

MAX_PER_PAGE = 200
DOSSIERS = (DocKind.REFERRAL_DOSSIER, DocKind.REFERRAL_DRAFT)
"""A case's dossier documents, the approved one first (what is printed: approved, else the draft)."""
SORTS = {
    "deadline": (Case.next_deadline.is_(None), Case.next_deadline.asc(), Case.id.asc()),
    "principal": (Case.principal.desc(), Case.id.asc()),
    "months": (Case.months_in_arrears.desc(), Case.principal.desc(), Case.id.asc()),
    "opened": (Case.opened_at.desc(), Case.id.desc()),
    "updated": (Case.updated_at.desc(), Case.id.desc()),
    "name": (Employer.name_search.asc(), Case.id.asc()),
}


@dataclass(frozen=True)
class CaseFilters:
    """What a case list can be narrowed by (all optional)."""

    state: str | None = None
    open_only: bool = False
    assignee_id: int | None = None
    unassigned: bool = False
    district: str | None = None
    min_principal: int | None = None
    max_principal: int | None = None
    overdue: bool = False
    due_soon: bool = False  # a running deadline within 3 days
    q: str | None = None
    sort: str = "deadline"
    today: date | None = None

    def as_args(self) -> dict[str, Any]:
        """The non-empty filters, for links that keep them (pagination, CSV export)."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, False, "") and k != "today"}


T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    """One page of a list (``filters``: what the list was narrowed by, for links that keep them)."""

    items: list[T]
    total: int
    page: int
    per_page: int
    filters: Any = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def paginate(query: sa.Select, page: int, per_page: int, *, scalars: bool = True) -> Page[Any]:
    """One page of ``query`` and the count of all its rows."""
    page = max(1, page)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page))
    items = list(rows.scalars()) if scalars else list(rows)
    return Page(items, total, page, per_page)


def _needs_employer(filters: CaseFilters) -> bool:
    """Whether the sort looks at the employer's columns (filters on them use a subquery)."""
    return filters.sort == "name"


def _employers_matching(user: User, filters: CaseFilters) -> sa.Select | None:
    """The office's employers the text and district filters keep (None: no such filter).

    Searched on the employers first — their own indexes, a trigram index for the name on
    PostgreSQL — then the cases are reached by employer, instead of joining every case.
    """
    text = filters.q.strip() if filters.q else ""
    if not text and not filters.district:
        return None
    query = sa.select(Employer.id).where(Employer.office_id == user.office_id)
    if filters.district:
        query = query.where(Employer.district == filters.district)
    if text:
        query = query.where(_text_match(text))
    return query


def _where(query: sa.Select, user: User, filters: CaseFilters) -> sa.Select:
    today = filters.today or clock.today()
    query = query.where(Case.office_id == user.office_id)
    if filters.state:
        query = query.where(Case.state == CaseState(filters.state))
    if filters.open_only or filters.overdue or filters.due_soon:
        query = query.where(Case.state.in_(OPEN_STATES))
    if filters.unassigned:
        query = query.where(Case.assignee_id.is_(None))
    elif filters.assignee_id:
        query = query.where(Case.assignee_id == filters.assignee_id)
    employers = _employers_matching(user, filters)
    if employers is not None:
        query = query.where(Case.employer_id.in_(employers.scalar_subquery()))
    if filters.min_principal is not None:
        query = query.where(Case.principal >= filters.min_principal)
    if filters.max_principal is not None:
        query = query.where(Case.principal <= filters.max_principal)
    if filters.overdue:
        query = query.where(Case.next_deadline < today)
    if filters.due_soon:
        query = query.where(Case.next_deadline.between(today, today + timedelta(days=3)))
    return query


def case_query(user: User, filters: CaseFilters) -> sa.Select:
    """``SELECT`` of the user's office cases matching ``filters`` (joined with the employer)."""
    return _where(sa.select(Case).join(Case.employer), user, filters)


def _text_match(text: str) -> sa.ColumnElement[bool]:
    """The employers whose folded name holds every word of ``text`` — or, for a code, whose codes are it.

    Every word of the query, in any order, without diacritics: "cong ty an phu" finds "Công ty TNHH
    Thực phẩm An Phú".  A query of words is matched on the folded name alone, so PostgreSQL answers it
    from the name's trigram index instead of reading every employer (an ``OR`` with the code columns
    would defeat the index); a single token with a digit may be a unit or tax code and is tried as both.
    """
    code = text.strip().upper()
    words = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in fold(text).split()]
    by_name = sa.and_(sa.true(), *(Employer.name_search.like(f"%{w}%", escape="\\") for w in words))
    if len(words) != 1 or not any(c.isdigit() for c in code):
        return by_name
    return sa.or_(
        by_name,
        Employer.unit_code == code,
        Employer.tax_code == code,
        Employer.tax_code.like(f"{code.replace('%', '')}-%"),
    )


def list_cases(user: User, filters: CaseFilters, page: int = 1, per_page: int = 25) -> Page[Case]:
    """One page of the user's office cases, with employer and assignee loaded."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    joined = _needs_employer(filters)
    counting = sa.select(sa.func.count(Case.id))
    total = db.session.scalar(_where(counting.join(Case.employer) if joined else counting, user, filters)) or 0
    order = SORTS.get(filters.sort, SORTS["deadline"])
    rows = sa.select(Case)
    # One page of ids first (the index orders it), then its employers and assignees by id:
    # joining them into the paged query would make the database sort the whole match.
    rows = rows.join(Case.employer).options(contains_eager(Case.employer)) if joined else rows.options(
        selectinload(Case.employer)
    )
    items = db.session.scalars(
        _where(rows, user, filters)
        .options(selectinload(Case.assignee))
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(list(items), total, page, per_page, filters)


def state_counts(office_id: int, assignee_id: int | None = None) -> dict[CaseState, int]:
    """How many of the office's cases (or one assignee's) are in each state."""
    query = sa.select(Case.state, sa.func.count()).where(Case.office_id == office_id).group_by(Case.state)
    if assignee_id is not None:
        query = query.where(Case.assignee_id == assignee_id)
    return {CaseState(state): count for state, count in db.session.execute(query)}


_DISTRICTS = sa.text(
    """
    WITH RECURSIVE d(district) AS (
        SELECT MIN(district) FROM employers WHERE office_id = :office AND district > ''
        UNION ALL
        SELECT (SELECT MIN(e.district) FROM employers e WHERE e.office_id = :office AND e.district > d.district)
        FROM d WHERE d.district IS NOT NULL
    )
    SELECT district FROM d WHERE district IS NOT NULL
    """
)


def districts(user: User) -> list[str]:
    """The districts of the office's employers (for the filter), in order.

    One index seek per district on ``(office_id, district)`` (a "loose index scan"),
    instead of reading every employer of the office to find the few distinct values.
    """
    return list(db.session.scalars(_DISTRICTS, {"office": user.office_id}))


# --------------------------------------------------------------------------- one case and its records


def load_case(case_id: int, user: User | None, *, lock: bool = False) -> Case:
    """The case of the user's office (any office for the system, ``user=None``), locked for update when asked.

    :raises NotFound: missing, or of another office (the same answer: nothing is learnt about other offices).
    """
    query = sa.select(Case).where(Case.id == case_id)
    if lock and db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Case)
    case = db.session.scalar(query)
    if case is None or (user is not None and case.office_id != user.office_id):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return case


def _events(case_id: int, action: str | None, newest_first: bool) -> sa.Select:
    query = sa.select(CaseEvent).options(joinedload(CaseEvent.actor)).where(CaseEvent.case_id == case_id)
    if action:
        query = query.where(CaseEvent.action == EventAction(action))
    return query.order_by(CaseEvent.seq.desc() if newest_first else CaseEvent.seq)


def case_timeline(case_id: int, action: str | None = None) -> list[CaseEvent]:
    """The case's events, oldest first, with their actors (optionally one kind of action)."""
    return list(db.session.scalars(_events(case_id, action, newest_first=False)))


def timeline(case_id: int, action: str | None = None, page: int = 1, per_page: int = 50) -> Page[CaseEvent]:
    """One page of the case's timeline, newest first (optionally one kind of action)."""
    return paginate(_events(case_id, action, newest_first=True), page, per_page)


def path_taken(case_id: int) -> list[tuple[str, str]]:
    """The (from, to) state changes of a case, oldest first (for the workflow picture)."""
    rows = db.session.execute(
        sa.select(CaseEvent.from_state, CaseEvent.to_state)
        .where(CaseEvent.case_id == case_id, CaseEvent.to_state.is_not(None))
        .order_by(CaseEvent.seq)
    )
    return [(f, t) for f, t in rows if f and t and f != t]


def case_documents(case_id: int) -> list[Document]:
    """The case's issued documents, oldest first."""
    return list(db.session.scalars(sa.select(Document).where(Document.case_id == case_id).order_by(Document.id)))


def latest_document(case_id: int, kinds: tuple[str, ...]) -> Document | None:
    """The newest document of the case among ``kinds`` (the first kind that has one wins)."""
    for kind in kinds:
        found = db.session.scalar(
            sa.select(Document)
            .where(Document.case_id == case_id, Document.kind == kind)
            .order_by(Document.id.desc())
            .limit(1)
        )
        if found is not None:
            return found
    return None


def document_in_office(user: User, document_id: int) -> Document:
    """An issued document of the user's office, or ``NotFound``."""
    found = db.session.get(Document, document_id)
    if found is None or found.office_id != user.office_id:
        raise NotFound(_("Không tìm thấy tài liệu."))
    return found


def import_batch_in_office(user: User, batch_id: int) -> ImportBatch:
    """A ledger import of the user's office, or ``NotFound``."""
    found = db.session.get(ImportBatch, batch_id)
    if found is None or found.office_id != user.office_id:
        raise NotFound(_("Không tìm thấy lần nhập sổ này."))
    return found
