"""``open_inspection``: the working day at the employer and its minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from enforcement.steps.base import StepDef
from enforcement.steps.fields import date_field, lines_field, text_field, textarea_field
from enforcement.workflow import Trigger


@dataclass(frozen=True)
class WorkingMinutesInput:
    date: date = date_field(_l("Ngày làm việc"), dates_documents=True)
    place: str = text_field(_l("Địa điểm"))
    present: list[str] = lines_field(
        _l("Thành phần tham dự"), help=_l("Mỗi dòng một người: họ tên – chức vụ – đơn vị")
    )
    notes: str = textarea_field(_l("Nội dung làm việc"), required=False)


class OpenInspection(StepDef):
    trigger = Trigger.OPEN_INSPECTION
    Input = WorkingMinutesInput
