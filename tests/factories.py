"""factory_boy factories for the models.

They commit, which inside the test fixture only releases a savepoint: everything is
rolled back with the outer transaction when the test ends.
"""

from __future__ import annotations

import factory
from werkzeug.security import generate_password_hash

from enforcement.extensions import db
from enforcement.models import Case, Employer, EmployerKind, LedgerRow, Office, Role, Signer, User
from enforcement.search import fold
from enforcement.workflow import CaseState
from tests.conftest import TEST_PASSWORD

_HASH = generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")


def _tax_code(n: int) -> str:
    """A valid 10-digit tax code (LR-TAXCODE) derived from ``n``."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    base = 10_000_000 + n * 7
    while True:
        digits = f"{base:09d}"[-9:]
        r = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if r != 0:
            return digits + str(10 - r)
        base += 1


class Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"  # releases a savepoint of the test transaction


class OfficeFactory(Base):
    class Meta:
        model = Office

    code = factory.Sequence(lambda n: f"T{n:02d}")
    name = factory.Sequence(lambda n: f"Bảo hiểm xã hội tỉnh Thử nghiệm {n}")
    province = "Hà Nội"
    place_name = "Hà Nội"
    address = "Số 1 Phố Thử, Hà Nội"
    # the State Treasury account a penalty decision names (without it the decision is blocked)
    # and the instrument an inspection decision cites for the office's examination competence
    settings = factory.LazyFunction(lambda: {
        "fine_account": "tài khoản số 7111 của Kho bạc Nhà nước Hà Nội",
        "inspection_basis": "Quyết định số 1234/QĐ-BHXH ngày 20/6/2025 của Tổng Giám đốc Bảo hiểm xã hội Việt Nam "
                            "quy định chức năng, nhiệm vụ của Bảo hiểm xã hội tỉnh",
    })


class SignerFactory(Base):
    class Meta:
        model = Signer

    office = factory.SubFactory(OfficeFactory)
    full_name = "Nguyễn Văn Giám"
    title = "GIÁM ĐỐC"
    fine_cap_person = 75_000_000
    fine_cap_organisation = 150_000_000


class UserFactory(Base):
    class Meta:
        model = User

    office = factory.SubFactory(OfficeFactory)
    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ Số {n}")
    password_hash = _HASH
    role = Role.INSPECTOR


class EmployerFactory(Base):
    class Meta:
        model = Employer

    office = factory.SubFactory(OfficeFactory)
    unit_code = factory.Sequence(lambda n: f"TE{n:05d}")
    tax_code = factory.Sequence(_tax_code)
    name = factory.Sequence(lambda n: f"Công ty TNHH Thử nghiệm Số {n}")
    name_search = factory.LazyAttribute(lambda o: fold(o.name))
    address = "Số 5 Đường Láng, Hà Nội"
    district = "Quận Đống Đa"
    kind = EmployerKind.ENTERPRISE
    legal_representative = "Trần Thị Đại Diện"
    representative_title = "Giám đốc"


class LedgerRowFactory(Base):
    class Meta:
        model = LedgerRow

    employer = factory.SubFactory(EmployerFactory)
    period = "2026-01"
    amount_due = 10_000_000
    amount_paid = 0
    employees = 12
    employee_share_withheld = 0


class CaseFactory(Base):
    class Meta:
        model = Case

    employer = factory.SubFactory(EmployerFactory)
    office = factory.SelfAttribute("employer.office")
    state = CaseState.DETECTED
    months_in_arrears = 4
    oldest_unpaid_period = "2026-05"
    principal = 120_000_000
    interest = 1_000_000
    employees_affected = 25
