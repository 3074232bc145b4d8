"""The authorization matrix: every URL and API endpoint × every role → the expected answer, 0 leaks.

A world is built with the factories: conftest's `tree` (province A with communes A1/A2, province B)
and objects of every module in commune A, with a twin of each in commune B. Every URL pattern is walked
(as `tests/test_url_scoping.py` does). A pattern that takes an object id is matched to the objects it
fetches automatically: every table's ids are made disjoint first, so an id names exactly one object, and
each candidate of commune A is tried as the national administrator; the ones that do not answer 404 are
the pattern's objects. Each URL is then requested (GET; POST with empty data where the view takes only
POST, inside a rolled-back savepoint so nothing changes) as each role:

* anonymous → a redirect to the login page (pages) or 401/403 (API), except the public views;
* a role that cannot see the object's unit (another province, another commune, a reporter of another
  unit; and every role of province A for the twin in commune B) → 403/404/405, the same answer as for an
  id that does not exist, so not even the existence of the object leaks;
* a role that sees the unit → no server error (200, or 403/404 where the role lacks the capability).

Every body is also searched for the markers of the units the role cannot see (text written into the
objects of each unit, and the units' own names), so a list, a count or a detail page showing another
area's record is a leak too. On failure the whole matrix is printed as a table.
"""

import copy
import datetime
import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from antq.accounts.models import Role, RoleAssignment
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.classification.models import ClassificationImport
from antq.classification.tests.factories import ClassificationFactory
from antq.clubs.tests.factories import ClubFactory, ModelTypeFactory, MovementModelFactory
from antq.core.access import PUBLIC, access_of
from antq.core.models import ImportJob
from antq.directives.models import DocumentKind, ReporterKind, ReportSubmission
from antq.directives.tests.factories import DocumentFactory, ObligationFactory
from antq.exemplars.tests.factories import ExemplarFactory
from antq.festival.models import FestivalPhoto
from antq.festival.tests.factories import FestivalEventFactory
from antq.grassroots.tests.factories import SecurityTeamFactory, TeamMemberFactory
from antq.incidents.tests.factories import (
    DisciplineIncidentFactory,
    IncidentEvidenceFactory,
    IncidentFactory,
    IncidentPersonFactory,
    YearlyTrendFigureFactory,
)
from antq.outreach.tests.factories import OutreachActivityFactory
from antq.portal.models import NewsImage
from antq.portal.tests.factories import NewsItemFactory, PublishedNewsFactory
from antq.recognition.models import CaseDocument, ProvincialCriterion
from antq.recognition.tests.factories import RecognitionCaseFactory
from antq.reports.models import ReportJob
from antq.tips.models import TipAttachment
from antq.tips.tests.factories import TipFactory, TipMessageFactory
from antq.units.tests.factories import ResidentialAreaFactory

ROLES = ("anonymous", "other_province", "other_commune", "reporter", "commune", "province", "national", "viewer")

# Ids of every table start at a distinct base, so that one id names one object of one model.
ID_BASE = 2_000_000
ID_STRIDE = 10_000
MISSING_ID = 1_999_999

# Object ids a URL pattern may take; every other <int:…> is a value (year, version number).
OBJECT_KWARGS = {"pk", "unit_pk", "job_pk", "province_pk", "attachment_pk"}
VALUES = {"year": 2025, "number": 1, "fmt": "xlsx"}
# Patterns that take names rather than ids: a valid value of each (the law data shipped with the code).
SLUG_KWARGS = {
    "recognition:criteria_set": {"code": "tt124_2021", "kind": "residential_area"},
    "recognition:authority_edit": {"code": "tt124_2021"},
    "classification:sheet": {"code": "qd510_2022", "sheet_code": "KDC"},
    "classification:rules_edit": {"code": "qd510_2022"},
    "commendations:step": {"step": "review"},
    "v1:recognition-criteria": {"kind": "residential_area"},
    "v1:classification-sheet": {"kind": "residential_area"},
}
# Id-taking patterns whose id is not an object of an area (law-data versions) or that no object of the
# world reaches; each is still requested by every role with a missing id.
NOT_OBJECT_BOUND = {
    "recognition:derived:version", "recognition:authority_version", "grassroots:law_rules_version",
    "grassroots:law_quota_version", "commendations:rules_version",
}

# Views that need more than the id to find their object.
QUERIES = {
    "units:create": "?kind=residential_area", "directives:submit": "?unit={commune}&due=2025-11-15",
    "v1:recognition-criteria": "?year=2025", "v1:classification-sheet": "?year=2025",
    # Figures of an area: an area out of the role's scope answers as a missing one.
    "v1:festival-coverage": "?area={commune}&year=2025", "v1:clubs-counts": "?area={commune}&year=2025",
    "v1:commendation-counts": "?area={commune}&year_from=2024&year_to=2026",
}
# Views that answer GET with 404 whatever the id (the method is POST only).
POST_ONLY = {"portal:staff_image_remove"}
# Patterns no object of the world reaches without a whole workflow (they answer 404 until then, which the
# module's own tests cover); they are requested with the objects of the model named, unverified.
UNVERIFIED = {"recognition:certificate": "RecognitionCase"}  # a certificate needs a decided, issued case
# The roles each test requests, so that each test stays short (the CI spreads them over two workers); the
# last one requests commune B's twin of every object as province A's own officers.
ROLE_GROUPS = {**{role: (role,) for role in ROLES}, "twins-of-b": ("commune", "province")}
_DISCOVERED: dict[str, list[int]] = {}  # pattern name → indexes of its objects in the world (ids are fixed)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


# --- the world -------------------------------------------------------------------------------------------


def make_ids_disjoint() -> None:
    """Start every table's ids at its own base (rolled back with the test on SQLite; harmless on PostgreSQL)."""
    models = sorted(
        (m for m in apps.get_models() if m._meta.managed and not m._meta.proxy
         and getattr(m._meta.pk, "db_returning", False)),
        key=lambda m: m._meta.label,
    )
    with connection.cursor() as cursor:
        for index, model in enumerate(models):
            table, start = model._meta.db_table, ID_BASE + index * ID_STRIDE
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute("SELECT setval(%s, %s)", [sequence, start])
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start])


def build_module_objects(*, province, commune, kdc, marker: str, count: int = 1,
                         start: int = 0) -> list[tuple[object, object]]:
    """`count` objects of every module in `commune` (most on its KDC `kdc`), each carrying `marker` in its text.

    The first set goes on `kdc`, each further one on a new KDC of the commune (so that every set has the same
    year). Returns (object, the unit whose scope holds it) pairs. Shared with `tests/test_list_queries.py`.
    """
    made = []

    def add(obj, unit):
        made.append((obj, unit))
        return obj

    first_kdc = kdc
    for n in range(start, start + count):
        # The marker says whose scope holds the object: k (the KDC), c (the commune), p (the province).
        text, ctext, ptext = f"{marker}k {n}", f"{marker}c {n}", f"{marker}p {n}"
        kdc = first_kdc if n == 0 else ResidentialAreaFactory(parent=commune, name=f"Thôn {marker} {n}")
        incident = add(IncidentFactory(unit=kdc, title=f"Vụ việc {text}"), kdc)
        disciplined = add(DisciplineIncidentFactory(unit=kdc, title=f"Kỷ luật {text}"), kdc)
        add(IncidentPersonFactory(incident=disciplined, full_name=f"Nguyễn Văn {text}"), kdc)
        add(IncidentEvidenceFactory(incident=incident), kdc)
        add(YearlyTrendFigureFactory(unit=kdc, year=2024), kdc)

        case = add(RecognitionCaseFactory(unit=kdc, year=2026), kdc)
        add(CaseDocument.objects.create(case=case, kind="evidence", original_name=f"{text}.pdf",
                                        file=ContentFile(PDF, name="scan.pdf")), kdc)
        add(ClassificationFactory(unit=kdc, year=2026), kdc)

        team = add(SecurityTeamFactory(commune=commune, areas=[kdc], name=f"Tổ bảo vệ {ctext}"), commune)
        add(TeamMemberFactory(team=team, full_name=f"Trần Văn {ctext}"), commune)

        model = add(MovementModelFactory(site=kdc, name=f"Mô hình {text}"), kdc)
        add(ClubFactory(model=model, name=f"Câu lạc bộ {text}"), kdc)
        add(ExemplarFactory(unit=kdc, name=f"Lê Văn {text}"), kdc)

        event = add(FestivalEventFactory(unit=kdc, place=f"Nhà văn hóa {text}",
                                         held_on=datetime.date(2025, 8, 1 + n)), kdc)
        add(FestivalPhoto.objects.create(event=event, original_name=f"{text}.png", size=len(PNG),
                                         file=ContentFile(PNG, name="photo.png")), kdc)
        add(OutreachActivityFactory(unit=kdc, title=f"Tuyên truyền {text}"), kdc)

        document = add(DocumentFactory(unit=commune, kind=DocumentKind.GUIDANCE, title=f"Kế hoạch {ctext}",
                                       issuer=f"UBND {marker}"), commune)
        province_document = add(DocumentFactory(unit=province, title=f"Chỉ thị {ptext}"), province)
        obligation = add(ObligationFactory(document=province_document, reporter_kind=ReporterKind.COMMUNE,
                                           subject=f"Báo cáo {ptext}"), province)
        add(ObligationFactory(document=document, reporter_kind=ReporterKind.COMMUNE, subject=f"Báo cáo xã {ctext}"),
            commune)
        add(ReportSubmission.objects.create(obligation=obligation, unit=commune,
                                            due_on=datetime.date(2025, 11, 15) + datetime.timedelta(days=n),
                                            submitted_on=datetime.date(2025, 11, 10), number=f"{n + 1}/BC",
                                            original_name=f"{ctext}.pdf", size=len(PDF),
                                            file=ContentFile(PDF, name="report.pdf")), commune)

        news = add(NewsItemFactory(unit=province, title=f"Tin nháp {ptext}"), province)
        published = add(PublishedNewsFactory(unit=province, title=f"Tin công khai {n}"), province)  # public
        add(NewsImage.objects.create(item=published, original_name="b.png", size=len(PNG),
                                     file=ContentFile(PNG, name="b.png")), province)
        add(NewsImage.objects.create(item=news, original_name="a.png", caption=f"Ảnh {ptext}", size=len(PNG),
                                     file=ContentFile(PNG, name="a.png")), province)

        tip = add(TipFactory(commune=commune, what=f"Tin báo {ctext}", place=f"Ngõ {ctext}"), commune)
        add(TipMessageFactory(tip=tip, body=f"Trả lời {ctext}"), commune)
        add(TipAttachment.objects.create(tip=tip, content_type="image/png", size=len(PNG),
                                         file=ContentFile(PNG, name="tip.png")), commune)

        add(ModelTypeFactory(province=province, name=f"Loại mô hình {ptext}"), province)
        add(ProvincialCriterion.objects.create(province=province, year=2026, code=f"T-{marker[-1]}{n}",
                                               unit_kinds=["residential_area"], article="Điều 1",
                                               text_vi=f"Tiêu chí {ptext}"), province)
        add(ReportJob.objects.create(area=commune, year=2025, format="docx", status=ReportJob.Status.SUCCEEDED,
                                     file=ContentFile(b"PK", name="report.docx"), file_name=f"{ctext}.docx"), commune)
        add(ImportJob.objects.create(unit=commune, file_name=f"{ctext}.xlsx",
                                     file=ContentFile(b"x", name="import.xlsx")), commune)
        add(ClassificationImport.objects.create(area=commune, file_name=f"{ctext}.xlsx",
                                                file=ContentFile(b"x", name="import.xlsx")), commune)
        made.extend(_commendations(commune=commune, kdc=kdc, text=text, ctext=ctext))
    return made


def _commendations(*, commune, kdc, text, ctext):
    """Awards and persons (antq/commendations, finished by another engineer; its factories as they stand)."""
    try:
        from antq.commendations.tests.factories import DecidedAwardFactory, PersonFactory
    except ImportError:  # GAP: the module's factories are not there yet; its URLs are then walked without objects
        return []
    person = PersonFactory(unit=commune, full_name=f"Phạm Văn {ctext}")
    award = DecidedAwardFactory(unit=kdc, achievement=f"Thành tích {text}")
    person_award = DecidedAwardFactory(unit=commune, person=person, recipient_type="individual",
                                       achievement=f"Thành tích cá nhân {ctext}")
    return [(person, commune), (award, kdc), (person_award, commune)]


@dataclass
class World:
    tree: object
    users: dict
    a_objects: list  # (object, scope unit) in province A
    twins: dict  # (model label, index) in A → its twin in B
    markers: dict = field(default_factory=dict)  # unit pk → strings only its viewers may see


def _user(role, unit, username):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def disjoint_ids(db):
    make_ids_disjoint()


@pytest.fixture
def world(disjoint_ids, tree):
    assert tree.country.pk > ID_BASE, "the ids must be made disjoint before the tree is built"
    users = {
        "other_province": _user(Role.PROVINCE_OFFICER, tree.province_b, "tinh_b"),
        "other_commune": _user(Role.COMMUNE_OFFICER, tree.commune_a2, "xa_a2"),
        "reporter": _user(Role.UNIT_REPORTER, tree.kdc_a, "kdc_a"),
        "commune": _user(Role.COMMUNE_OFFICER, tree.commune_a, "xa_a"),
        "province": _user(Role.PROVINCE_OFFICER, tree.province_a, "tinh_a"),
        "national": _user(Role.NATIONAL_ADMIN, tree.country, "admin"),
        "viewer": _user(Role.VIEWER, tree.province_a, "bcd_a"),
    }
    a = build_module_objects(province=tree.province_a, commune=tree.commune_a, kdc=tree.kdc_a, marker="mtxa")
    b = build_module_objects(province=tree.province_b, commune=tree.commune_b, kdc=tree.kdc_b, marker="mtxb")
    # A sibling of the reporter's KDC in the same commune: the reporter must not see its records.
    a.append((IncidentFactory(unit=tree.agency_a, title="Vụ việc mtxag"), tree.agency_a))
    a_objects = [(u, u) for u in (tree.commune_a, tree.kdc_a, tree.agency_a, tree.province_a)] + a
    twins = {tree.commune_a.pk: tree.commune_b, tree.kdc_a.pk: tree.kdc_b, tree.province_a.pk: tree.province_b}
    twins.update({obj.pk: twin for (obj, _), (twin, _) in zip(a, b, strict=False)})
    # What only those who see a unit (or stand under it) may read: the marker written into its objects.
    markers = {
        tree.kdc_a.pk: ["mtxak"], tree.agency_a.pk: ["mtxag"], tree.commune_a.pk: ["mtxac"],
        tree.province_a.pk: ["mtxap"], tree.kdc_b.pk: ["mtxbk"], tree.commune_b.pk: ["mtxbc"],
        tree.province_b.pk: ["mtxbp"],
    }
    return World(tree=tree, users=users, a_objects=a_objects, twins=twins, markers=markers)


# --- walking the URLs ------------------------------------------------------------------------------------


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry


def _routes():
    """(name, route, kwarg names, access, is_api) of every named pattern, the format-suffix twins left out."""
    seen, routes = set(), []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if "(?P<format>" in route or name in seen or not pattern.name:
            continue
        seen.add(name)
        kwargs = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
        kwargs = [a or b for a, b in kwargs]
        routes.append((name, route, kwargs, access_of(pattern.callback), route.startswith("api/")))
    return routes


def _url(name, kwargs, object_id, commune=None):
    values = {}
    for kwarg in kwargs:
        if kwarg in OBJECT_KWARGS:
            values[kwarg] = object_id
        elif kwarg in VALUES:
            values[kwarg] = VALUES[kwarg]
        else:
            values[kwarg] = SLUG_KWARGS[name][kwarg]
    query = QUERIES.get(name, "").format(commune=commune.pk if commune else MISSING_ID)
    return reverse(name, kwargs=values) + query


@dataclass
class Answer:
    status: int
    body: str = ""
    location: str = ""


def _request(client, method, url) -> Answer:
    """One request inside a savepoint that is rolled back: an empty POST that succeeds changes nothing."""
    cookies = copy.deepcopy(client.cookies)  # the logout page ends the session: keep the role signed in
    try:
        with transaction.atomic():
            response = client.post(url) if method == "POST" else client.get(url)
            transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 — a server error is a cell of the matrix, shown with the others
        return Answer(500, body=repr(error))
    finally:
        client.cookies = cookies
    # Reading a streamed file to its end closes it (the test client's wrapper; closing it here would
    # fire request_finished, which closes the test's database connection).
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    text = body.decode("utf-8", "replace") if "text" in response.get("Content-Type", "") or "json" in \
        response.get("Content-Type", "") else ""
    return Answer(response.status_code, text, response.get("Location", ""))


def _answer(client, url, post=False) -> tuple[str, Answer]:
    """GET, or an empty POST when the view refuses GET."""
    if post:
        return "POST", _request(client, "POST", url)
    answer = _request(client, "GET", url)
    if answer.status == 405:
        return "POST", _request(client, "POST", url)
    return "GET", answer


# --- the matrix ------------------------------------------------------------------------------------------


def _tokens(text: str) -> set[str]:
    words = re.split(r"[^a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", text).lower())
    return {w.rstrip("s") for w in words if len(w) > 2}


def _candidates_for(route, kwargs, a_objects):
    """Commune A's objects grouped by model, the models whose names share most words with the route first."""
    route_words = _tokens(route)
    if {"unit_pk", "province_pk"} & set(kwargs) or "communes/" in route:
        route_words |= {"unit"}
    groups: dict = {}
    for obj, unit in a_objects:
        groups.setdefault(type(obj), []).append((obj, unit))

    def score(model):
        names = _tokens(model.__name__) | _tokens(model._meta.app_label) | _tokens(str(model._meta.verbose_name))
        return -len(names & route_words)

    return [groups[m] for m in sorted(groups, key=lambda m: (score(m), m.__name__))]


def _discover(clients, name, route, kwargs, a_objects) -> list[int]:
    """Indexes (in `a_objects`) of the objects of province A this pattern takes: those not answered 404."""
    if name in UNVERIFIED:
        return [i for i, (obj, _) in enumerate(a_objects) if type(obj).__name__ == UNVERIFIED[name]]
    index = {id(obj): i for i, (obj, _) in enumerate(a_objects)}
    for role in ("national", "province", "commune"):
        for group in _candidates_for(route, kwargs, a_objects):
            found = [index[id(obj)] for obj, unit in group
                     if _answer(clients[role], _url(name, kwargs, obj.pk, unit), post=name in POST_ONLY)[1].status
                     != 404]
            if found:
                return found
    return []


def _sees(user_unit_paths, unit) -> str:
    """'in' when the role sees the unit, 'above' when the unit is one of its ancestors, else 'out'."""
    if any(unit.path.startswith(p) for p in user_unit_paths):
        return "in"
    if any(p.startswith(unit.path) for p in user_unit_paths):
        return "above"
    return "out"


def _forbidden(world, role_paths):
    """The markers of the units a role neither sees nor stands under."""
    from antq.units.models import Unit

    units = Unit.objects.in_bulk(list(world.markers))
    return [m for pk, unit in units.items() if _sees(role_paths, unit) == "out" for m in world.markers[pk]]


@dataclass
class Cell:
    method: str
    answer: Answer
    problem: str = ""


def _check_anonymous(is_api, public, answer) -> str:
    if public:
        return "server error" if answer.status >= 500 else ""
    if is_api:
        return "" if answer.status in (401, 403) else "API open to anonymous"
    if answer.status == 302 and "/accounts/login/" in answer.location:
        return ""
    return "page open to anonymous"


def _check_body(answer, forbidden) -> str:
    shown = [m for m in forbidden if m in answer.body]
    return f"shows {shown}" if shown else ""


def run_matrix(world, group, only=None):
    """The rows (URL, {role: Cell}) of the roles of `group`, the problems found, and the unmapped patterns."""
    roles = ROLE_GROUPS[group]
    clients = {"anonymous": Client()}
    paths = {"anonymous": []}
    for role, user in world.users.items():
        clients[role] = Client()
        clients[role].force_login(user)
        paths[role] = [a.unit.path for a in RoleAssignment.objects.filter(user=user).select_related("unit")]
    forbidden = {role: _forbidden(world, p) if role != "anonymous" else [] for role, p in paths.items()}
    for_missing: dict[tuple[str, str], Answer] = {}

    def cell(role, url, *, name, kwargs, is_api, public, scope_unit=None, missing=None) -> Cell:
        method, answer = _answer(clients[role], url, post=name in POST_ONLY)
        if role == "anonymous":
            return Cell(method, answer, _check_anonymous(is_api, public, answer))
        if answer.status >= 500:
            return Cell(method, answer, "server error")
        if scope_unit is not None and not public and _sees(paths[role], scope_unit) == "out":
            if (missing, role) not in for_missing:
                for_missing[missing, role] = _answer(clients[role], missing, post=name in POST_ONLY)[1]
            if answer.status < 300 or answer.status in (301, 302):
                return Cell(method, answer, "LEAK: answered")
            if answer.status != for_missing[missing, role].status:
                return Cell(method, answer, f"existence leaks ({for_missing[missing, role].status} when missing)")
        return Cell(method, answer, _check_body(answer, forbidden[role]))

    rows: list[tuple[str, dict[str, Cell]]] = []
    unmapped = []
    for name, route, kwargs, access, is_api in _routes():
        if only is not None and name not in only:
            continue
        common = dict(name=name, kwargs=kwargs, is_api=is_api, public=access == PUBLIC)
        if not any(k in OBJECT_KWARGS for k in kwargs) or name in NOT_OBJECT_BOUND:
            if group == "twins-of-b":
                continue
            area = world.tree.commune_a if "{commune}" in QUERIES.get(name, "") else None
            url = _url(name, kwargs, MISSING_ID, area)
            missing = _url(name, kwargs, MISSING_ID)  # the area missing
            rows.append((url, {role: cell(role, url, scope_unit=area, missing=missing, **common) for role in roles}))
            continue
        if name not in _DISCOVERED:
            _DISCOVERED[name] = _discover(clients, name, route, kwargs, world.a_objects)
        if not _DISCOVERED[name]:
            unmapped.append(route)
        for obj, unit in (world.a_objects[i] for i in _DISCOVERED[name]):
            twin = world.twins.get(obj.pk)
            if group != "twins-of-b":
                url = _url(name, kwargs, obj.pk, _commune_of(world, unit))
                missing = _url(name, kwargs, MISSING_ID, _commune_of(world, unit))
                row = {role: cell(role, url, scope_unit=unit, missing=missing, **common) for role in roles}
                rows.append((f"{url} [{type(obj).__name__}]", row))
            elif twin is not None:
                twin_unit = _unit_of_twin(world, unit)
                url = _url(name, kwargs, twin.pk, _commune_of(world, twin_unit))
                missing = _url(name, kwargs, MISSING_ID, _commune_of(world, twin_unit))
                row = {role: cell(role, url, scope_unit=twin_unit, missing=missing, **common) for role in roles}
                rows.append((f"{url} [{type(twin).__name__} of B]", row))

    problems = [(url, role, c) for url, row in rows for role, c in row.items() if c.problem]
    return rows, problems, unmapped


@pytest.mark.parametrize("group", ROLE_GROUPS)
def test_authorization_matrix(world, settings, group):
    settings.SESSION_SAVE_EVERY_REQUEST = False  # one write less per request; the sessions are not under test
    rows, problems, unmapped = run_matrix(world, group)
    print(f"authorization matrix [{group}]: {len(rows)} URLs × {len(ROLE_GROUPS[group])} role(s)")
    assert not problems and not unmapped, _table(rows, ROLE_GROUPS[group], problems, unmapped)
    assert len(rows) > 150


def test_the_matrix_finds_a_leak(world, settings, monkeypatch):
    """A detail view that forgets the scope is caught, on the page and in its body."""
    from antq.incidents import selectors
    from antq.incidents.models import Incident

    settings.SESSION_SAVE_EVERY_REQUEST = False
    monkeypatch.setattr(selectors, "get_incident_for", lambda actor, pk, capability=None: Incident.objects.get(pk=pk))
    rows, problems, _ = run_matrix(world, "other_province", only={"incidents:detail"})
    incidents = [url for url, _ in rows]
    assert len(incidents) == 3  # on the KDC, the disciplinary one, on the agency
    assert sorted((url, role, cell.problem) for url, role, cell in problems) == sorted(
        (url, "other_province", "LEAK: answered") for url in incidents)


def _commune_of(world, unit):
    tree = world.tree
    return tree.commune_b if unit.path.startswith(tree.province_b.path) else tree.commune_a


def _unit_of_twin(world, unit):
    """The unit of B in whose scope the twin of `obj` (held in A by `unit`) lies."""
    tree = world.tree
    return {tree.kdc_a.pk: tree.kdc_b, tree.commune_a.pk: tree.commune_b, tree.province_a.pk: tree.province_b,
            tree.agency_a.pk: tree.kdc_b}[unit.pk]


def _table(rows, roles, problems, unmapped) -> str:
    """The matrix: a row per URL, a column per role, each cell the method's initial and the status (! wrong)."""
    width = max(len(url) for url, _ in rows)
    lines = [f"{'URL':<{width}} " + " ".join(f"{r[:14]:>14}" for r in roles)]
    for url, row in rows:
        cells = []
        for role in roles:
            cell = row.get(role)
            text = "" if cell is None else f"{cell.method[0]}{cell.answer.status}{'!' if cell.problem else ''}"
            cells.append(f"{text:>14}")
        lines.append(f"{url:<{width}} " + " ".join(cells))
    lines.append("")
    lines += [f"{role} {url}: {cell.answer.status} {cell.problem}" for url, role, cell in problems]
    lines += [f"no object of commune A found for {route}" for route in unmapped]
    return "\n".join(lines)
