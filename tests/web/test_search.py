"""Search without diacritics, words in any order (PRODUCT.md §2): "cong ty an phu" finds
"Công ty TNHH Thực phẩm An Phú", on the case list and from the home page's search box, on SQLite and on
PostgreSQL (TEST_DATABASE_URL), through the stored folded name and its index.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from enforcement.extensions import db
from enforcement.models import Employer
from enforcement.search import fold
from tests.factories import CaseFactory, EmployerFactory


def _rows(html: str) -> list[str]:
    """The employer names listed in the case table."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return re.findall(r'<a href="/cases/\d+">([^<]+)</a><br>', body.group(1)) if body else []


def test_the_products_own_example_finds_the_employer(client, auth, world):
    other = CaseFactory(employer=EmployerFactory(office=world.office, name="Công ty Cổ phần An Bình"),
                        office=world.office)
    auth.login(world.inspector.username)
    for query in ("cong ty an phu", "Cong Ty An Phu", "an phu cong ty", "CÔNG TY AN PHÚ", "thuc pham an phu",
                  "an   phu"):
        html = client.get("/cases/", query_string={"q": query}).get_data(as_text=True)
        assert "Công ty TNHH Thực phẩm An Phú" in html, query
        assert "1 mục" in html, query
    # Every word must match: "cong ty an binh" names only the other one, "an phu xyz" none.
    assert _rows(client.get("/cases/", query_string={"q": "cong ty an binh"}).get_data(as_text=True)) == [
        other.employer.name]
    assert _rows(client.get("/cases/", query_string={"q": "an phu xyz"}).get_data(as_text=True)) == []


def test_the_home_search_box_leads_to_the_same_result(client, auth, world):
    auth.login(world.supervisor.username)
    home = client.get("/").get_data(as_text=True)
    form = re.search(r'<form method="get" action="([^"]+)" class="search"', home)
    assert form is not None and 'name="q"' in home
    html = client.get(form.group(1), query_string={"q": "cong ty an phu"}).get_data(as_text=True)
    assert "Công ty TNHH Thực phẩm An Phú" in html


def test_the_folded_name_follows_the_name(db_session):
    """Set through the ORM, the name's folded copy changes with it (the ledger import sets both in bulk)."""
    employer = EmployerFactory(name="Công ty An Phú")
    employer.name = "Hợp tác xã Đông Hòa"
    db.session.flush()
    stored = db.session.scalar(sa.select(Employer.name_search).where(Employer.id == employer.id))
    assert stored == "hop tac xa dong hoa"


@pytest.mark.parametrize(("typed", "folded"), [
    ("Công ty TNHH Thực phẩm An Phú", "cong ty tnhh thuc pham an phu"),
    ("ĐÔNG ÁNH  ", "dong anh"),
    ("\u00d0ông Anh", "dong anh"),  # Ð (U+00D0), a look-alike of Đ some keyboards type
    ("Cong\u0301 ty", "cong ty"),  # decomposed (NFD) input
])
def test_fold(typed, folded):
    assert fold(typed) == folded


def test_postgresql_searches_the_name_through_its_trigram_index(app, db_session, world):
    """No scan of every employer per keystroke: the words are matched with the GIN trigram index."""
    if db_session.get_bind().dialect.name != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only (SQLite scans the office's employers)")
    from enforcement.services.queries import _text_match

    db_session.execute(sa.text("SET LOCAL enable_seqscan = off"))  # a tiny test table: ask whether it *can*
    for typed in ("cong ty an phu", "thuc pham"):
        query = sa.select(Employer.id).where(_text_match(typed))  # (with the office, the planner picks either)
        compiled = query.compile(dialect=db_session.get_bind().dialect)
        plan = "\n".join(row[0] for row in db_session.connection().exec_driver_sql(
            "EXPLAIN " + str(compiled), compiled.params))
        assert "ix_employers_name_search" in plan and "Seq Scan" not in plan, plan


def test_an_import_that_renames_an_employer_is_searched_by_its_new_name(app, client, auth, world):
    """The ledger import writes the folded name with the name (new and renamed employers alike)."""
    from tests.web.test_import_pages import _upload, _work

    employer = world.employer
    auth.login(world.inspector.username)
    period = "2026-01"
    row = (f"{employer.unit_code},{employer.tax_code},Công ty TNHH Thực phẩm Sạch Đông Dư,Số 1,"
           f"{employer.district},doanh_nghiep,Lê Thị Thu,{period},1000000,1000000,12,0\n")
    header = ("ma_don_vi,ma_so_thue,ten_don_vi,dia_chi,quan_huyen,loai_hinh,nguoi_dai_dien,ky,phai_dong,"
              "da_dong,so_lao_dong,trich_luong_nld\n")
    _upload(client, (header + row).encode(), "doi-ten.csv")
    assert _work(app).result["status"] == "accepted"
    found = _rows(client.get("/cases/", query_string={"q": "thuc pham sach dong du"}).get_data(as_text=True))
    assert found == ["Công ty TNHH Thực phẩm Sạch Đông Dư"]
    assert _rows(client.get("/cases/", query_string={"q": "cong ty an phu"}).get_data(as_text=True)) == []
