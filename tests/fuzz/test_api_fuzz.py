"""Property-based fuzzing of the whole API from its own OpenAPI schema (issue 8 §3).

schemathesis reads `/api/schema/` from the Django application through WSGI (no server) and, for every
operation, generates requests — valid ones and deliberately invalid ones — sent with a province
officer's token over a small world built from the factories, so ids in paths and bodies often name
real records (in scope and out of it) instead of always missing.

Checks: no answer is a server error (5xx), and every documented answer conforms to the schema (content
type, body). `make test` runs a few examples per operation; the full run of issue 8
(≥ 5,000 cases) is `bench/fuzz.sh`, which sets `ANTQ_FUZZ_EXAMPLES`.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from antq.classification.tests.factories import ClassificationFactory
from antq.clubs.tests.factories import ClubFactory, MovementModelFactory
from antq.directives.tests.factories import DocumentFactory, ObligationFactory
from antq.exemplars.tests.factories import ExemplarFactory
from antq.festival.tests.factories import FestivalEventFactory
from antq.grassroots.tests.factories import SecurityTeamFactory, TeamMemberFactory
from antq.incidents.tests.factories import CrimeFactory, IncidentFactory, IncidentPersonFactory
from antq.outreach.tests.factories import OutreachActivityFactory
from antq.portal.tests.factories import PublishedNewsFactory
from antq.recognition.tests.factories import RecognitionCaseFactory
from antq.tips.tests.factories import TipFactory
from tests.fuzz.figures import RUN

# Examples per operation and mode (positive, negative). About 100 operations: 2 keeps `make test` near 400
# cases; bench/fuzz.sh uses 30 (about 6,000).
EXAMPLES = int(os.environ.get("ANTQ_FUZZ_EXAMPLES", "2"))
# Unset: the same cases every run (derandomised), as CI needs; bench/fuzz.sh may set a seed to explore others.
SEED = int(os.environ["ANTQ_FUZZ_SEED"]) if os.environ.get("ANTQ_FUZZ_SEED") else None

# Not `status_code_conformance`: the schema documents each operation's success answers only, so every
# 400/403/404 would be reported (drf-spectacular adds no error answers by itself).
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


def _world(tree):
    """A few records of every module, in province A (the officer's) and in province B (out of scope).

    Returns ({path prefix of a resource: [ids]}, [unit ids]): what a generated id is sometimes replaced with.
    """
    ids = {}

    def put(prefix, *objects):
        ids.setdefault(prefix, []).extend(o.pk for o in objects)

    units = [tree.country, tree.province_a, tree.commune_a, tree.commune_a2, tree.kdc_a, tree.agency_a,
             tree.province_b, tree.commune_b, tree.kdc_b]
    put("/api/v1/units/", *units)
    put("/api/v1/recognition/derived/", *units)
    incidents = [CrimeFactory(unit=tree.kdc_a), CrimeFactory(unit=tree.commune_a), CrimeFactory(unit=tree.kdc_b)]
    IncidentPersonFactory(incident=incidents[0])
    put("/api/v1/incidents/", *incidents)
    put("/api/v1/recognition/cases/", RecognitionCaseFactory(unit=tree.kdc_a),
        RecognitionCaseFactory(unit=tree.commune_a, year=2025), RecognitionCaseFactory(unit=tree.kdc_b))
    put("/api/v1/classifications/", ClassificationFactory(unit=tree.kdc_a),
        ClassificationFactory(unit=tree.agency_a, year=2025), ClassificationFactory(unit=tree.kdc_b))
    team = SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a])
    team_b = SecurityTeamFactory(commune=tree.commune_b, areas=[tree.kdc_b])
    put("/api/v1/security-teams/", team, team_b)
    put("/api/v1/security-team-members/", TeamMemberFactory(team=team), TeamMemberFactory(team=team_b))
    model = MovementModelFactory(site=tree.kdc_a)
    ClubFactory(model=model)
    put("/api/v1/clubs/models/", model, MovementModelFactory(site=tree.kdc_b))
    put("/api/v1/clubs/types/", model.type)
    put("/api/v1/festival/events/", FestivalEventFactory(unit=tree.kdc_a), FestivalEventFactory(unit=tree.kdc_b))
    put("/api/v1/outreach/activities/", OutreachActivityFactory(unit=tree.commune_a),
        OutreachActivityFactory(unit=tree.commune_b))
    put("/api/v1/exemplars/", ExemplarFactory(unit=tree.kdc_a), ExemplarFactory(unit=tree.kdc_b))
    document = DocumentFactory(unit=tree.country)
    ObligationFactory(document=document)
    put("/api/v1/directives/documents/", document, DocumentFactory(unit=tree.province_a),
        DocumentFactory(unit=tree.province_b))
    put("/api/v1/portal/news/", PublishedNewsFactory(unit=tree.province_a), PublishedNewsFactory(unit=tree.country))
    put("/api/v1/tips/queue/", TipFactory(commune=tree.commune_a), TipFactory(commune=tree.commune_b))
    return ids, [u.pk for u in units]


def _known_ids(ids, path):
    """The ids of the resource whose path (with `{…}` placeholders) starts with a known prefix."""
    for prefix, values in ids.items():
        if path.startswith(prefix):
            return values
    return []


def _schema(ids, unit_ids):
    """The API's schema read through WSGI, with hooks steering generated ids towards real records."""
    from config.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

    @schema.hook
    def before_generate_path_parameters(context, strategy):
        known = _known_ids(ids, context.operation.path)
        names = [p.name for p in context.operation.path_parameters]
        if not known or len(names) != 1:
            return strategy
        return st.one_of(strategy, st.fixed_dictionaries({names[0]: st.sampled_from(known)}))

    def with_units(value):
        # A generated "unit" (in a query or a body) names a real unit half the time.
        if isinstance(value, dict) and "unit" in value:
            return st.one_of(st.just(value), st.sampled_from(unit_ids).map(lambda pk: {**value, "unit": pk}))
        return st.just(value)

    @schema.hook
    def before_generate_query(context, strategy):
        return strategy.flatmap(with_units)

    @schema.hook
    def before_generate_body(context, strategy):
        return strategy.flatmap(with_units)

    return schema


def _fuzz(operation, mode, headers):
    """Send EXAMPLES generated requests of one mode to one operation; raise the first failure (shrunk)."""

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=SEED is None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode, hooks=operation.schema.hooks))
    def run(case):
        RUN["cases"] += 1
        response = case.call(headers=headers)
        RUN[f"answers {response.status_code // 100}xx"] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    if SEED is not None:
        run = seed(SEED)(run)
    run()


@pytest.fixture
def api(tree, province_officer):
    """(schema, officer's headers, world ids) with the application called in-process through WSGI."""
    ids, unit_ids = _world(tree)
    headers = {"Authorization": f"Token {Token.objects.create(user=province_officer).key}"}
    # The WSGI handler closes the database connection after each request (Django's test client turns
    # that off the same way); here it would close the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield _schema(ids, unit_ids), headers, ids
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        # The token endpoint's throttle counts in the cache; later tests of this process start afresh.
        cache.clear()


def test_api_answers_every_generated_request_without_a_server_error(api):
    schema, headers, _ = api
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, headers)
            except Unsatisfiable:
                # Nothing to make invalid (no parameters, no body): the positive run covered it.
                RUN["operations without negative cases"] += 1
            except (Exception, FailureGroup) as exc:  # every operation runs; all failures are reported
                RUN["failed operations"] += 1
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert not failures, "\n\n".join(failures)


def test_records_with_empty_optional_values_match_the_schema(api, tree):
    """Answers the fuzz run found outside the schema: read-only model fields that lost `allow_blank` (so "" was
    not allowed), a tip's empty e-mail checked as an address, the derived contents documented as one object."""
    schema, headers, ids = api
    requests = [
        ("/api/v1/exemplars/{id}/", {"id": ids["/api/v1/exemplars/"][0]}),  # sex ""
        ("/api/v1/recognition/cases/{id}/", {"id": ids["/api/v1/recognition/cases/"][0]}),  # result ""
        ("/api/v1/incidents/{id}/", {"id": IncidentFactory(unit=tree.kdc_a).pk}),  # severity ""
        ("/api/v1/tips/queue/{id}/", {"id": ids["/api/v1/tips/queue/"][0]}),  # anonymous: contact_email ""
        ("/api/v1/recognition/derived/{unit_pk}/", {"unit_pk": tree.commune_a2.pk}),  # contents: a list
    ]
    for path, parameters in requests:
        case = schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call(headers=headers)
        assert response.status_code == 200, path
        case.validate_response(response, checks=[response_schema_conformance], headers=headers)
