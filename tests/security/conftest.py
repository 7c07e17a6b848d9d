"""Fixtures of the security tests: office A owns every object the URLs name; office B is the stranger."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from enforcement.extensions import db
from enforcement.models import CalendarDay, DayKind
from tests.security.helpers import Estate, build_estate


@pytest.fixture
def estate(db_session: Any) -> Estate:
    """Office A: the owner of every object the matrix's URLs name."""
    return build_estate("ZZOWNERA")


@pytest.fixture
def stranger(db_session: Any, estate: Estate) -> Estate:
    """Office B: its users must see nothing of office A."""
    return build_estate("ZZOTHERB")


@pytest.fixture
def calendar_day(db_session: Any) -> CalendarDay:
    """Calendar days are national (no office): any admin manages them."""
    day = CalendarDay(day=date(2031, 9, 1), kind=DayKind.DAY_OFF, note="Nghỉ bù")
    db.session.add(day)
    db.session.commit()
    return day
