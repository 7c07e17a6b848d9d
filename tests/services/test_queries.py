"""Read-side case queries shared by the UI and the API (issue 7): filters, search, districts."""

from __future__ import annotations

from enforcement.services.queries import CaseFilters, districts, list_cases
from tests.factories import CaseFactory, EmployerFactory, OfficeFactory, UserFactory


def test_districts_are_the_offices_own_distinct_and_sorted(ctx):
    office = OfficeFactory()
    for name in ("Quận Đống Đa", "Huyện Gia Lâm", "Quận Đống Đa", ""):
        EmployerFactory(office=office, district=name)
    EmployerFactory(district="Quận Bí Mật")  # another office
    user = UserFactory(office=office)
    assert districts(user) == sorted({"Quận Đống Đa", "Huyện Gia Lâm"})


def test_search_ignores_diacritics_and_finds_codes(ctx):
    office = OfficeFactory()
    user = UserFactory(office=office)
    an_phu = CaseFactory(employer=EmployerFactory(office=office, name="Công ty TNHH Dệt may An Phú",
                                                  name_search="cong ty tnhh det may an phu"))
    other = CaseFactory(employer=EmployerFactory(office=office))

    def found(q: str) -> list[int]:
        return [c.id for c in list_cases(user, CaseFilters(q=q)).items]

    assert found("det may an phu") == [an_phu.id]
    # PRODUCT.md §2: the words in any order, some left out, without diacritics.
    assert found("cong ty an phu") == [an_phu.id]
    assert found("An Phú dệt") == [an_phu.id]
    assert found("cong ty an phu xyz") == []
    assert found(an_phu.employer.unit_code.lower()) == [an_phu.id]
    assert found(other.employer.tax_code) == [other.id]
    assert found("100%_") == []


def test_filters_combine_and_the_total_counts_every_match(ctx):
    office = OfficeFactory()
    user = UserFactory(office=office)
    for principal in (10_000_000, 50_000_000, 90_000_000):
        CaseFactory(employer=EmployerFactory(office=office, district="Quận Ba Đình"), principal=principal)
    CaseFactory(employer=EmployerFactory(office=office, district="Huyện Sóc Sơn"), principal=50_000_000)
    CaseFactory(principal=50_000_000)  # another office
    page = list_cases(user, CaseFilters(district="Quận Ba Đình", min_principal=40_000_000, sort="principal"),
                      per_page=1)
    assert page.total == 2 and [c.principal for c in page.items] == [90_000_000]
