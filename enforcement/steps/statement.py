"""``issue_statement``: the arrears statement (bảng kê), at any open stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from enforcement.steps.base import StepDef
from enforcement.steps.fields import date_field, signer_field
from enforcement.workflow import Trigger


@dataclass(frozen=True)
class StatementInput:
    issue_date: date = date_field(_l("Ngày lập"), dates_documents=True)
    signer_id: int = signer_field()


class IssueStatement(StepDef):
    trigger = Trigger.ISSUE_STATEMENT
    Input = StatementInput
