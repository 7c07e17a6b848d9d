"""The closed vocabularies of the workflow, as enums, each with its one label map.

Labels are Vietnamese (what official documents print); they are marked with
``N_`` for extraction, so the UI shows them translated (``gettext(label)``,
see ``web.labels``) while documents print them as they are.  No Flask here.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable


def N_(text: str) -> str:
    """Mark ``text`` for the translation catalogue without translating it here."""
    return text


def _folded(text: str) -> str:
    """Lower case without diacritics (đ → d), for matching what people type."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Behaviour(enum.StrEnum):
    """How an employer failed to pay (LR-EVASION; the conclusion classifies each month).

    ``MANUAL`` is only ever a suggestion of LR-EVASION (the rule leaves the month to the
    inspector); a month is classified as one of ``CLASSIFIED``.
    """

    EVASION = "evasion"
    LATE_PAYMENT = "late_payment"
    NONE = "none"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return BEHAVIOUR_LABELS[self]

    @property
    def words(self) -> str:
        """In running text: "trốn đóng", "chậm đóng"."""
        return self.label.lower()

    @property
    def is_violation(self) -> bool:
        return self in VIOLATIONS

    @classmethod
    def parse(cls, text: str) -> Behaviour:
        """A behaviour from its value or its Vietnamese words, with or without diacritics.

        :raises ValueError: anything else.
        """
        folded = _folded(text)
        for behaviour in cls:
            if folded in (behaviour.value, _folded(behaviour.label)):
                return behaviour
        raise ValueError(text)


BEHAVIOUR_LABELS: dict[Behaviour, str] = {
    Behaviour.EVASION: N_("Trốn đóng"),
    Behaviour.LATE_PAYMENT: N_("Chậm đóng"),
    Behaviour.NONE: N_("Không vi phạm"),
    Behaviour.MANUAL: N_("Cần phân loại thủ công"),
}
CLASSIFIED = (Behaviour.EVASION, Behaviour.LATE_PAYMENT, Behaviour.NONE)
"""What the conclusion may classify a month as."""
VIOLATIONS = (Behaviour.EVASION, Behaviour.LATE_PAYMENT)
"""The behaviours that are administrative violations (fined; a violation record follows)."""


def concluded_behaviour(months: Iterable[str]) -> Behaviour:
    """The case's behaviour from the behaviours of its months: evasion wins over late payment."""
    kinds = set(months)
    if Behaviour.EVASION in kinds:
        return Behaviour.EVASION
    return Behaviour.LATE_PAYMENT if Behaviour.LATE_PAYMENT in kinds else Behaviour.NONE


class Offender(enum.StrEnum):
    """Who is fined (LR-FINE: an organisation pays twice the individual's band)."""

    ORGANISATION = "organisation"
    PERSON = "person"

    @property
    def label(self) -> str:
        return OFFENDER_LABELS[self]


OFFENDER_LABELS: dict[Offender, str] = {Offender.ORGANISATION: N_("Tổ chức"), Offender.PERSON: N_("Cá nhân")}


class EnforcementMeasure(enum.StrEnum):
    """The enforcement measures of an enforcement decision (XLVPHC Art. 86)."""

    ACCOUNT_DEDUCTION = "account_deduction"
    INCOME_DEDUCTION = "income_deduction"
    ASSET_SEIZURE = "asset_seizure"
    THIRD_PARTY_COLLECTION = "third_party_collection"

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self]


MEASURE_LABELS: dict[EnforcementMeasure, str] = {
    EnforcementMeasure.ACCOUNT_DEDUCTION: N_("Khấu trừ tiền từ tài khoản tại tổ chức tín dụng"),
    EnforcementMeasure.INCOME_DEDUCTION: N_("Khấu trừ một phần lương hoặc thu nhập"),
    EnforcementMeasure.ASSET_SEIZURE: N_("Kê biên tài sản có giá trị tương ứng để bán đấu giá"),
    EnforcementMeasure.THIRD_PARTY_COLLECTION: N_("Thu tiền, tài sản do tổ chức, cá nhân khác đang giữ"),
}


class Outcome(enum.StrEnum):
    """What the investigating agency decided on a referral."""

    PROSECUTED = "prosecuted"
    NOT_PROSECUTED = "not_prosecuted"
    SUSPENDED = "suspended"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.PROSECUTED: N_("Đã khởi tố vụ án"),
    Outcome.NOT_PROSECUTED: N_("Không khởi tố vụ án"),
    Outcome.SUSPENDED: N_("Tạm đình chỉ giải quyết"),
    Outcome.RETURNED: N_("Trả hồ sơ để xử lý hành chính"),
}
