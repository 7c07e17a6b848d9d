"""The closed vocabularies of the workflow, as enums, each member with its one label.

Labels are Vietnamese (what official documents print); they are marked with
``N_`` for extraction, so the UI shows them translated (``gettext(label)``,
see ``web.labels``) while documents print them as they are.  Each enum is the
one label map of its vocabulary (``member.label``, ``labels(Enum)``).  No Flask here.
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


class Vocabulary(enum.StrEnum):
    """A closed vocabulary: each member is ``CODE = "value", N_("Vietnamese label")``."""

    label: str

    def __new__(cls, value: str, label: str) -> Vocabulary:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> tuple[tuple[str, str], ...]:
        """``(value, label)`` of every member, in order (a form's choices)."""
        return tuple((m.value, m.label) for m in cls)


def labels(vocabulary: type[Vocabulary]) -> dict[Vocabulary, str]:
    """The vocabulary's label map."""
    return {member: member.label for member in vocabulary}


class Behaviour(Vocabulary):
    """How an employer failed to pay (LR-EVASION; the conclusion classifies each month).

    ``MANUAL`` is only ever a suggestion of LR-EVASION (the rule leaves the month to the
    inspector); a month is classified as one of ``CLASSIFIED``.
    """

    EVASION = "evasion", N_("Trốn đóng")
    LATE_PAYMENT = "late_payment", N_("Chậm đóng")
    NONE = "none", N_("Không vi phạm")
    MANUAL = "manual", N_("Cần phân loại thủ công")

    @property
    def words(self) -> str:
        """In running text: "trốn đóng", "chậm đóng"."""
        return self.label.lower()

    @property
    def is_violation(self) -> bool:
        return self in VIOLATIONS

    @classmethod
    def parse(cls, text: str) -> Behaviour:
        """A behaviour from its value (``late_payment`` or ``late payment``) or its Vietnamese words, with or
        without diacritics.

        :raises ValueError: anything else.
        """
        folded = _folded(text)
        for behaviour in cls:
            if folded in (behaviour.value, behaviour.value.replace("_", " "), _folded(behaviour.label)):
                return behaviour
        raise ValueError(text)


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


class Offender(Vocabulary):
    """Who is fined (LR-FINE: an organisation pays twice the individual's band)."""

    ORGANISATION = "organisation", N_("Tổ chức")
    PERSON = "person", N_("Cá nhân")


class FineOffender(Vocabulary):
    """Who is fined under LR-FINE: an organisation pays double (Decree 283/2026 Art. 7(1)–(2)); a household
    business or household is fined as a person (Art. 7(3))."""

    ORGANISATION = "organisation", N_("Tổ chức")
    PERSON = "person", N_("Cá nhân")
    HOUSEHOLD = "household", N_("Hộ kinh doanh, hộ gia đình")


class EnforcementMeasure(Vocabulary):
    """The enforcement measures of an enforcement decision (XLVPHC Art. 86)."""

    ACCOUNT_DEDUCTION = "account_deduction", N_("Khấu trừ tiền từ tài khoản tại tổ chức tín dụng")
    INCOME_DEDUCTION = "income_deduction", N_("Khấu trừ một phần lương hoặc thu nhập")
    ASSET_SEIZURE = "asset_seizure", N_("Kê biên tài sản có giá trị tương ứng để bán đấu giá")
    THIRD_PARTY_COLLECTION = "third_party_collection", N_("Thu tiền, tài sản do tổ chức, cá nhân khác đang giữ")


class Outcome(Vocabulary):
    """What the investigating agency decided on a referral."""

    PROSECUTED = "prosecuted", N_("Đã khởi tố vụ án")
    NOT_PROSECUTED = "not_prosecuted", N_("Không khởi tố vụ án")
    SUSPENDED = "suspended", N_("Tạm đình chỉ giải quyết")
    RETURNED = "returned", N_("Trả hồ sơ để xử lý hành chính")
