"""The typed inputs of workflow steps: field declarations, parsing and Vietnamese validation.

A step's ``Input`` is a frozen dataclass whose attributes are declared with the
helpers below (``date_field``, ``text_field``, …).  From that one declaration
come the form fields (``FieldSpec``, drawn by the web macro and described by
the API), the parsing of raw input (form fields or JSON) into typed values with
Vietnamese messages per field (``parse_input``), and the reading back of a
stored event payload into the same type (``load_input``: old payloads, with
fewer fields, still load).  Rules that need the case (months to classify, the
fine band, the signer's competence) come in through ``InputContext``; this
module touches no database.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext

from enforcement.domain.competence import SignerAuthority
from enforcement.domain.money import parse_amount
from enforcement.domain.periods import Period
from enforcement.domain.vocabulary import Vocabulary

MAX_TEXT = 500
MAX_TEXTAREA = 5000


@dataclass(frozen=True)
class MonthToClassify:
    """A month the inspection conclusion must classify, with the LR-EVASION suggestion."""

    period: str
    outstanding: int
    employees: int
    suggestion: str
    reason: str


@dataclass(frozen=True)
class SignerChoice:
    id: int
    label: str
    cap_person: int | None
    cap_organisation: int | None
    competence: str = ""  # the signer's own competence basis (admin-entered), printed on penalty decisions
    title: str = ""
    title_id: str = ""  # LR-COMPETENCE: the competence-table title the signer exercises
    delegation_number: str = ""
    delegation_date: date | None = None

    def authority(self) -> SignerAuthority:
        """What the competence check (LR-COMPETENCE) knows of this signer."""
        return SignerAuthority(self.title or self.label, self.cap_person, self.cap_organisation,
                               self.title_id or None, self.delegation_number, self.delegation_date, self.id,
                               self.label)


@dataclass(frozen=True)
class EvidenceChoice:
    """An uploaded PDF of the case a step may name (the decision received after a transfer)."""

    id: int
    label: str


@dataclass(frozen=True)
class InputContext:
    """What validation needs to know about the case (built by ``services.case_view.input_context``)."""

    today: date
    signers: tuple[SignerChoice, ...] = ()
    months: tuple[MonthToClassify, ...] = ()
    # issue_penalty: the LR-FINE computation for (decision date, offender, aggravating, mitigating) → FineResult
    fine_proposal: Callable[..., Any] | None = None
    evaded_behaviour: str = "evasion"
    evidence: tuple[EvidenceChoice, ...] = ()
    # LR-DEADLINES: what a decision's date is checked against.
    record_date: date | None = None  # the violation record's
    explain_due: date | None = None  # D-EXPLAIN's end
    explained: bool = False  # the employer's written explanation is on file
    decision_base_due: date | None = None  # D-DECISION before any extension
    decision_max_extended: date | None = None  # the latest day a complex-case extension may reach
    transferred_on: date | None = None  # the transfer letter's date
    decision: Any = None  # the case's decision (``steps.data.CaseDecision``), once there is one


@dataclass(frozen=True)
class FieldSpec:
    """One input of a step (the form field, the API field, the validation rule)."""

    name: str
    kind: str  # date | time | text | textarea | int | money | lines | period | choice | bool | signer | evidence
    # | behaviours
    label: Any
    required: bool = True
    choices: tuple[tuple[str, Any], ...] = ()
    help: Any = ""
    future: bool = False  # a date that may lie after today (a deadline, a planned day)
    dates_documents: bool = False  # the date the step's documents carry (else they carry the day it fires)

    def to_dict(self) -> dict[str, Any]:
        """JSON description for the API."""
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.kind,
            "label": str(self.label),
            "required": self.required,
        }
        if self.choices:
            out["choices"] = [{"value": v, "label": str(lbl)} for v, lbl in self.choices]
        if self.help:
            out["help"] = str(self.help)
        return out

    def json_schema(self) -> dict[str, Any]:
        """The field in the API's request schema (OpenAPI 3.1 / JSON Schema).

        Exactly what ``parse_field`` takes apart from the rules (a date after today, a signer of
        another office…): the API validates each request against this schema before the step sees it,
        and schemathesis checks both directions (tests/security/test_api_schema.py).
        """
        out: dict[str, Any] = {**_json_kind(self), "title": str(self.label)}
        if self.help:
            out["description"] = str(self.help)
        if not self.required and self.kind != "behaviours":
            out = {"anyOf": [out, {"type": "null"}], "title": out["title"]}
        return out


# --------------------------------------------------------------------------- JSON Schema of the values
# Patterns use [0-9] (not \d, which is every Unicode digit in Python) and list Python's own whitespace
# (``str.strip``), so that the schema's regular expressions and the parsers agree character by character.

ID_MAX = 2_147_483_647  # every id column is a PostgreSQL ``integer``
INT_MAX = 999_999_999  # ``_p_int``: at most 9 digits
MONEY_MAX = 10**15 - 1  # ``parse_amount``: at most 15 digits (LEDGER_FORMAT.md)
_WS = "\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NO_NUL = "^[^\\x00]*$"
NOT_BLANK = f"^[^\\x00]*[^\\x00{_WS}][^\\x00]*$"
_YEAR = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
ISO_DATE = f"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}$"
DMY_DATE = (
    "^(?:(?:(?:0[1-9]|1[0-9]|2[0-8])/(?:0[1-9]|1[0-2])|(?:29|30)/(?:0[13-9]|1[0-2])|31/(?:0[13578]|1[02]))"
    f"/{_YEAR}|29/02/{_LEAP})$"
)
PERIOD = f"^{_YEAR}-(?:0[1-9]|1[0-2])$"
TIME = "^(?:[01]?[0-9]|2[0-3]):[0-5][0-9]$"
AMOUNT = "^(?:[0-9]{1,15}|[0-9]{1,3}(?:\\.[0-9]{3}){1,4}|[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3}){1,4})$"


def json_text(max_length: int | None = None, *, required: bool = False) -> dict[str, Any]:
    """Text: no NUL; ``required``: something besides whitespace."""
    out: dict[str, Any] = {"type": "string", "pattern": NOT_BLANK if required else NO_NUL}
    if max_length is not None:
        out["maxLength"] = max_length
    return out


def json_date() -> dict[str, Any]:
    return {"type": "string", "format": "date", "pattern": ISO_DATE, "description": "YYYY-MM-DD"}


def json_period() -> dict[str, Any]:
    return {"type": "string", "pattern": PERIOD, "description": "Contribution month YYYY-MM."}


def json_money() -> dict[str, Any]:
    return {"type": "integer", "minimum": 0, "maximum": MONEY_MAX, "description": "Whole đồng."}


def _json_lines(required: bool) -> dict[str, Any]:
    line = json_text(MAX_TEXT)
    some = {"type": "array", "items": line, "maxItems": 500, "contains": json_text(MAX_TEXT, required=True)}
    text = json_text(MAX_TEXT, required=required)
    if required:
        return {"anyOf": [some, text], "description": "A list of lines, or one text (split at line breaks)."}
    return {"anyOf": [some, {"type": "array", "maxItems": 0}, text],
            "description": "A list of lines, or one text (split at line breaks)."}


JSON_KINDS = ("date", "text", "textarea", "int", "money", "lines", "time", "period", "choice", "multichoice", "bool",
              "signer", "evidence", "behaviours")
"""The field kinds with a JSON Schema of their own (``_json_kind``)."""


def _json_kind(spec: FieldSpec) -> dict[str, Any]:
    kind = spec.kind
    if kind == "date":
        either = {"anyOf": [json_date(), {"type": "string", "pattern": DMY_DATE}],
                  "description": "YYYY-MM-DD or dd/mm/yyyy"}
        return either if spec.required else {"anyOf": [*either["anyOf"], {"type": "string", "maxLength": 0}],
                                             "description": either["description"]}
    if kind in ("text", "textarea"):
        return json_text(MAX_TEXTAREA if kind == "textarea" else MAX_TEXT, required=spec.required)
    if kind == "int":
        return {"type": "integer", "minimum": 0, "maximum": INT_MAX}
    if kind == "money":
        return {"anyOf": [json_money(), {"type": "string", "pattern": AMOUNT}],
                "description": "Whole đồng: a number, or text such as 1.234.567."}
    if kind == "lines":
        return _json_lines(spec.required)
    if kind == "time":
        return {"type": "string", "pattern": TIME, "description": "HH:MM"}
    if kind == "period":
        return json_period()
    if kind == "choice":
        return {"type": "string", "enum": [v for v, _label in spec.choices]}
    if kind == "multichoice":
        return {"type": "array", "items": {"type": "string", "enum": [v for v, _label in spec.choices]}}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "signer":
        return {"type": "integer", "minimum": 1, "maximum": INT_MAX, "description": "One of the office's signers."}
    if kind == "evidence":
        return {"type": "integer", "minimum": 1, "maximum": INT_MAX,
                "description": "The id of a PDF in the case's evidence."}
    if kind == "behaviours":
        from enforcement.steps.conclusion import behaviours_schema

        return behaviours_schema()
    # A kind added without its schema: any text (tests/api/test_api_field_schemas.py names the kinds it knows,
    # and schemathesis holds the parser to whatever this allows).
    return json_text(MAX_TEXTAREA)

_EMPTY: dict[str, Any] = {"text": "", "textarea": "", "lines": [], "multichoice": []}


def _field(kind: str, label: Any, *, required: bool = True, choices: tuple[tuple[str, Any], ...] = (),
           help: Any = "", future: bool = False, dates_documents: bool = False) -> Any:
    """A dataclass field carrying its ``FieldSpec`` (the name is the attribute's)."""
    spec = FieldSpec("", kind, label, required, choices, help, future, dates_documents)
    empty = _EMPTY.get(kind, False if kind == "bool" else None)
    if isinstance(empty, list):
        return dataclasses.field(default_factory=list, metadata={"spec": spec})
    return dataclasses.field(default=empty, metadata={"spec": spec})


def date_field(label: Any, *, required: bool = True, help: Any = "", future: bool = False,
               dates_documents: bool = False) -> Any:
    """A date; ``dates_documents``: the step's documents carry it as their issue date."""
    return _field("date", label, required=required, help=help, future=future, dates_documents=dates_documents)


def text_field(label: Any, *, required: bool = True, help: Any = "") -> Any:
    return _field("text", label, required=required, help=help)


def textarea_field(label: Any, *, required: bool = True, help: Any = "") -> Any:
    return _field("textarea", label, required=required, help=help)


def lines_field(label: Any, *, required: bool = True, help: Any = "") -> Any:
    return _field("lines", label, required=required, help=help)


def int_field(label: Any, *, help: Any = "") -> Any:
    return _field("int", label, help=help)


def optional_int_field(label: Any, *, help: Any = "") -> Any:
    """A whole number that may be left empty (None)."""
    return _field("int", label, required=False, help=help)


def money_field(label: Any, *, help: Any = "") -> Any:
    return _field("money", label, help=help)


def choice_field(label: Any, vocabulary: type[Vocabulary], *, required: bool = True, help: Any = "") -> Any:
    """One member of a closed vocabulary; the form shows its labels in the reader's language."""
    return _field("choice", label, required=required, help=help,
                  choices=tuple((m.value, lazy_gettext(m.label)) for m in vocabulary))


def multichoice_field(label: Any, choices: tuple[tuple[str, Any], ...], *, help: Any = "") -> Any:
    """Any number of items of a closed list (checkboxes); the value is the list of chosen ids."""
    return _field("multichoice", label, required=False, choices=choices, help=help)


def bool_field(label: Any) -> Any:
    return _field("bool", label, required=False)


def time_field(label: Any, *, required: bool = True) -> Any:
    return _field("time", label, required=required)


def period_field(label: Any) -> Any:
    return _field("period", label)


def signer_field() -> Any:
    from flask_babel import lazy_gettext as _l

    return _field("signer", _l("Người ký"))


def evidence_field(label: Any, *, help: Any = "") -> Any:
    """One PDF uploaded to the case's evidence (chosen by its id)."""
    return _field("evidence", label, help=help)


def derived_field(default: Any = None) -> Any:
    """A value the step adds after validation (kept in the payload, not a form field)."""
    return dataclasses.field(default=default, metadata={"derived": True})


def specs_of(input_type: type) -> tuple[FieldSpec, ...]:
    """The form fields of an ``Input`` dataclass, in declaration order."""
    return tuple(
        dataclasses.replace(f.metadata["spec"], name=f.name)
        for f in dataclasses.fields(input_type)
        if "spec" in f.metadata
    )


def clean_text(value: Any) -> str:
    """NFC text with surrounding whitespace removed."""
    return unicodedata.normalize("NFC", str(value)).strip()


def parse_date(text: str) -> date:
    text = text.strip()
    if "/" in text:
        day, month, year = text.split("/")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text)


class Errors(dict[str, list[str]]):
    """Messages per field name (``behaviours.<period>`` for a month of the conclusion)."""

    def add(self, name: str, message: str) -> None:
        self.setdefault(name, []).append(message)


def parse_field(spec: FieldSpec, raw: Any, ctx: InputContext, errors: Errors) -> Any:
    """Parse one field; record an error and return None when it is wrong."""
    empty = raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []
    if spec.kind == "bool":
        return raw in (True, "on", "true", "1", 1, "yes")
    if spec.kind == "behaviours":
        from enforcement.steps.conclusion import parse_behaviours

        return parse_behaviours(raw, ctx, errors)
    if empty:
        if spec.required:
            errors.add(spec.name, _("Không được để trống."))
        return _EMPTY.get(spec.kind)
    try:
        return _PARSERS[spec.kind](spec, raw, ctx)
    except (ValueError, TypeError) as exc:
        errors.add(spec.name, str(exc) or _("Giá trị không hợp lệ."))
        return None


def _p_date(spec: FieldSpec, raw: Any, ctx: InputContext) -> date:
    try:
        return parse_date(str(raw))
    except ValueError:
        raise ValueError(_("Ngày không hợp lệ: %(v)s (dạng dd/mm/yyyy).", v=str(raw)[:40])) from None


def _p_text(spec: FieldSpec, raw: Any, ctx: InputContext) -> str:
    text = clean_text(raw)
    limit = MAX_TEXTAREA if spec.kind == "textarea" else MAX_TEXT
    if len(text) > limit:
        raise ValueError(_("Quá dài (tối đa %(n)d ký tự).", n=limit))
    return text


def _p_int(spec: FieldSpec, raw: Any, ctx: InputContext) -> int:
    if isinstance(raw, bool):
        raise ValueError(_("Phải là số nguyên không âm."))
    text = str(raw).strip()
    if not text.isdigit() or len(text) > 9:
        raise ValueError(_("Phải là số nguyên không âm."))
    return int(text)


def _p_money(spec: FieldSpec, raw: Any, ctx: InputContext) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        if raw < 0:
            raise ValueError(_("Số tiền không được âm."))
        return raw
    return parse_amount(str(raw))


def _p_lines(spec: FieldSpec, raw: Any, ctx: InputContext) -> list[str]:
    items = raw if isinstance(raw, list) else str(raw).splitlines()
    lines = [clean_text(item) for item in items if clean_text(item)]
    if not lines:
        raise ValueError(_("Phải có ít nhất một dòng."))
    if any(len(line) > MAX_TEXT for line in lines):
        raise ValueError(_("Mỗi dòng tối đa %(n)d ký tự.", n=MAX_TEXT))
    return lines


def _p_time(spec: FieldSpec, raw: Any, ctx: InputContext) -> str:
    """A time of day ``HH:MM``, printed on records as "10 giờ 30 phút"."""
    text = str(raw).strip()
    hours, _sep, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and int(hours) < 24 and int(minutes) < 60):
        raise ValueError(_("Giờ không hợp lệ: %(v)s (dạng giờ:phút, ví dụ 09:30).", v=text[:20]))
    return f"{int(hours):02d} giờ {minutes} phút"


def _p_period(spec: FieldSpec, raw: Any, ctx: InputContext) -> str:
    return str(Period.parse(str(raw).strip()))


def _p_choice(spec: FieldSpec, raw: Any, ctx: InputContext) -> str:
    value = str(raw)
    if value not in {v for v, _label in spec.choices}:
        raise ValueError(_("Lựa chọn không hợp lệ."))
    return value


def _p_multichoice(spec: FieldSpec, raw: Any, ctx: InputContext) -> list[str]:
    items = raw if isinstance(raw, list) else str(raw).split(",")
    chosen = [str(item).strip() for item in items if str(item).strip()]
    known = {v for v, _label in spec.choices}
    unknown = [item for item in chosen if item not in known]
    if unknown:
        raise ValueError(_("Lựa chọn không hợp lệ: %(v)s.", v=", ".join(unknown)[:80]))
    return list(dict.fromkeys(chosen))


def _p_signer(spec: FieldSpec, raw: Any, ctx: InputContext) -> int:
    ident = _p_int(spec, raw, ctx)
    if ident not in {s.id for s in ctx.signers}:
        raise ValueError(_("Người ký không thuộc danh sách người ký của cơ quan."))
    return ident


def _p_evidence(spec: FieldSpec, raw: Any, ctx: InputContext) -> int:
    ident = _p_int(spec, raw, ctx)
    if ident not in {e.id for e in ctx.evidence}:
        raise ValueError(_("Chọn một tệp PDF đã tải lên mục Tài liệu, chứng cứ của hồ sơ."))
    return ident


_PARSERS: dict[str, Callable[[FieldSpec, Any, InputContext], Any]] = {
    "date": _p_date,
    "text": _p_text,
    "textarea": _p_text,
    "int": _p_int,
    "money": _p_money,
    "lines": _p_lines,
    "period": _p_period,
    "time": _p_time,
    "choice": _p_choice,
    "multichoice": _p_multichoice,
    "signer": _p_signer,
    "evidence": _p_evidence,
}


def load_value(kind: str | None, value: Any) -> Any:
    """A stored (JSON) value back as its typed value: ISO text of a date field becomes a date."""
    if kind == "date" and isinstance(value, str) and value:
        return date.fromisoformat(value)
    if kind in ("lines", "multichoice") and value is None:
        return []
    return value


def check_not_future(specs: tuple[FieldSpec, ...], values: Mapping[str, Any], ctx: InputContext,
                     errors: Errors) -> None:
    """No date of a step lies after today, but for those declared ``future`` (deadlines, planned days)."""
    from enforcement.domain.periods import format_date

    for spec in specs:
        value = values.get(spec.name)
        if isinstance(value, date) and value > ctx.today and not spec.future:
            errors.add(spec.name, _("Ngày không được sau hôm nay (%(d)s).", d=format_date(ctx.today)))


def check_decision_date(name: str, value: Any, ctx: InputContext, errors: Errors, *, explanation: bool = True) -> None:
    """LR-DEADLINES: a penalty decision is not dated before the violation record, nor — without the employer's
    explanation on file — on or before the last day of D-EXPLAIN (XLVPHC Art. 61, 66)."""
    from enforcement.domain.periods import format_date

    if not isinstance(value, date):
        return
    if ctx.record_date is not None and value < ctx.record_date:
        errors.add(name, _("Ngày quyết định không được trước ngày lập biên bản vi phạm hành chính (%(d)s).",
                           d=format_date(ctx.record_date)))
    elif explanation and ctx.explain_due is not None and not ctx.explained and value <= ctx.explain_due:
        errors.add(name, _("Thời hạn giải trình của đơn vị chưa hết (hết ngày %(d)s, Luật XLVPHC Điều 61): chọn ngày "
                           "quyết định sau ngày đó, hoặc ghi nhận văn bản giải trình của đơn vị trước.",
                           d=format_date(ctx.explain_due)))
