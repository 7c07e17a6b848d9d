"""``domain.text``: a sentence keeps its Vietnamese words and the template and parameters behind them, so a page
can say it again in another language (issue 17); money, months and dates keep the project's formats."""

from __future__ import annotations

import json
from datetime import date

from enforcement.domain.periods import Period
from enforcement.domain.text import Money, Months, Text, capitalised, join, say, say_n

ENGLISH = {
    "Trốn đóng %(num)d tháng (%(how)s): %(months)s.": ("Evasion for %(num)d month (%(how)s): %(months)s.",
                                                       "Evasion for %(num)d months (%(how)s): %(months)s."),
    "liên tục": "consecutive",
    "Tại ngày %(day)s còn %(amount)s trốn đóng chưa nộp.": "On %(day)s, %(amount)s evaded is still unpaid.",
    "phạt tiền %(range)s": "a fine %(range)s",
}


class English:
    """A catalogue of a few messages (what ``flask_babel.get_translations()`` gives a page)."""

    def gettext(self, message: str) -> str:
        found = ENGLISH.get(message, message)
        return found if isinstance(found, str) else found[0]

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = ENGLISH.get(singular, (singular, plural))
        return forms[0] if n == 1 else forms[1]

    def pgettext(self, context: str, message: str) -> str:
        return {"Kết luận kiểm tra": "Inspection conclusion"}.get(message, message) if context else message


MONTHS = Months((Period(2026, 5), Period(2026, 6)))


def test_a_sentence_is_its_vietnamese_words_with_money_months_and_dates_formatted():
    text = say_n("Trốn đóng %(num)d tháng (%(how)s): %(months)s.", "Trốn đóng %(num)d tháng (%(how)s): %(months)s.",
                 2, how=say("liên tục"), months=MONTHS)
    assert text == "Trốn đóng 2 tháng (liên tục): 05/2026, 06/2026."
    unpaid = say("Tại ngày %(day)s còn %(amount)s trốn đóng chưa nộp.", day=date(2026, 12, 7),
                 amount=Money(1_234_567))
    assert unpaid == "Tại ngày 07/12/2026 còn 1.234.567 đ trốn đóng chưa nộp."
    assert isinstance(unpaid, str) and json.dumps(unpaid) == json.dumps(str(unpaid))


def test_a_sentence_is_said_again_from_its_template_with_plural_forms():
    one = say_n("Trốn đóng %(num)d tháng (%(how)s): %(months)s.", "Trốn đóng %(num)d tháng (%(how)s): %(months)s.",
                1, how=say("liên tục"), months=Months(MONTHS[:1]))
    two = say_n("Trốn đóng %(num)d tháng (%(how)s): %(months)s.", "Trốn đóng %(num)d tháng (%(how)s): %(months)s.",
                2, how=say("liên tục"), months=MONTHS)
    assert one.render(English()) == "Evasion for 1 month (consecutive): 05/2026."
    assert two.render(English()) == "Evasion for 2 months (consecutive): 05/2026, 06/2026."


def test_joins_and_capitals_render_each_part_in_the_readers_language():
    parts = join("; ", [say("liên tục"), say("phạt tiền %(range)s", range="x")])
    assert parts == "liên tục; phạt tiền x"
    assert parts.render(English()) == "consecutive; a fine x"
    assert capitalised(say("phạt tiền %(range)s", range="x")).render(English()) == "A fine x"
    assert capitalised("phạt tiền") == "Phạt tiền"
    assert join("; ", ["50%", "x"]) == "50%; x"  # a literal percent sign in a separator or a part


def test_a_sentence_survives_json_as_a_timeline_event_stores_it():
    text = say("Hạn %(day)s: %(amount)s, %(months)s, %(month)s, %(what)s", day=date(2026, 1, 2), amount=Money(5),
               months=MONTHS, month=Period(2026, 1), what=Text("Kết luận kiểm tra", context="document kind"))
    again = Text.from_json(json.loads(json.dumps(text.to_json())))
    assert again == text == "Hạn 02/01/2026: 5 đ, 05/2026, 06/2026, 01/2026, Kết luận kiểm tra"
    assert again.render(English()) == "Hạn 02/01/2026: 5 đ, 05/2026, 06/2026, 01/2026, Inspection conclusion"
