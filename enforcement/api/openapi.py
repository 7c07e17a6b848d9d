"""The OpenAPI 3.1 description of ``/api/v1``, served at ``GET /api/v1/openapi.json``.

Written by hand, operation by operation (``OPERATIONS``), not generated from
the routes: a test compares it with ``app.url_map`` in both directions and with
each view's declared permission, so a route cannot be added, removed or
re-permissioned without this document following.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from enforcement.api.assignments import MAX_BULK
from enforcement.api.auth import public
from enforcement.api.blueprint import PREFIX, api
from enforcement.calculators import CALCULATORS
from enforcement.calculators import CASE_DATE_FIELDS as CASE_DATE_NAMES
from enforcement.domain.fines import OFFENDERS as FINE_OFFENDERS
from enforcement.domain.fines import FineBehaviour
from enforcement.domain.sanctions import BEHAVIOURS as SANCTION_BEHAVIOURS
from enforcement.file_names import UPLOAD_NAME_PATTERN
from enforcement.models import CopyForm, EvidenceCategory
from enforcement.permissions import Permission
from enforcement.services.evidence_check import MIMES as EVIDENCE_MIMES
from enforcement.services.jobs import KINDS as JOB_KINDS
from enforcement.services.queries import MAX_PER_PAGE, SORTS
from enforcement.steps import fields, step_of
from enforcement.workflow import STEP_BY_TRIGGER, CaseState, Trigger

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: tuple[str, ...] = (), extra: bool = False, /, **props: Schema) -> Schema:
    """An object schema: ``required`` names, ``extra`` allows more properties, ``props`` the properties."""
    out: Schema = {"type": "object", "properties": props, "additionalProperties": extra}
    if required:
        out["required"] = list(required)
    return out


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def nullable(schema: Schema) -> Schema:
    return {"oneOf": [schema, {"type": "null"}]}


STR: Schema = {"type": "string"}
INT: Schema = {"type": "integer"}
# Request values carry their bounds (the server validates every request against this document, see
# ``enforcement.api.validation``): text without NUL (no database column takes it), ids within the database's
# integer columns, amounts within the 15 digits a ledger amount may have.
TEXT: Schema = fields.json_text()
ID: Schema = {"type": "integer", "minimum": 1, "maximum": fields.ID_MAX}
MONEY: Schema = fields.json_money()
BOOL: Schema = {"type": "boolean"}
DATE: Schema = fields.json_date()
DATETIME: Schema = {"type": "string", "format": "date-time"}
PERIOD: Schema = fields.json_period()
COUNT: Schema = {"type": "integer", "minimum": 0, "maximum": fields.INT_MAX}
ANY_OBJECT: Schema = {"type": "object", "additionalProperties": True}


def _list_of(item: str, **more: Schema) -> Schema:
    return obj(("items",), items=array(ref(item)), **more)


def fire_request(trigger: Trigger) -> Schema:
    """The body of ``POST …/transitions/<trigger>``: the case version the client saw and the step's fields."""
    step = step_of(trigger).json_schema()
    return {
        "type": "object",
        "title": str(STEP_BY_TRIGGER[trigger].label),
        "description": "The case version the client saw (409 when the case changed) and the fields of the step "
        f"(StepInput_{trigger.value}, also listed by GET …/transitions).",
        "required": ["version", *step["required"]],
        "properties": {"version": {**ID, "description": "The case's version as the client saw it."},
                       **step["properties"]},
        "additionalProperties": False,
    }


CASE_FIELDS: dict[str, Schema] = {
    "id": INT,
    "state": {"type": "string", "enum": [s.value for s in CaseState]},
    "state_label": STR,
    "version": INT,
    "employer": ref("EmployerBrief"),
    "assignee": nullable(ref("UserRef")),
    "arrears": ref("Arrears"),
    "next_deadline": nullable(ref("NextDeadline")),
    "opened_at": DATETIME,
    "updated_at": DATETIME,
    "url": STR,
}

SCHEMAS: dict[str, Schema] = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {**STR, "description": "Error class, e.g. StaleCase, GuardRejected, ValidationFailed."},
            "message": {**STR, "description": "Vietnamese message for the user."},
            "reasons": {**array(STR), "description": "GuardRejected: why each guard blocked."},
            "errors": {
                "description": "ValidationFailed: messages per field; ImportRejected: every rejected row.",
                "oneOf": [
                    {"type": "object", "additionalProperties": array(STR)},
                    array(ref("RowError")),
                ],
            },
            "current_version": {**INT, "description": "StaleCase: the case's version now."},
        },
        "additionalProperties": True,
    },
    "RowError": obj(row=nullable(INT), column=nullable(STR), value=nullable(STR), message=STR),
    "UserRef": obj(("id", "username", "full_name", "role"), id=INT, username=STR, full_name=STR, role=STR),
    "EmployerBrief": obj(
        ("id", "unit_code", "tax_code", "name"), id=INT, unit_code=STR, tax_code=STR, name=STR, district=STR
    ),
    "Employer": obj(
        ("id", "unit_code", "tax_code", "name"),
        id=INT,
        unit_code=STR,
        tax_code=STR,
        name=STR,
        district=STR,
        address=STR,
        kind=STR,
        legal_representative=STR,
        representative_title=STR,
        contact=STR,
    ),
    "Arrears": obj(
        ("months", "oldest_unpaid_period", "principal", "interest", "interest_complete", "employees"),
        months=INT,
        oldest_unpaid_period=nullable(PERIOD),
        principal=MONEY,
        interest=MONEY,
        interest_accrued=MONEY,
        interest_paid=MONEY,
        interest_complete=BOOL,
        employees=INT,
        as_of=nullable(DATETIME),
    ),
    "NextDeadline": obj(("id", "due"), id=nullable(STR), due=DATE),
    "CaseSummary": obj(("id", "state", "version", "employer", "arrears"), **CASE_FIELDS),
    "Case": obj(
        ("id", "state", "version", "employer", "arrears"),
        **{
            **CASE_FIELDS,
            "employer": ref("Employer"),
            "is_open": BOOL,
            "concluded_behaviour": nullable(STR),
            "penalty_decided_on": nullable(DATE),
            "dismissal_requested": BOOL,
            "outcome": nullable(STR),
            "closed_at": nullable(DATETIME),
        },
    ),
    "CaseList": _list_of("CaseSummary", total=INT, page=INT, per_page=INT, pages=INT),
    "Field": obj(
        ("name", "type", "label", "required"),
        name=STR,
        type=STR,
        label=STR,
        required=BOOL,
        choices=array(obj(value=STR, label=STR)),
        help=STR,
    ),
    "Transition": obj(
        ("trigger", "allowed", "reasons", "fields"),
        trigger={"type": "string", "enum": [t.value for t in Trigger]},
        label=STR,
        to_state=STR,
        allowed=BOOL,
        forbidden={**BOOL, "description": "Refused for the user's role or assignment."},
        reasons=array(STR),
        documents=array(STR),
        fields=array(ref("Field")),
    ),
    "TransitionList": _list_of("Transition", case_id=INT, state=STR, version=INT),
    "Document": obj(
        ("id", "kind", "number_text", "issue_date", "url"),
        id=INT,
        case_id=INT,
        kind=STR,
        title=STR,
        number_text=nullable(STR),
        issue_date=DATE,
        signer_name=STR,
        signer_title=STR,
        sha256=STR,
        size=INT,
        supersedes_id=nullable(INT),
        created_at=DATETIME,
        url=STR,
    ),
    "DocumentList": _list_of("Document", case_id=INT),
    "Evidence": obj(
        ("id", "case_id", "category", "file_name", "mime", "size", "sha256", "withdrawn"),
        id=INT,
        case_id=INT,
        category={"type": "string", "enum": [c.value for c in EvidenceCategory]},
        copy_form=nullable({"type": "string", "enum": [c.value for c in CopyForm]}),
        description=STR,
        file_name=STR,
        mime={"type": "string", "enum": list(EVIDENCE_MIMES)},
        size=INT,
        sha256=STR,
        created_at=DATETIME,
        withdrawn=BOOL,
        withdrawal=nullable(obj(("reason", "at"), reason=STR, by=nullable(ref("UserRef")), at=DATETIME)),
    ),
    "EvidenceList": _list_of("Evidence", case_id=INT),
    "EvidenceUpload": obj(
        ("file", "category", "copy_form"),
        file={"type": "string", "format": "binary",
              "description": "PDF, PNG, JPEG, XLSX or DOCX, judged by decoding its content (not its name); "
              "at most MAX_EVIDENCE_BYTES (10 MB)."},
        category={"type": "string", "enum": [c.value for c in EvidenceCategory]},
        copy_form={"type": "string", "enum": [c.value for c in CopyForm],
                   "description": "Original, certified copy or electronic conversion (BCA letter 5659)."},
        description=fields.json_text(500),
    ),
    "WithdrawalRequest": obj(
        ("reason",),
        reason={**fields.json_text(500, required=True),
                "description": "Why the item is withdrawn (kept on the timeline)."},
    ),
    "CorrectionRequest": obj(
        ("reason",),
        reason={**fields.json_text(1000, required=True),
                "description": "Why the document is corrected (printed on the new document, kept on the timeline)."},
    ),
    "Event": obj(
        ("seq", "created_at", "action", "hash"),
        seq=INT,
        created_at=DATETIME,
        actor=nullable(ref("UserRef")),
        action=STR,
        trigger=nullable(STR),
        from_state=nullable(STR),
        to_state=nullable(STR),
        summary=STR,
        details=ANY_OBJECT,
        prev_hash=STR,
        hash=STR,
    ),
    "Timeline": _list_of("Event", case_id=INT),
    "Deadline": obj(
        ("id", "due", "overdue"),
        id=STR,
        label_vi=STR,
        start=DATE,
        due=DATE,
        days_left=INT,
        overdue=BOOL,
        met=BOOL,
        running=BOOL,
        source=STR,
        ended_on=nullable(DATE),
        party={"type": "string", "enum": ["employer", "office", "police"],
               "description": "whose deadline: the employer's, the office's or the police's"},
        milestone={"type": "boolean", "description": "a threshold reached, never overdue (D-EVASION, D-CLEAR)"},
        closed_note={"type": "string", "description": "why it stopped applying without its own ending event"},
        assumed=BOOL,
        rule=STR,
    ),
    "DeadlineList": _list_of("Deadline", case_id=INT, today=DATE),
    "Article216": {
        "type": "object",
        "required": ["available"],
        "description": "available=false with a reason, or the evaluation (passed, band, criteria, penalties…).",
        "properties": {
            "case_id": INT,
            "available": BOOL,
            "reason": STR,
            "passed": BOOL,
            "band": nullable(INT),
            "criteria": array(ANY_OBJECT),
            "penalties": ANY_OBJECT,
        },
        "additionalProperties": True,
    },
    # Each step's fields, derived from its typed Input (enforcement/steps), as the form and the validation are;
    # the body of POST …/transitions/<trigger> is the case version the client saw plus these fields.
    **{f"StepInput_{t.value}": {**step_of(t).json_schema(), "title": str(STEP_BY_TRIGGER[t].label)}
       for t in Trigger},
    **{f"FireRequest_{t.value}": fire_request(t) for t in Trigger},
    "FireResult": obj(("case", "documents", "event"), case=ref("Case"), documents=array(ref("Document")),
                      event=ref("Event")),
    "AssignRequest": obj(("assignee_id",), assignee_id={**nullable(ID), "description": "null unassigns."}),
    "BulkAssignRequest": obj(("case_ids", "assignee_id"),
                             case_ids={**array(ID), "minItems": 1, "maxItems": MAX_BULK},
                             assignee_id={**nullable(ID), "description": "null unassigns."}),
    "BulkAssignResult": _list_of("CaseSummary", changed=INT),
    "ImportResult": {
        "type": "object",
        "required": ["batch_id", "status", "message"],
        "properties": {
            "batch_id": INT,
            "status": {"type": "string", "enum": ["accepted", "rejected", "duplicate"]},
            "message": STR,
            "file_name": STR,
            "sha256": STR,
            "rows_total": INT,
            "rows_inserted": INT,
            "rows_updated": INT,
            "rows_unchanged": INT,
            "employers_created": INT,
            "employers_updated": INT,
            "cases_touched": INT,
            "errors": array(ref("RowError")),
            "ignored_columns": array(STR),
            "duplicate_of": nullable(INT),
            "error_count": INT,  # every error of a rejected file; ``errors`` lists at most the first 1 000
        },
        "additionalProperties": True,
    },
    "ImportBatch": obj(
        ("id", "status", "file_name", "sha256"),
        id=INT,
        status=STR,
        file_name=STR,
        sha256=STR,
        size=INT,
        rows_total=INT,
        rows_inserted=INT,
        rows_updated=INT,
        rows_unchanged=INT,
        rows_rejected=INT,
        employers_created=INT,
        employers_updated=INT,
        errors=array(ref("RowError")),
        notes=array(ANY_OBJECT),
        user=nullable(ref("UserRef")),
        created_at=DATETIME,
    ),
    "DetectionRequest": obj(
        as_of={**nullable(DATE), "description": "Default: today (Asia/Ho_Chi_Minh)."},
        background={**BOOL, "description": "Run as a background job (202) whatever the office's size."},
    ),
    "Job": obj(
        ("id", "kind", "status", "progress", "text", "result", "error", "finished", "url"),
        id=INT,
        kind={"type": "string", "enum": list(JOB_KINDS)},
        status={"type": "string", "enum": ["queued", "running", "done", "failed"]},
        progress={"type": "integer", "minimum": 0, "maximum": 100},
        text=STR,
        result={**ANY_OBJECT, "description": "When done: the ImportResult or DetectionResult."},
        error=STR,
        finished=BOOL,
        url=STR,
    ),
    "TaxImportResult": {
        "type": "object",
        "required": ["batch_id", "status", "message"],
        "properties": {
            "batch_id": INT,
            "status": {"type": "string", "enum": ["accepted", "rejected", "duplicate"]},
            "message": STR,
            "file_name": STR,
            "sha256": STR,
            "rows_total": INT,
            "rows_inserted": INT,
            "rows_updated": INT,
            "rows_unchanged": INT,
            "taxpayers_created": INT,
            "taxpayers_updated": INT,
            "errors": array(ref("RowError")),
            "ignored_columns": array(STR),
            "duplicate_of": nullable(INT),
        },
        "additionalProperties": True,
    },
    "Lead": obj(
        ("name", "kinds", "unit_code", "months", "max_tax_employees", "max_gap", "estimated_contributions",
         "new_business"),
        name=STR,
        kinds=array({"type": "string", "enum": ["headcount", "unregistered", "wages"]}),
        unit_code=nullable(STR),
        months=array(PERIOD),
        max_tax_employees=INT,
        max_gap=INT,
        estimated_contributions=MONEY,
        new_business=BOOL,
        district=STR,
    ),
    "LeadReport": obj(
        ("month", "window", "params", "leads"),
        month={**nullable(PERIOD), "description": "Null when the office has no tax data yet (see message)."},
        window=array(PERIOD),
        params=ANY_OBJECT,
        message=STR,
        order={**array(STR), "description": "Tax codes, largest estimated contributions first."},
        leads={"type": "object", "additionalProperties": ref("Lead"), "description": "Keyed by canonical tax code."},
    ),
    "DetectionResult": obj(
        ("opened", "updated", "settled", "unchanged"),
        run_id=INT,
        as_of=DATE,
        threshold=INT,
        opened=INT,
        updated=INT,
        settled=INT,
        unchanged=INT,
    ),
    "Article216Input": obj(
        ("evaluation_date", "offender", "evasion_months", "prior_offences", "prior_penalties", "still_unpaid"),
        evaluation_date=DATE,
        offender={"type": "string", "enum": ["person", "legal_entity"]},
        evasion_months={**array(
            obj(
                ("period", "amount", "employees"),
                period=PERIOD,
                amount=MONEY,
                employees={
                    **nullable(COUNT),
                    "description": "Workers actually evaded that month as confirmed by the inspector; "
                    "null until confirmed (C4 is then undetermined).",
                },
                ledger_employees={**nullable(COUNT), "description": "The ledger headcount: a suggestion only."},
                withheld={**MONEY, "description": "Employee shares withheld that month and not paid over "
                          "(at most the month's amount)."},
            )
        ), "maxItems": 600, "description": "Each period once."},
        withheld_not_paid={**MONEY, "description": "Optional total; must equal the months' 'withheld' sum."},
        prior_offences=COUNT,
        prior_penalties={**array(
            obj(
                ("decision_date", "behaviour"),
                decision_date=DATE,
                behaviour={"type": "string", "enum": list(SANCTION_BEHAVIOURS)},
                number=nullable(fields.json_text(200)),
                conduct_months={**array(PERIOD), "maxItems": 600,
                                "description": "Months of conduct the decision penalised."},
                form={"type": "string", "enum": ["fine", "warning"]},
                received_on=nullable(DATE),
                compliance_deadline=nullable(DATE),
                complied_on=nullable(DATE),
                evading_enforcement=BOOL,
                enforcement_evaded_until=nullable(DATE),
                source={"type": "string", "enum": ["case", "manual", "input"]},
                case_id=nullable(ID),
            )
        ), "maxItems": 100},
        still_unpaid=MONEY,
    ),
    "SanctionDecision": obj(
        ("id", "source", "number", "decision_date", "behaviours", "conduct_months", "status", "reason"),
        id=INT,
        source={"type": "string", "enum": ["case", "manual"]},
        case_id=nullable(INT),
        document_id=nullable(INT),
        number=STR,
        decision_date=DATE,
        signer=STR,
        form={"type": "string", "enum": ["fine", "warning"]},
        behaviours=array(obj(("code", "label"), code={"type": "string", "enum": list(SANCTION_BEHAVIOURS)},
                             label=STR)),
        articles=array(STR),
        conduct_months=array(PERIOD),
        fines=array(ANY_OBJECT),
        fine_total=MONEY,
        received_on=nullable(DATE),
        compliance_days=nullable(INT),
        compliance_deadline={**DATE, "description": "D-COMPLY: from the receipt (assumed when not entered)."},
        compliance_deadline_assumed=BOOL,
        complied_on=nullable(DATE),
        fine_paid_on=nullable(DATE),
        fine_paid_amount=nullable(MONEY),
        payment_receipt=STR,
        enforcement=array(obj(("number", "date", "measure"), number=STR, date=DATE, measure=STR)),
        evading_enforcement=BOOL,
        enforcement_evaded_until=nullable(DATE),
        has_document=BOOL,
        status={"type": "string", "enum": ["live", "cleared"]},
        live_until={**nullable(DATE), "description": "Last live day; null while the offender evades enforcement."},
        cleared_on={**nullable(DATE), "description": "D-CLEAR: first day considered not penalised (XLVPHC Art. 7)."},
        extended_by={**array(INT), "description": "Later decisions that restarted this one's window."},
        reason={**STR, "description": "Why, in Vietnamese."},
    ),
    "SanctionHistory": obj(
        ("employer_id", "as_of", "rule", "live_evasion", "items"),
        employer_id=INT,
        as_of=DATE,
        rule=STR,
        live_evasion={**BOOL, "description": "A live evasion decision: new evasion is a repeat offence."},
        items=array(ref("SanctionDecision")),
    ),
    "FineInput": obj(
        ("violation_date", "offender", "violations"),
        violation_date={**DATE, "description": "The violation record's date."},
        ended_on={**nullable(DATE), "description": "When the conduct ended; null = still ongoing (Art. 67)."},
        offender={"type": "string", "enum": list(FINE_OFFENDERS)},
        violations=array(obj(
            ("behaviour",),
            behaviour={"type": "string", "enum": [b.value for b in FineBehaviour]},
            base={**MONEY, "description": "The SI or BHTN amount late/evaded (percentage behaviours)."},
            workers={**INT, "description": "Workers found unregistered (registration behaviours)."},
            months=INT,
            aggravating={**array(STR), "description": "Factor ids of XLVPHC Art. 10(1)."},
            mitigating={**array(STR), "description": "Factor ids of XLVPHC Art. 9."},
        )),
        signer=obj(("title",), title={**STR, "description": "A competence title id, or a title with cap_person."},
                   cap_person=MONEY),
    ),
    "InterestInput": {
        "type": "object",
        "required": ["as_of"],
        "description": "Either months (period, outstanding) for LR-INTEREST or a ledger (period, due, paid, "
        "employees, withheld, interest_paid) for LR-ARREARS and LR-INTEREST as revised (the ledger wins when "
        "both are given). Each period once.",
        "properties": {
            "as_of": DATE,
            "months": {**array(obj(("period", "outstanding"), period=PERIOD, outstanding=MONEY)), "maxItems": 600},
            "ledger": {**array(
                obj(
                    ("period", "due", "paid"),
                    period=PERIOD,
                    due=MONEY,
                    paid=MONEY,
                    employees=COUNT,
                    withheld=MONEY,
                    interest_paid=MONEY,
                )
            ), "maxItems": 600},
        },
        "anyOf": [{"required": ["months"]}, {"required": ["ledger"]}],
        "additionalProperties": False,
    },
    "DeadlinesInput": obj(
        ("today", "dates"),
        today=DATE,
        dates={
            **obj(
                violation_found=nullable(BOOL),
                complex_case_reason=nullable(fields.json_text(5000)),
                **{name: nullable(DATE) for name in CASE_DATE_NAMES},
            ),
            "description": "The case's dates (YYYY-MM-DD).",
        },
        days_off={**nullable(array(DATE)), "maxItems": 1000},
        working_days={**nullable(array(DATE)), "maxItems": 1000},
    ),
    "CalculatorResult": {**ANY_OBJECT, "description": "The calculator's result, as `flask legal …` prints it."},
    "OpenAPI": ANY_OBJECT,
}


def without_nul(schema: Any) -> Any:
    """``schema`` with every free text (a string without pattern, enum, format or const) refusing NUL.

    No database column takes NUL and the server refuses it (400) wherever it appears, so the document says
    so for every string, the ones of operations added later included.
    """
    if isinstance(schema, list):
        return [without_nul(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: (value if key in ("enum", "const", "example", "examples", "default") else without_nul(value))
           for key, value in schema.items()}
    kinds = out.get("type")
    is_text = kinds == "string" or (isinstance(kinds, list) and "string" in kinds)
    if is_text and not any(key in out for key in ("pattern", "enum", "format", "const")):
        out["pattern"] = fields.NO_NUL
    return out


SCHEMAS = without_nul(SCHEMAS)

ERROR_TEXT = {
    400: "Bad request, refused before any validation: a NUL character in the query string, form or JSON body, "
    "or a number too large for the database.",
    401: "No valid bearer token (with `WWW-Authenticate: Bearer`).",
    403: "The role may not do this.",
    404: "No such resource in the user's office.",
    409: "Stale version: the case changed (`current_version`).",
    413: "Body larger than the configured limit.",
    422: "Invalid input (`errors`), a guard failed (`reasons`) or a file was rejected.",
    429: "Too many requests: this token's requests (`RATELIMIT_API_TOKEN`, default 600 a minute) or this "
    "address's failed tokens (`RATELIMIT_API_FAILURES`, default 20 a minute) are over their limit. "
    "Retry after `Retry-After` seconds.",
    500: "Internal error (no details are given), or a document that failed its integrity check.",
}
ERROR_HEADERS: dict[int, Schema] = {
    429: {
        "Retry-After": {
            "description": "Seconds until the next request may be accepted.",
            "required": True,
            "schema": {"type": "integer", "minimum": 1},
        }
    },
}
# Every operation may answer 400 (NUL, a number too large); with a token also 401, 403 and 429 (rate limits).
PUBLIC_ERRORS = (400,)
AUTHENTICATED_ERRORS = (400, 401, 403, 429)


@dataclass(frozen=True)
class Param:
    name: str
    where: str  # path | query
    schema: Schema
    description: str = ""

    def to_dict(self) -> Schema:
        out: Schema = {"name": self.name, "in": self.where, "required": self.where == "path",
                       "schema": without_nul(self.schema)}
        if self.description:
            out["description"] = self.description
        return out


def path_id(name: str) -> Param:
    return Param(name, "path", ID)


@dataclass(frozen=True)
class Op:
    """One operation of the API: what the document says about one (path, method)."""

    method: str
    path: str
    endpoint: str
    summary: str
    permission: Permission | None
    tag: str
    ok: Schema
    params: tuple[Param, ...] = ()
    body: Schema | None = None
    errors: tuple[int, ...] = ()
    media: str = "application/json"
    body_media: tuple[str, ...] = ("application/json",)
    accepted: str = ""  # when set: a 202 response (a background job), described by this text
    # When set: the business rules that may refuse a well-formed request (422, or 409 for a stale case); a request
    # the schema allows is otherwise accepted (the schemathesis test holds the server to it).
    rules: str = ""
    body_required: bool = True
    operation_id: str = ""  # default: the endpoint (several operations may share one view: the triggers)

    def to_dict(self) -> Schema:
        out: Schema = {"operationId": self.operation_id or self.endpoint, "summary": self.summary,
                       "tags": [self.tag]}
        if self.permission is None:
            out["security"] = []
        else:
            out["x-permission"] = self.permission.value
        if self.params:
            out["parameters"] = [p.to_dict() for p in self.params]
        if self.body is not None:
            out["requestBody"] = {"required": self.body_required,
                                  "content": {m: {"schema": without_nul(self.body)} for m in self.body_media}}
        codes = (*(PUBLIC_ERRORS if self.permission is None else AUTHENTICATED_ERRORS), *self.errors, 500)
        out["responses"] = {"200": {"description": "OK", "content": {self.media: {"schema": self.ok}}}}
        if self.accepted:
            out["responses"]["202"] = {
                "description": self.accepted,
                "headers": {"Location": {"description": "The job's URL.", "schema": STR}},
                "content": {"application/json": {"schema": ref("Job")}},
            }
        out["responses"].update({str(c): {"$ref": f"#/components/responses/E{c}"} for c in sorted(set(codes))})
        if self.rules:
            for code in (409, 422):
                if str(code) in out["responses"]:
                    out["responses"][str(code)] = {**_error_response(code, f"{ERROR_TEXT[code]} {self.rules}"),
                                                   "x-business-rules": True}
        return out


CASE_ID = path_id("case_id")
MAX_PAGE = 1_000_000
BINARY: Schema = {"type": "string", "format": "binary"}
FILTERS = (
    Param("state", "query", {"type": "string", "enum": ["open", *[s.value for s in CaseState]]},
          "A state, or `open` for every open state."),
    Param("assignee", "query", {"type": "string", "pattern": "^(?:|me|none|[1-9][0-9]{0,8})$"},
          "A user id, `me`, or `none` (unassigned)."),
    Param("q", "query", TEXT, "Employer name (diacritics-insensitive), unit code or tax code."),
    Param("overdue", "query", BOOL, "Only cases with an overdue running deadline."),
    Param("due_soon", "query", BOOL, "Only cases with a deadline within 3 days."),
    Param("district", "query", TEXT),
    Param("min_principal", "query", MONEY),
    Param("max_principal", "query", MONEY),
    Param("sort", "query", {"type": "string", "enum": list(SORTS)}, "Default `deadline`."),
    Param("page", "query", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    Param("per_page", "query", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
          f"Default 25, at most {MAX_PER_PAGE}."),
)

ASSIGN_RULES = "422: an assignee who is not an active inspector of the office (`errors.assignee_id`)."
FILE_RULES = ("422: the file was rejected (`error` ImportRejected: its rows, columns or format; or an unreadable "
              "or too large workbook).")
UPLOAD: Schema = {"type": "object", "properties": {"file": {**BINARY, "description": "The file."}},
                  "required": ["file"], "additionalProperties": False}
FILE_NAME: Schema = {"type": "string", "pattern": UPLOAD_NAME_PATTERN, "maxLength": 1000}

CALCULATOR_INPUTS = {
    "article216": "Article216Input",
    "fine": "FineInput",
    "interest": "InterestInput",
    "deadlines": "DeadlinesInput",
}

OPERATIONS: tuple[Op, ...] = (
    Op("get", "/cases", "list_cases", "List the office's cases", Permission.CASE_READ, "cases", ref("CaseList"),
       FILTERS, errors=(422,)),
    Op("get", "/cases/{case_id}", "get_case", "One case", Permission.CASE_READ, "cases", ref("Case"), (CASE_ID,),
       errors=(404,)),
    Op("get", "/cases/{case_id}/timeline", "case_timeline", "The case's timeline", Permission.CASE_READ, "cases",
       ref("Timeline"), (CASE_ID,), errors=(404,)),
    Op("get", "/cases/{case_id}/deadlines", "case_deadlines", "The case's statutory deadlines",
       Permission.CASE_READ, "cases", ref("DeadlineList"), (CASE_ID,), errors=(404,)),
    Op("get", "/cases/{case_id}/article216", "case_article216", "Article 216 evaluation of the case",
       Permission.CASE_READ, "cases", ref("Article216"), (CASE_ID,), errors=(404,)),
    Op("get", "/cases/{case_id}/transitions", "list_transitions", "Triggers of the current state, with reasons",
       Permission.CASE_READ, "transitions", ref("TransitionList"), (CASE_ID,), errors=(404,)),
    # One operation per trigger (the route is /cases/{case_id}/transitions/{trigger}): each has its own body.
    *(
        Op("post", f"/cases/{{case_id}}/transitions/{t.value}", "fire_transition",
           f"Fire {t.value}: {STEP_BY_TRIGGER[t].label}", Permission.CASE_ACT, "transitions", ref("FireResult"),
           (CASE_ID,), ref(f"FireRequest_{t.value}"), errors=(404, 409, 422), operation_id=f"fire_{t.value}",
           rules="409: the case changed since `version`. 422: a guard of the transition blocked it (`reasons`: "
           "the state, the role or assignment, a missing prerequisite), or a rule of the step refused its input "
           "(`errors`: a date after today or before the case's facts, a signer who is not the office's, a month "
           "left unclassified, an amount outside the legal band, dated legal parameters missing for a date).")
        for t in Trigger
    ),
    Op("get", "/cases/{case_id}/documents", "case_documents", "The case's documents", Permission.DOCUMENT_READ,
       "documents", ref("DocumentList"), (CASE_ID,), errors=(404,)),
    Op("post", "/cases/{case_id}/documents/{document_id}/corrections", "correct_document",
       "Correct a document: a new, newly numbered document supersedes it (both are kept); legal staff and "
       "supervisors only", Permission.CASE_ACT, "documents", ref("Document"), (CASE_ID, path_id("document_id")),
       ref("CorrectionRequest"), errors=(404, 422),
       rules="422: a document that cannot be corrected (`errors.document_id`)."),
    Op("get", "/cases/{case_id}/evidence", "list_evidence", "The case's evidence (withdrawn items marked)",
       Permission.DOCUMENT_READ, "evidence", ref("EvidenceList"), (CASE_ID,), errors=(404,)),
    Op("post", "/cases/{case_id}/evidence", "upload_evidence",
       "Upload an evidence file (PDF, PNG, JPEG, XLSX, DOCX, fully decoded before it is accepted)",
       Permission.CASE_ACT, "evidence", ref("Evidence"), (CASE_ID,), ref("EvidenceUpload"),
       errors=(404, 413, 422), body_media=("multipart/form-data",),
       rules="422: the file is empty, too large or does not decode as a PDF, PNG, JPEG, XLSX or DOCX "
       "(`errors.file`)."),
    Op("post", "/cases/{case_id}/evidence/{evidence_id}/withdrawal", "withdraw_evidence",
       "Withdraw an evidence item (its uploader or a supervisor): kept, left out of the referral dossier",
       Permission.CASE_ACT, "evidence", ref("Evidence"), (CASE_ID, path_id("evidence_id")),
       ref("WithdrawalRequest"), errors=(404, 422),
       rules="422: the item is already withdrawn."),
    Op("get", "/documents/{document_id}.pdf", "download_document", "Download a document (SHA-256 checked)",
       Permission.DOCUMENT_READ, "documents", BINARY, (path_id("document_id"),), errors=(404, 500),
       media="application/pdf"),
    Op("get", "/cases/{case_id}/dossier.pdf", "case_dossier", "The referral dossier (final, else draft)",
       Permission.DOSSIER_PRINT, "documents", BINARY, (CASE_ID,), errors=(404, 500), media="application/pdf"),
    Op("post", "/cases/{case_id}/assignment", "assign_case", "Assign or unassign a case", Permission.CASE_ASSIGN,
       "assignments", ref("Case"), (CASE_ID,), ref("AssignRequest"), errors=(404, 422), rules=ASSIGN_RULES),
    Op("post", "/assignments", "assign_cases", "Assign many cases", Permission.CASE_ASSIGN, "assignments",
       ref("BulkAssignResult"), body=ref("BulkAssignRequest"), errors=(404, 422), rules=ASSIGN_RULES),
    Op("post", "/imports", "create_import", "Import a ledger file (CSV or XLSX)", Permission.LEDGER_IMPORT,
       "imports", ref("ImportResult"),
       (Param("file_name", "query", FILE_NAME, "The file's name when it is sent as the raw body."),),
       UPLOAD,
       errors=(413, 422), body_media=("multipart/form-data",), rules=FILE_RULES,
       accepted="A file larger than API_SYNC_IMPORT_BYTES (1 MB): imported by a background job."),
    Op("get", "/imports/{batch_id}", "get_import", "One import's record", Permission.LEDGER_IMPORT, "imports",
       ref("ImportBatch"), (path_id("batch_id"),), errors=(404,)),
    Op("post", "/tax-imports", "create_tax_import", "Import a tax-data file (CSV or XLSX, TAX_FORMAT.md)",
       Permission.LEDGER_IMPORT, "leads", ref("TaxImportResult"),
       (Param("file_name", "query", FILE_NAME, "The file's name when it is sent as the raw body."),),
       UPLOAD,
       errors=(413, 422), body_media=("multipart/form-data",), rules=FILE_RULES),
    Op("get", "/tax-leads", "list_tax_leads", "Evasion leads of a month from the tax data (PRODUCT.md §10)",
       Permission.CASE_READ, "leads", ref("LeadReport"),
       (Param("month", "query", PERIOD, "Comparison month; default the latest month of the tax data."),
        Param("kind", "query", {"type": "string", "enum": ["headcount", "unregistered", "wages"]}),
        Param("district", "query", TEXT),
        Param("new_business", "query", BOOL),
        Param("min_amount", "query", MONEY),
        Param("max_amount", "query", MONEY)),
       errors=(422,), rules="422: a month without dated legal parameters (`errors.params`)."),
    Op("post", "/detections", "run_detection", "Run arrears detection", Permission.DETECTION_RUN, "detections",
       ref("DetectionResult"), body=ref("DetectionRequest"), errors=(422,), body_required=False,
       rules="422: a date without dated legal parameters.",
       accepted="An office with more than API_SYNC_DETECTION_EMPLOYERS (2 000) employers, or `background`: "
       "detected by a background job."),
    Op("get", "/jobs/{job_id}", "get_job", "A background job of the office (status, progress, result)",
       Permission.CASE_READ, "jobs", ref("Job"), (path_id("job_id"),), errors=(404,)),
    *(
        Op("post", f"/calculators/{name}", f"calculate_{name}", f"The {name} calculator", Permission.CALCULATOR_USE,
           "calculators", ref("CalculatorResult"), body=ref(CALCULATOR_INPUTS[name]), errors=(422,),
           rules="422: a date without dated legal parameters, or a rule across fields (`errors`: a period "
           "given twice, a withheld amount above the month's, a day both off and working…).")
        for name in CALCULATORS
    ),
    Op("get", "/employers/{employer_id}/sanctions", "employer_sanctions",
       "The employer's sanction history (LR-SANCTIONS): every penalty decision, live or cleared today",
       Permission.CASE_READ, "employers", ref("SanctionHistory"), (path_id("employer_id"),), errors=(404,)),
    Op("get", "/openapi.json", "openapi", "This description", None, "meta", ref("OpenAPI")),
)


@dataclass
class _Doc:
    paths: dict[str, dict[str, Schema]] = field(default_factory=dict)

    def add(self, op: Op) -> None:
        self.paths.setdefault(op.path, {})[op.method] = op.to_dict()


def _raw_body_variant(doc: _Doc) -> None:
    """``POST /imports`` also takes the file as the raw body (any content type)."""
    for path in ("/imports", "/tax-imports"):
        body = doc.paths[path]["post"]["requestBody"]["content"]
        body["application/octet-stream"] = {"schema": {**BINARY, "minLength": 1}}


def _error_response(code: int, text: str) -> Schema:
    out: Schema = {"description": text, "content": {"application/json": {"schema": ref("Error")}}}
    if code in ERROR_HEADERS:
        out["headers"] = ERROR_HEADERS[code]
    return out


def document() -> Schema:
    """The whole OpenAPI document."""
    doc = _Doc()
    for op in OPERATIONS:
        doc.add(op)
    _raw_body_variant(doc)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Enforcement Case Manager API",
            "version": "1",
            "description": "Token authentication (`Authorization: Bearer ecm_…`, `flask create-token USERNAME`); "
            "the same rules as the web interface. Money in whole đồng, dates ISO 8601. "
            "A user sees only the cases of their office (others are 404).",
        },
        "servers": [{"url": PREFIX}],
        "security": [{"bearerAuth": []}],
        "tags": [{"name": name} for name in dict.fromkeys(op.tag for op in OPERATIONS)],
        "paths": doc.paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "ecm_…"}},
            "schemas": SCHEMAS,
            "responses": {f"E{code}": _error_response(code, text) for code, text in ERROR_TEXT.items()},
        },
    }


@api.get("/openapi.json")
@public
def openapi() -> Schema:
    """This API's OpenAPI 3.1 description (no token needed)."""
    return document()
