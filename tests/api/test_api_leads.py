"""Tax-data imports and evasion leads through the API (issue 18): checked against the OpenAPI document."""

from __future__ import annotations

import io
import json

from enforcement.extensions import db
from enforcement.models import TaxMonth
from tests.shared_data import SHARED_DATA


def _upload(client, path: str, name: str):
    data = (SHARED_DATA / name).read_bytes()
    return client.post(path, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _tax_rows(office_id: int) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(TaxMonth).where(TaxMonth.office_id == office_id))


def test_the_tax_sample_is_accepted_then_a_duplicate(api, world):
    client = api.as_(world.inspector)
    first = _upload(client, "/tax-imports", "tax_small.csv")
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["rows_total"] == 197 and first.get_json()["taxpayers_created"] == 17
    again = _upload(client, "/tax-imports", "tax_small.csv")
    assert again.get_json()["status"] == "duplicate"
    assert _tax_rows(world.office.id) == 197


def test_a_rejected_tax_file_is_422_naming_the_row(api, world):
    client = api.as_(world.supervisor)
    body = (b"ma_so_thue,ten_nguoi_nop_thue,ngay_cap_mst,trang_thai,ky,so_lao_dong,tong_thu_nhap\n"
            b"0100109106,A,2020-01-01,hoat_dong,2026-09,x,1\n")
    response = client.post("/tax-imports?file_name=t.csv", data=body, content_type="text/csv")
    assert response.status_code == 422
    [error] = response.get_json()["errors"]
    assert (error["row"], error["column"]) == (2, "so_lao_dong")
    assert _tax_rows(world.office.id) == 0


def test_legal_staff_may_not_import_tax_data(api, world):
    assert _upload(api.as_(world.legal), "/tax-imports", "tax_small.csv").status_code == 403


def test_the_leads_match_the_expected_file_and_filter_and_sort(api, world):
    client = api.as_(world.supervisor)
    _upload(client, "/imports", "ledger_small.csv")
    _upload(client, "/tax-imports", "tax_small.csv")
    response = client.get("/tax-leads?month=2026-09")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    expected = json.loads((SHARED_DATA / "expected_leads_small.json").read_text(encoding="utf-8"))
    assert {code: {k: v for k, v in lead.items() if k != "district"} for code, lead in body["leads"].items()} \
        == expected["leads"]
    amounts = [body["leads"][code]["estimated_contributions"] for code in body["order"]]
    assert amounts == sorted(amounts, reverse=True)
    wages = client.get("/tax-leads?kind=wages").get_json()
    assert set(wages["leads"]) == {"3713177848", "3791823295"}
    new = client.get("/tax-leads?new_business=true").get_json()
    assert set(new["leads"]) == {"0110002017"}
    big = client.get("/tax-leads?min_amount=200000000").get_json()
    assert set(big["leads"]) == {"3713177848", "3737684332"}


def test_bad_filters_are_422_naming_the_field(api, world):
    client = api.as_(world.inspector)
    _upload(client, "/tax-imports", "tax_small.csv")
    for query, field in (("kind=tax", "kind"), ("min_amount=-1", "min_amount"), ("month=2026-13", "month"),
                         ("new_business=maybe", "new_business")):
        response = client.get(f"/tax-leads?{query}")
        assert response.status_code == 422, query
        assert field in response.get_json()["errors"], query


def test_another_office_sees_none_of_the_leads(api, world, other):
    _upload(api.as_(world.supervisor), "/tax-imports", "tax_small.csv")
    response = api.as_(other.supervisor).get("/tax-leads")
    assert response.status_code == 200  # that office has no tax data: no leads, and a message saying so
    assert response.get_json()["leads"] == {} and response.get_json()["month"] is None
    assert "Chưa có dữ liệu thuế" in response.get_json()["message"]
