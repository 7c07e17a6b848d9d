"""Issue 17: the arrears table's "Cộng" adds up the column shown; a month not yet due is listed apart.

The case of ``world`` owes 6 months of 10.000.000 đ up to last month after 6 paid months.  Last month's
deadline (the last day of this month, Luật BHXH 2024 Điều 34 khoản 4) has not passed: it is listed under
"Chưa đến hạn đóng" and added to no total; the totals of the months due are due 110.000.000 đ, paid
60.000.000 đ, outstanding 50.000.000 đ — the principal.
"""

from __future__ import annotations

import re
from datetime import date

from enforcement.domain.arrears import ArrearsMonth, column_totals, split_by_deadline
from enforcement.domain.periods import Period

ROW = re.compile(r"<tr class=\"(?:overdue)?\"><td>(\d\d/\d{4})</td><td>[^<]*</td>"
                 r"<td class=\"num\">([^<]*)</td><td class=\"num\">([^<]*)</td><td class=\"num\">([^<]*)</td>")
TOTAL = re.compile(r"<tr class=\"total\"><th colspan=\"2\">([^<]*)</th><th class=\"num\">([^<]*)</th>"
                   r"<th class=\"num\">([^<]*)</th><th class=\"num\">([^<]*)</th>")


def _amount(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _parts(html: str) -> list[tuple[list[tuple[int, int, int]], tuple[str, int, int, int]]]:
    section = html[html.index('id="arrears"'):]
    section = section[:section.index("</table>")]
    out = []
    for body in section.split("<tbody")[1:]:
        rows = [(_amount(d), _amount(p), _amount(o)) for _, d, p, o in ROW.findall(body)]
        (label, due, paid, outstanding), = TOTAL.findall(body)
        out.append((rows, (label, _amount(due), _amount(paid), _amount(outstanding))))
    return out


def test_each_total_adds_up_its_column_and_the_month_not_yet_due_is_apart(client, auth, world):
    auth.login(world.inspector.username)
    html = client.get(f"/cases/{world.case.id}").get_data(as_text=True)
    (due_rows, due_total), (later_rows, later_total) = _parts(html)
    for rows, (_label, due, paid, outstanding) in ((due_rows, due_total), (later_rows, later_total)):
        assert (due, paid, outstanding) == tuple(sum(column) for column in zip(*rows, strict=True))
    assert due_total == ("Cộng 11 tháng đã đến hạn đóng", 110_000_000, 60_000_000, 50_000_000)
    assert later_total == ("Cộng 1 tháng chưa đến hạn", 10_000_000, 0, 10_000_000)
    assert "Chưa đến hạn đóng (không cộng vào số nợ)" in html
    # each row: due − paid = outstanding, so the three totals agree too
    assert all(d - p == o for d, p, o in due_rows + later_rows)


def _month(period: str, deadline: date, due: int, allocated: int, interest: int = 0) -> ArrearsMonth:
    return ArrearsMonth(Period.parse(period), deadline, due, allocated, allocated, due - allocated,
                        due > allocated and deadline < date(2026, 11, 25), interest, 5)


def test_the_split_is_on_the_deadline_and_the_totals_are_the_column_sums():
    months = [_month("2026-08", date(2026, 9, 30), 100, 100, 3), _month("2026-09", date(2026, 10, 31), 100, 40, 2),
              _month("2026-10", date(2026, 11, 25), 100, 0)]  # the deadline is today: not yet late
    due, later = split_by_deadline(months, date(2026, 11, 25))
    assert [str(m.period) for m in due] == ["2026-08", "2026-09"] and [str(m.period) for m in later] == ["2026-10"]
    totals = column_totals(due)
    assert (totals.months, totals.due, totals.allocated, totals.outstanding, totals.interest) == (2, 200, 140, 60, 5)
