"""The pure legal-rules layer of the Enforcement Case Manager (no Flask, no database).

Each module implements rules of ``LEGAL.md`` Part A and names them by id
(``LR-…``): periods and deadlines, money and amounts in words, identifier
checks, the dated legal parameters, arrears and interest, late payment versus
evasion, the Article 216 evaluation, administrative fine proposals and the
statutory deadlines of a case. Frozen dataclasses go in and come out; every
result carries its inputs, rule id, clause and Vietnamese reasons, and has a
``to_dict()`` for the API, the UI and the documents.
"""

from .arrears import (
    ArrearsFigures,
    FifoResult,
    InterestFactor,
    InterestResult,
    LedgerMonth,
    allocate_fifo,
    arrears_figures,
    compute_interest,
    interest_factor,
)
from .article216 import Art216Input, Art216Result, InputError, evaluate_article216, parse_article216_input
from .codes import CheckResult, check_tax_code, check_unit_code
from .deadlines import CaseDates, Deadline, WorkCalendar, case_deadlines
from .evasion import MonthClassification, classify_month, classify_months
from .fines import FineRequest, FineResult, ViolationInput, compute_fines
from .legal_params import DEFAULT_PARAMS, MissingParam, ParamRow, ParamSet, parse_param_value
from .money import amount_in_words, format_money, parse_amount, round_half_up
from .periods import Period, date_line, format_date, payment_deadline

__all__ = [
    "DEFAULT_PARAMS",
    "ArrearsFigures",
    "Art216Input",
    "Art216Result",
    "CaseDates",
    "CheckResult",
    "Deadline",
    "FifoResult",
    "FineRequest",
    "FineResult",
    "InputError",
    "InterestFactor",
    "InterestResult",
    "LedgerMonth",
    "MissingParam",
    "MonthClassification",
    "ParamRow",
    "ParamSet",
    "Period",
    "ViolationInput",
    "WorkCalendar",
    "allocate_fifo",
    "amount_in_words",
    "arrears_figures",
    "case_deadlines",
    "check_tax_code",
    "check_unit_code",
    "classify_month",
    "classify_months",
    "compute_fines",
    "compute_interest",
    "date_line",
    "evaluate_article216",
    "format_date",
    "format_money",
    "interest_factor",
    "parse_amount",
    "parse_article216_input",
    "parse_param_value",
    "payment_deadline",
    "round_half_up",
]
