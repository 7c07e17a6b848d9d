"""Today's date in Vietnam (Asia/Ho_Chi_Minh): the date every legal rule is applied on."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    """The current calendar date in Vietnam."""
    return datetime.now(VN).date()
