"""Cases through the API: list with every filter and pages, one case, timeline, deadlines, Article 216, isolation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from enforcement import clock
from enforcement.models import Role
from enforcement.workflow import CaseState
from tests.api.conftest import open_case
from tests.factories import CaseFactory, EmployerFactory, UserFactory


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_list_returns_the_office_cases_with_total_and_page(api, world, other):
    mine = [open_case(world.office) for _ in range(3)]
    open_case(other.office)
    body = api.as_(world.inspector).get("/cases").get_json()
    assert sorted(item["id"] for item in body["items"]) == sorted(c.id for c in mine)
    assert (body["total"], body["page"], body["per_page"]) == (3, 1, 25)


def test_pages_split_the_list_without_overlap(api, world):
    cases = [CaseFactory(employer=EmployerFactory(office=world.office), principal=1_000_000 * i) for i in range(1, 6)]
    client = api.as_(world.supervisor)
    pages = [client.get(f"/cases?sort=principal&per_page=2&page={p}").get_json() for p in (1, 2, 3)]
    assert [len(p["items"]) for p in pages] == [2, 2, 1]
    seen = [item["id"] for p in pages for item in p["items"]]
    assert seen == [c.id for c in sorted(cases, key=lambda c: -c.principal)]
    assert all(p["total"] == 5 and p["pages"] == 3 for p in pages)


def test_per_page_is_at_most_200(api, world):
    client = api.as_(world.inspector)
    assert client.get("/cases?per_page=200").get_json()["per_page"] == 200
    response = client.get("/cases?per_page=201")
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"per_page": ["Phải nhỏ hơn hoặc bằng 200."]}


@pytest.mark.parametrize(
    ("query", "field"),
    [("per_page=0", "per_page"), ("page=abc", "page"), ("state=lost", "state"), ("sort=random", "sort"),
     ("min_principal=-5", "min_principal"), ("overdue=maybe", "overdue"), ("assignee=x", "assignee")],
)
def test_malformed_filters_are_422_naming_the_field(api, world, query, field):
    response = api.as_(world.inspector).get(f"/cases?{query}")
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "ValidationFailed"
    assert field in body["errors"]


def test_filter_by_state_and_open(api, world):
    detected = open_case(world.office)
    sent = open_case(world.office, state=CaseState.DEMAND_SENT)
    settled = open_case(world.office, state=CaseState.SETTLED, principal=0)
    client = api.as_(world.supervisor)
    assert _ids(client.get("/cases?state=demand_sent")) == [sent.id]
    assert sorted(_ids(client.get("/cases?state=open"))) == sorted([detected.id, sent.id])
    assert _ids(client.get("/cases?state=settled")) == [settled.id]


def test_filter_by_assignee_me_and_none(api, world):
    other_inspector = UserFactory(office=world.office, role=Role.INSPECTOR)
    mine = open_case(world.office, assignee=world.inspector)
    theirs = open_case(world.office, assignee=other_inspector)
    nobody = open_case(world.office)
    client = api.as_(world.inspector)
    assert _ids(client.get("/cases?assignee=me")) == [mine.id]
    assert _ids(client.get(f"/cases?assignee={other_inspector.id}")) == [theirs.id]
    assert _ids(client.get("/cases?assignee=none")) == [nobody.id]


def test_search_ignores_diacritics_and_matches_unit_and_tax_codes(api, world):
    company = open_case(world.office, employer=EmployerFactory(office=world.office, name="Công ty Cổ phần Đại Phát"))
    coop = open_case(world.office, employer=EmployerFactory(office=world.office, name="Hợp tác xã Bình Minh"))
    client = api.as_(world.inspector)
    assert _ids(client.get("/cases?q=cong ty")) == [company.id]
    assert _ids(client.get("/cases?q=DAI PHAT")) == [company.id]
    assert _ids(client.get("/cases", query_string={"q": "bình minh"})) == [coop.id]
    assert _ids(client.get(f"/cases?q={coop.employer.unit_code.lower()}")) == [coop.id]
    assert _ids(client.get(f"/cases?q={company.employer.tax_code}")) == [company.id]
    assert _ids(client.get("/cases?q=khong co ai")) == []


def test_filter_by_district_and_principal_range(api, world):
    small = open_case(world.office, principal=10_000_000,
                      employer=EmployerFactory(office=world.office, district="Quận Hoàn Kiếm"))
    big = open_case(world.office, principal=900_000_000)
    client = api.as_(world.inspector)
    assert _ids(client.get("/cases", query_string={"district": "Quận Hoàn Kiếm"})) == [small.id]
    assert _ids(client.get("/cases?min_principal=100000000")) == [big.id]
    assert _ids(client.get("/cases?max_principal=100000000")) == [small.id]


def test_filter_overdue(api, world):
    today = clock.today()
    late = open_case(world.office, next_deadline=today - timedelta(days=1), next_deadline_id="D-DECISION")
    open_case(world.office, next_deadline=today + timedelta(days=10), next_deadline_id="D-DECISION")
    open_case(world.office)
    assert _ids(api.as_(world.inspector).get("/cases?overdue=1")) == [late.id]


def test_one_case_has_employer_state_assignee_version_arrears_and_next_deadline(api, world):
    due = clock.today() + timedelta(days=5)
    case = open_case(world.office, assignee=world.inspector, principal=200_000_000, interest=1_234_567,
                     interest_accrued=1_500_000, interest_paid=265_433, months_in_arrears=4,
                     oldest_unpaid_period="2026-01", employees_affected=12,
                     next_deadline=due, next_deadline_id="D-COMPLY")
    response = api.as_(world.legal).get(f"/cases/{case.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["arrears"] == {"months": 4, "oldest_unpaid_period": "2026-01", "principal": 200_000_000,
                               "interest": 1_234_567, "interest_accrued": 1_500_000, "interest_paid": 265_433,
                               "interest_complete": True, "employees": 12, "as_of": None}
    assert body["employer"]["unit_code"] == case.employer.unit_code
    assert body["employer"]["tax_code"] == case.employer.tax_code
    assert body["employer"]["name"] == case.employer.name
    assert (body["state"], body["version"]) == ("detected", case.version)
    assert body["assignee"]["id"] == world.inspector.id
    assert body["next_deadline"] == {"id": "D-COMPLY", "due": due.isoformat()}


@pytest.mark.parametrize("suffix", ["", "/timeline", "/deadlines", "/article216", "/transitions", "/documents"])
def test_a_case_of_another_office_is_404(api, world, other, suffix):
    theirs = open_case(other.office)
    response = api.as_(world.supervisor).get(f"/cases/{theirs.id}{suffix}")
    assert response.status_code == 404
    assert response.get_json()["error"] == "NotFound"
    assert api.as_(other.supervisor).get(f"/cases/{theirs.id}{suffix}").status_code == 200


def test_a_missing_case_is_404(api, world):
    assert api.as_(world.inspector).get("/cases/987654").status_code == 404


def test_timeline_lists_events_with_their_hash_chain(api, ctx, world):
    from enforcement.services.cases import comment

    case = open_case(world.office, assignee=world.inspector)
    comment(case.id, "Đã gọi điện cho kế toán đơn vị.", world.inspector)
    comment(case.id, "Hẹn làm việc tuần sau.", world.inspector)
    body = api.as_(world.inspector).get(f"/cases/{case.id}/timeline").get_json()
    events = body["items"]
    assert [e["seq"] for e in events] == [1, 2]
    assert events[0]["summary"] == "Đã gọi điện cho kế toán đơn vị."
    assert events[0]["actor"]["username"] == world.inspector.username
    assert events[0]["action"] == "comment"
    assert events[1]["prev_hash"] == events[0]["hash"]
    assert len(events[1]["hash"]) == 64


def test_deadlines_of_a_new_case_are_listed(api, world):
    case = open_case(world.office)
    body = api.as_(world.inspector).get(f"/cases/{case.id}/deadlines").get_json()
    assert body["today"] == clock.today().isoformat()
    assert isinstance(body["items"], list)
    assert all({"id", "due", "overdue", "days_left"} <= set(d) for d in body["items"])


def test_article216_is_unavailable_before_the_inspection_concludes(api, world):
    case = open_case(world.office)
    response = api.as_(world.legal).get(f"/cases/{case.id}/article216")
    assert response.status_code == 200
    body = response.get_json()
    assert body["available"] is False
    assert "Điều 216" in body["reason"]


@pytest.mark.parametrize("path", ["/cases", "/cases/1", "/cases/1/timeline", "/cases/1/deadlines"])
def test_admins_do_not_read_cases(api, world, path):
    assert api.as_(world.admin).get(path).status_code == 403
