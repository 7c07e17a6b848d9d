"""Closed vocabularies: one enum and one label map each; what people type parses to a member or fails."""

from __future__ import annotations

import pytest

from enforcement.domain import vocabulary as v


@pytest.mark.parametrize("enum", [v.Behaviour, v.Offender, v.EnforcementMeasure, v.Outcome])
def test_every_member_has_one_label_and_the_labels_differ(enum):
    labels = v.labels(enum)
    assert set(labels) == set(enum) and all(labels.values())
    assert len(set(labels.values())) == len(labels)
    assert enum.choices() == tuple((m.value, m.label) for m in enum)
    assert all(enum(m.value) is m and str(m) == m.value for m in enum)


@pytest.mark.parametrize(("text", "expected"), [
    ("evasion", v.Behaviour.EVASION), ("Trốn đóng", v.Behaviour.EVASION), ("tron dong", v.Behaviour.EVASION),
    (" CHẬM ĐÓNG ", v.Behaviour.LATE_PAYMENT), ("cham dong", v.Behaviour.LATE_PAYMENT),
    ("late_payment", v.Behaviour.LATE_PAYMENT), ("không vi phạm", v.Behaviour.NONE),
])
def test_a_behaviour_parses_from_its_value_or_its_words(text, expected):
    assert v.Behaviour.parse(text) is expected


@pytest.mark.parametrize("text", ["", "tron", "evade", "trốn đóng chậm đóng"])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError, match=f"^{text}$"):
        v.Behaviour.parse(text)


def test_running_text_and_violations():
    assert v.Behaviour.EVASION.words == "trốn đóng" and v.Behaviour.LATE_PAYMENT.words == "chậm đóng"
    assert [b for b in v.Behaviour if b.is_violation] == [v.Behaviour.EVASION, v.Behaviour.LATE_PAYMENT]
    assert v.concluded_behaviour(["late_payment", "evasion"]) is v.Behaviour.EVASION
    assert v.concluded_behaviour(["late_payment", "none"]) is v.Behaviour.LATE_PAYMENT
    assert v.concluded_behaviour([]) is v.Behaviour.NONE
