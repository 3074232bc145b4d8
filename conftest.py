"""Fixtures shared by every test: a small unit tree and one user per role on it.

    Việt Nam
    ├── Tỉnh A (province_a)        ── Xã A1 (commune_a) ── Thôn A1-1 (kdc_a), Cơ quan A1 (agency_a)
    │                              └─ Phường A2 (commune_a2)
    └── Tỉnh B (province_b)        ── Xã B1 (commune_b) ── Thôn B1-1 (kdc_b)
"""

import os

import pytest
from django.apps import apps
from django.db import connection

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.units.models import LocalKind
from antq.units.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    CountryFactory,
    ProvinceFactory,
    ResidentialAreaFactory,
)

# Playwright's sync API runs an event loop in the test thread; live_server tests touch the ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Ids in tests start here, so an id rendered with the Vietnamese thousands separator ("100.123")
# where a plain number is needed (an HTML attribute, a URL parameter) breaks a test on every database.
FIRST_TEST_ID = 100_000


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for model in apps.get_models():
            pk = model._meta.pk
            if not getattr(pk, "db_returning", False) or model._meta.proxy or not model._meta.managed:
                continue
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk.column])
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute("SELECT setval(%s, %s)", [sequence, FIRST_TEST_ID])
            elif connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, FIRST_TEST_ID])
    yield
    if connection.vendor == "postgresql":
        # The live server of the browser tests answers Chromium's keep-alive connections in daemon
        # threads; one can still hold an idle database session when the run ends, and PostgreSQL
        # refuses to drop a database in use. End such sessions of this throwaway test database.
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        connection.close()


TEST_PASSWORD = "mat-khau-thu-nghiem"  # noqa: S105 — test fixtures only


@pytest.fixture
def tree(db):
    country = CountryFactory()
    province_a = ProvinceFactory(parent=country, name="Tỉnh Quảng Trị", code="44")
    commune_a = CommuneFactory(parent=province_a, name="Phường Ba Đình", code="4", local_kind=LocalKind.PHUONG)
    commune_a2 = CommuneFactory(parent=province_a, name="Xã Đông Hà", code="19000")
    kdc_a = ResidentialAreaFactory(parent=commune_a, name="Tổ dân phố Trúc Bạch", local_kind=LocalKind.TO_DAN_PHO)
    agency_a = AgencyFactory(parent=commune_a, name="Trung tâm Y tế Ba Đình")
    province_b = ProvinceFactory(parent=country, name="Tỉnh Lào Cai", code="15")
    commune_b = CommuneFactory(parent=province_b, name="Xã Bảo Yên", code="3000")
    kdc_b = ResidentialAreaFactory(parent=commune_b, name="Thôn Bản Lầu", local_kind=LocalKind.BAN)
    return type("Tree", (), dict(
        country=country, province_a=province_a, commune_a=commune_a, commune_a2=commune_a2, kdc_a=kdc_a,
        agency_a=agency_a, province_b=province_b, commune_b=commune_b, kdc_b=kdc_b,
    ))


def _user_with(role, unit, username):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def national_admin(tree):
    return _user_with(Role.NATIONAL_ADMIN, tree.country, "admin")


@pytest.fixture
def province_officer(tree):
    return _user_with(Role.PROVINCE_OFFICER, tree.province_a, "tinh_a")


@pytest.fixture
def commune_officer(tree):
    return _user_with(Role.COMMUNE_OFFICER, tree.commune_a, "xa_a")


@pytest.fixture
def unit_reporter(tree):
    return _user_with(Role.UNIT_REPORTER, tree.kdc_a, "kdc_a")


@pytest.fixture
def viewer(tree):
    return _user_with(Role.VIEWER, tree.province_a, "bcd_a")


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client logged in as `user`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: figures cached under a generation counter
    (antq.core.generations) would otherwise meet the same counter value in the next test, whose
    database was rolled back to the same state but holds other rows."""
    from django.core.cache import cache

    cache.clear()
