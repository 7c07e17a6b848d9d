"""Whole numbers of query strings, forms and URLs are bounded before they reach the database.

Oversized or malformed values are ignored (filters, pages) or answered with 404
(ids), never with the late 400 of the "number too large" handler or a 500.
The values are chosen to hit each failure the old code had: beyond PostgreSQL's
``integer`` (2**31), beyond SQLite's 64-bit binding (10**20), and a "digit"
``int()`` refuses (``²``, which ``str.isdigit()`` accepts).
"""

from __future__ import annotations

import pytest

from enforcement.extensions import db
from enforcement.models import EventAction
from enforcement.services import audit
from enforcement.web.args import MAX_ID, ascii_digits, bounded_int, ids_of
from tests.conftest import csrf_from
from tests.factories import CaseFactory, EmployerFactory
from tests.web.conftest import switch_user

HOSTILE = [str(2**31), str(10**20), "²", "٣", "-1", "0", "1e3", " ", "abc", "9" * 5000]


def _html(response) -> str:
    return response.get_data(as_text=True)


# --------------------------------------------------------------------------- the helper


@pytest.mark.parametrize(("text", "expected"), [
    ("1", 1), (" 42 ", 42), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None), ("-3", None),
    ("²", None), ("٣", None), ("１", None), ("1.0", None), ("", None), (None, None), (7, None), ("9" * 5000, None),
])
def test_bounded_int_takes_ascii_digits_in_range_only(text, expected):
    assert bounded_int(text) == expected


def test_a_page_range_and_a_list_of_ids():
    assert bounded_int("100001", maximum=100_000) is None and bounded_int("0", minimum=0) == 0
    assert ids_of(["3", "4"]) == [3, 4] and ids_of([]) == []
    assert ids_of(["3", str(2**31)]) is None and ids_of(["²"]) is None
    assert ascii_digits("1.234.567 đ ²") == "1234567"


# --------------------------------------------------------------------------- filters and pages: ignored


@pytest.mark.parametrize("value", HOSTILE)
def test_oversized_or_malformed_filters_and_pages_are_ignored(client, auth, world, value):
    switch_user(client, auth, world.supervisor)
    audit.append(world.case, EventAction.COMMENT, world.inspector, summary="Ghi chú kiểm tra")
    db.session.commit()
    for url in (f"/cases/?assignee_id={value}", f"/cases/?page={value}", f"/cases/?min_principal={value}",
                f"/cases/{world.case.id}?tpage={value}", f"/audit/?actor_id={value}", f"/audit/?page={value}",
                f"/audit/?case_id={value}", f"/audit/export.csv?actor_id={value}&case_id={value}",
                f"/?page={value}", f"/imports/?page={value}"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = _html(response)
        if url.startswith(("/cases/?", "/audit/")) and "min_principal" not in url:  # an amount is a filter
            assert world.employer.name in body or "Ghi chú kiểm tra" in body, url  # the filter was ignored


def test_an_ignored_filter_does_not_narrow_while_a_valid_one_still_does(client, auth, world):
    other = CaseFactory(employer=EmployerFactory(office=world.office, name="Công ty Cổ phần Bình Minh"))
    switch_user(client, auth, world.supervisor)
    html = _html(client.get(f"/cases/?assignee_id={2**31}"))
    assert world.employer.name in html and other.employer.name in html
    html = _html(client.get(f"/cases/?assignee_id={world.inspector.id}"))
    assert world.employer.name in html and other.employer.name not in html


def test_audit_dates_beyond_the_calendar_are_ignored(client, auth, world):
    audit.append(world.case, EventAction.COMMENT, world.inspector, summary="Ghi chú trong năm")
    db.session.commit()
    switch_user(client, auth, world.supervisor)
    for value in ("9999-12-31", "0001-01-01", "2026-02-30"):
        response = client.get(f"/audit/?date_from={value}&date_to={value}")
        assert response.status_code == 200 and "Ghi chú trong năm" in _html(response), value


# --------------------------------------------------------------------------- ids: 404


@pytest.mark.parametrize("value", [str(2**31), str(10**20), "²", "abc", "0"])
def test_an_id_that_cannot_exist_is_404(client, auth, world, value):
    switch_user(client, auth, world.legal)
    assert client.get(f"/calculators/article216?case_id={value}").status_code == 404
    assert client.get(f"/calculators/article216?case_id={world.case.id}").status_code == 200
    assert client.get("/calculators/article216?case_id=").status_code == 200  # no case: the blank form


@pytest.mark.parametrize("path", ["/cases/{big}", "/cases/{case}/documents/{big}", "/cases/{case}/evidence/{big}",
                                  "/cases/{big}/act/send_demand", "/imports/{big}", "/admin/signers/{big}"])
def test_an_id_in_the_url_beyond_the_integer_column_is_404(client, auth, world, path):
    user = world.admin if path.startswith("/admin") else world.supervisor
    switch_user(client, auth, user)
    for big in (2**31, 10**20):
        assert client.get(path.format(big=big, case=world.case.id)).status_code == 404, path


def test_bulk_assignment_with_an_impossible_case_id_assigns_nothing(client, auth, world):
    second = CaseFactory(employer=EmployerFactory(office=world.office))
    switch_user(client, auth, world.supervisor)
    token = csrf_from(_html(client.get("/cases/")))
    for bad in (str(2**31), "²"):
        response = client.post("/cases/assign", data={"csrf_token": token, "assignee_id": str(world.inspector2.id),
                                                      "case_ids": [str(second.id), bad], "next": "/cases/"})
        assert response.status_code == 302
        assert "Không tìm thấy hồ sơ" in _html(client.get("/cases/"))
        db.session.refresh(second)
        assert second.assignee_id is None


def test_an_impossible_assignee_is_refused_never_read_as_unassign(client, auth, world):
    switch_user(client, auth, world.supervisor)
    token = csrf_from(_html(client.get("/cases/")))
    for bad in (str(2**31), str(10**20), "²"):
        response = client.post("/cases/assign", data={"csrf_token": token, "assignee_id": bad,
                                                      "case_ids": [str(world.case.id)], "next": "/cases/"})
        assert response.status_code == 302
        assert "cán bộ kiểm tra đang hoạt động" in _html(client.get("/cases/"))
        db.session.refresh(world.case)
        assert world.case.assignee_id == world.inspector.id


# --------------------------------------------------------------------------- ids in URLs, every method
@pytest.mark.parametrize("maximum", [1, 9, 10, 57, 100, 1000, 4321])
def test_the_id_pattern_accepts_exactly_one_to_the_maximum(maximum):
    import re

    from enforcement.web.args import range_regex

    pattern = re.compile(range_regex(maximum) + "$")
    assert [n for n in range(0, maximum * 3 + 20) if pattern.match(str(n))] == list(range(1, maximum + 1))
    assert not pattern.match("0" + str(maximum)) and not pattern.match("00")


@pytest.mark.parametrize("case_id", ["0", str(MAX_ID + 1), str(10**20)])
def test_an_id_out_of_range_is_404_for_every_method_not_405(client, auth, case_id):
    """An <int:…> refused by its bounds is no route: a POST is 404, like a GET (Werkzeug would answer 405
    because a GET rule shares the address)."""
    auth.login("inspector")
    for path in (f"/api/v1/cases/{case_id}/evidence", f"/cases/{case_id}/evidence"):
        assert client.get(path).status_code in (404, 401)
        assert client.post(path, data={}).status_code in (404, 400, 401)
        assert client.post(path, data={}).status_code != 405
