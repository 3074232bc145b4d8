"""The data generation and the caches kept under it: a cached panel is never older than the last committed
write, a rolled-back write moves nothing, and nothing is cached from inside a transaction."""

import pytest
from django.db import transaction

from antq.core.audit import audit_record
from antq.core.generations import DATA, cached_while_current, current_key, generation_of
from antq.units.models import UnitKind
from antq.units.services import unit_create, unit_update

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_committed_transaction_moves_the_data_generation_once(tree, national_admin):
    before = generation_of(DATA)
    with transaction.atomic():
        for name in ("Một", "Hai", "Ba"):  # three audited writes, one transaction
            audit_record(actor=national_admin, action="test.write", target=tree.kdc_a, detail={"name": name})
        assert generation_of(DATA) == before  # not before the commit
    assert generation_of(DATA) == before + 1


def test_a_rolled_back_write_moves_nothing(tree, national_admin):
    before = generation_of(DATA)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=national_admin, action="test.write", target=tree.kdc_a)
        raise RuntimeError
    assert generation_of(DATA) == before
    # ...and the next transaction still registers its own bump (nothing left behind by the rolled-back one).
    with transaction.atomic():
        audit_record(actor=national_admin, action="test.write", target=tree.kdc_a)
    assert generation_of(DATA) == before + 1


def test_a_write_in_a_rolled_back_savepoint_is_forgotten_but_a_later_one_counts(tree, national_admin):
    before = generation_of(DATA)
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            audit_record(actor=national_admin, action="test.write", target=tree.kdc_a)
            raise RuntimeError
        audit_record(actor=national_admin, action="test.write", target=tree.kdc_a)
    assert generation_of(DATA) == before + 1


def test_cached_values_last_until_a_write_commits(tree, national_admin):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached_while_current("test-figure", compute) == 1
    assert cached_while_current("test-figure", compute) == 1  # from the cache
    unit_update(actor=national_admin, unit=tree.kdc_a, name="Tổ dân phố Trúc Bạch 2")
    assert cached_while_current("test-figure", compute) == 2


def test_nothing_is_cached_inside_a_transaction(tree):
    with transaction.atomic():
        assert current_key("anything") == ""
        values = [cached_while_current("test-in-transaction", lambda: object()) for _ in range(2)]
    assert values[0] is not values[1]
    assert current_key("anything").startswith("anything:g")


def test_the_unit_page_shows_a_new_unit_at_once(tree, province_officer, client_for):
    client = client_for(province_officer)
    url = f"/units/{tree.commune_a.pk}/"
    assert "Tổ dân phố Hàng Bông" not in client.get(url).content.decode()
    client.get(url)  # served from the cache now
    unit_create(actor=province_officer, parent=tree.commune_a, kind=UnitKind.RESIDENTIAL_AREA,
                name="Tổ dân phố Hàng Bông", local_kind="to_dan_pho")
    assert "Tổ dân phố Hàng Bông" in client.get(url).content.decode()


def test_the_cached_unit_page_follows_the_viewers_rights(tree, national_admin, province_officer, client_for):
    """Two viewers of the same page with different rights never share its cached blocks (the heading block
    holds the administrator's links)."""
    url = f"/units/{tree.commune_a.pk}/"
    history = f"?type=units.unit&id={tree.commune_a.pk}"
    assert history in client_for(national_admin).get(url).content.decode()
    assert history not in client_for(province_officer).get(url).content.decode()
    assert history in client_for(national_admin).get(url).content.decode()


def test_the_case_page_shows_an_answer_at_once(tree, unit_reporter, client_for):
    import re

    from antq.recognition.selectors import current_year
    from antq.recognition.workflow import case_register

    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=current_year())
    client = client_for(unit_reporter)
    url = f"/recognition/cases/{case.pk}/"

    def kdc2_result() -> str:
        html = client.get(url).content.decode()
        row = html[html.index('data-criterion="KDC-2"'):]
        return re.search(r'data-result="(\w+)"', row).group(1)

    assert kdc2_result() == kdc2_result() != "met"  # the second from the cache
    case.refresh_from_db()
    client.post(f"/recognition/cases/{case.pk}/answer/", {"criterion": "KDC-2", "met": "met",
                                                           "seen_version": case.version})
    assert kdc2_result() == "met"


def test_the_dashboard_counts_a_new_unit_at_once(tree, province_officer, client_for):
    client = client_for(province_officer)
    url = f"/reports/dashboard/?area={tree.province_a.pk}"

    def classified() -> str:
        html = client.get(url).content.decode()
        return html[html.index('data-summary="classified">'):].split(">", 1)[1].split("<", 1)[0]

    before = classified()
    assert classified() == before  # from the cache
    unit_create(actor=province_officer, parent=tree.commune_a, kind=UnitKind.RESIDENTIAL_AREA,
                name="Tổ dân phố Hàng Bông", local_kind="to_dan_pho")
    after = classified()
    assert after != before and after.split("/")[1] == str(int(before.split("/")[1]) + 1)


def test_requests_asking_at_once_compute_a_value_once(tree):
    import threading
    import time

    from django.db import connection

    calls, results = [], []

    def compute():
        calls.append(1)
        time.sleep(0.3)
        return "figures"

    def ask():
        try:
            results.append(cached_while_current("test-single-flight", compute))
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["figures"] * 4 and len(calls) == 1


def test_pages_answer_when_the_cache_is_down(tree, province_officer, client_for, settings, caplog):
    """The cache is a speed-up, never a dependency: with Redis unreachable the pages are computed."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0"}}  # the discard port: nothing listens
    client = client_for(province_officer)
    unit_page = client.get(f"/units/{tree.commune_a.pk}/")
    assert unit_page.status_code == 200 and tree.kdc_a.name in unit_page.content.decode()
    assert client.get(f"/reports/dashboard/?area={tree.province_a.pk}").status_code == 200
    assert cached_while_current("test-cache-down", lambda: "computed") == "computed"
    assert "cache unavailable" in caplog.text  # the pages above did meet the dead cache
