"""Query counts of every list page and API list endpoint, pinned: no N+1, and a change shows.

As a province officer, every scoped URL that takes no id and answers GET with 200 (the lists, registers,
statistics, dashboards and exports, pages and API) is requested with one object of every module in the
province, then with five: the number of queries must not move, and it must be the number pinned in
`PINNED`. A page that gains a query per row fails the first check; a page that gains or loses a query for
any other reason fails the second, so the change is seen and the pin updated in the same change.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from antq.core.access import SCOPED
from tests.test_authorization_matrix import MISSING_ID, _routes, _url, build_module_objects

MORE = 4  # sets added to the first one: 1 object per module, then 5

# Pages that still read a row's worth of queries per row, each with the reason; the test fails once one is
# fixed, so that it leaves this list and gets its pin.
KNOWN_GROWTH: set[str] = set()  # list pages known to grow with the data (none today)

# Pages measured for growth but not pinned: forms, templates, imports, reference data, the own account.
NOT_PINNED = re.compile(r"(import|template|create|nominate|:record|classification:sheets?|catalogue|v1:me|accounts:)")

# Pattern name → queries of one GET as the province officer (the same on SQLite and PostgreSQL), for the
# lists, registers, statistics, dashboards and exports; forms, templates and reference pages are only checked
# for growth.
PINNED: dict[str, int] = {
    "classification:list": 12, "classification:statistics": 12, "classification:statistics_xlsx": 9,
    "clubs:export": 13, "clubs:list": 19, "clubs:types": 7, "commendations:counts": 9, "commendations:export": 9,
    "commendations:list": 12,
    "core:home": 6, "directives:export": 8, "directives:list": 10, "exemplars:export": 8, "exemplars:list": 11,
    "festival:coverage": 14, "festival:export": 8, "festival:list": 10, "grassroots:teams": 10,
    "grassroots:teams_export": 7, "incidents:figures": 9, "incidents:list": 10, "outreach:export": 8,
    "outreach:list": 12, "portal:staff_news_list": 7, "recognition:cases": 9, "recognition:deadlines": 22,
    "recognition:provincial_index": 6, "recognition:statistics": 12, "recognition:statistics_xlsx": 10,
    "reports:annual": 47, "reports:dashboard": 53, "tips:queue": 8, "units:search": 5, "v1:classification-counts": 8,
    "v1:classification-counts-areas": 9, "v1:classification-counts-years": 8, "v1:classification-list": 6,
    "v1:clubs-model-list": 6, "v1:clubs-type-list": 7, "v1:commendation-award-list": 6,
    "v1:directive-document-list": 7, "v1:exemplar-list": 6, "v1:festival-event-list": 6, "v1:incident-list": 8,
    "v1:outreach-activity-list": 7, "v1:outreach-totals": 8, "v1:recognition-case-list": 6,
    "v1:recognition-statistics": 10, "v1:security-team-list": 7, "v1:tip-list": 6, "v1:unit-list": 6,
    "commendations:candidates": 10, "v1:classification-sheet": 3, "v1:clubs-counts": 9, "v1:commendation-counts": 7,
    "v1:festival-coverage": 10, "v1:recognition-criteria": 2,
}


def _list_routes():
    return [(name, kwargs, is_api) for name, route, kwargs, access, is_api in _routes()
            if access == SCOPED and not re.search(r"<int:|\(\?P<", route)]


def _count(client, url) -> tuple[int, int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    return response.status_code, len(queries), [q["sql"] for q in queries.captured_queries]


def test_list_queries_do_not_grow_with_the_rows(tree, province_officer, settings):
    settings.SESSION_SAVE_EVERY_REQUEST = False
    build_module_objects(province=tree.province_a, commune=tree.commune_a, kdc=tree.kdc_a, marker="mtxa")
    client = Client()
    client.force_login(province_officer)
    urls = {}
    for name, kwargs, _ in _list_routes():
        url = _url(name, kwargs, MISSING_ID, tree.commune_a)
        client.get(url)  # warm the caches of law data and content types
        status, count, _ = _count(client, url)
        if status == 200:
            urls[name] = (url, count)
    build_module_objects(province=tree.province_a, commune=tree.commune_a, kdc=tree.kdc_a, marker="mtxa",
                         count=MORE, start=1)

    grown, details = [], []
    for name, (url, one) in urls.items():
        client.get(url)  # caches keyed by the units' generation were emptied by the new units
        status, more, sql = _count(client, url)
        if name in KNOWN_GROWTH:
            if more == one:
                grown.append(f"{name} no longer grows: take it out of KNOWN_GROWTH")
            continue
        if status != 200 or more != one:
            grown.append(f"{name} {url}: {one} queries with 1 object per module, {more} with {1 + MORE} ({status})")
            details.append("\n    ".join([url, *sql]))
    assert not grown, "\n".join(grown) + "\n\n" + "\n\n".join(details)

    changed = [f"    {name!r}: {count} (pinned {PINNED[name]})," for name, (_, count) in sorted(urls.items())
               if name in PINNED and PINNED[name] != count]
    changed += [f"    {name!r}: did not answer 200" for name in PINNED if name not in urls]
    changed += [f"    {name!r}: {count},  (new: pin it)" for name, (_, count) in sorted(urls.items())
                if name not in PINNED and name not in KNOWN_GROWTH and not NOT_PINNED.search(name)]
    assert not changed, "query counts differ from PINNED (update it):\n" + "\n".join(changed)
    assert len(urls) > 40


@pytest.mark.parametrize("name", ["incidents:list", "v1:incident-list", "units:index", "v1:unit-list"])
def test_the_main_lists_are_measured(name):
    assert name in {n for n, _, _ in _list_routes()}
