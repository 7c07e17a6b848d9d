"""All models, imported here so Alembic autogenerate and ``flask db check`` see every table."""

from enforcement.models.case import Case
from enforcement.models.document import Document, NumberRegister
from enforcement.models.employer import Employer, EmployerKind
from enforcement.models.event import AppendOnlyError, CaseEvent, EventAction
from enforcement.models.evidence import CopyForm, Evidence, EvidenceCategory, EvidenceWithdrawal
from enforcement.models.imports import BatchStatus, DetectionRun, ImportBatch
from enforcement.models.job import Job, JobStatus
from enforcement.models.ledger import LedgerRow
from enforcement.models.legal import CalendarDay, DayKind, LegalParam
from enforcement.models.notification import Notification
from enforcement.models.office import Office, Signer
from enforcement.models.sanction import SanctionDecision, SanctionSource
from enforcement.models.tax import (
    Conference,
    ConferenceDocument,
    ConferenceInvitee,
    ConferenceStatus,
    Lead,
    LeadEvent,
    LeadStatus,
    Outcome,
    TaxBatch,
    TaxMonth,
    Taxpayer,
)
from enforcement.models.user import ApiToken, Role, User

__all__ = [
    "ApiToken",
    "AppendOnlyError",
    "BatchStatus",
    "CalendarDay",
    "Case",
    "CaseEvent",
    "Conference",
    "ConferenceDocument",
    "ConferenceInvitee",
    "ConferenceStatus",
    "CopyForm",
    "DayKind",
    "DetectionRun",
    "Document",
    "Employer",
    "EmployerKind",
    "EventAction",
    "Evidence",
    "EvidenceCategory",
    "EvidenceWithdrawal",
    "ImportBatch",
    "Job",
    "JobStatus",
    "Lead",
    "LeadEvent",
    "LeadStatus",
    "LedgerRow",
    "LegalParam",
    "Notification",
    "NumberRegister",
    "Office",
    "Outcome",
    "Role",
    "SanctionDecision",
    "SanctionSource",
    "Signer",
    "TaxBatch",
    "TaxMonth",
    "Taxpayer",
    "User",
]
