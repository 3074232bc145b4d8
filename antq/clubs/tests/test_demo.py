"""The clubs demo step on conftest's tree (province_a has the code "44")."""

import io

from antq.clubs.models import Club, ModelEvaluation, ModelType, MovementModel
from antq.clubs.services import club_problems, model_problems
from antq.core.demo import demo_run
from antq.core.models import AuditEvent
from antq.units.tests.factories import AgencyFactory, ResidentialAreaFactory

STEPS = ["antq.units.demo", "antq.accounts.demo", "antq.clubs.demo"]


def run():
    demo_run(province_code="44", stdout=io.StringIO(), steps=STEPS)


def test_demo_spreads_models_and_is_idempotent(tree):
    for n in range(12):
        ResidentialAreaFactory(parent=tree.commune_a, name=f"Thôn {n}")
        AgencyFactory(parent=tree.commune_a2, name=f"Cơ quan {n}")
    run()
    models = MovementModel.objects.select_related("type", "site", "replicated_from")
    assert models.exists() and not models.filter(site__path__startswith=tree.province_b.path).exists()
    assert all(not model_problems(m) for m in models)
    assert all(not club_problems(c) for c in Club.objects.all())
    assert models.filter(site__kind="commune").count() == 2  # every current commune runs one
    assert models.filter(type__sector="organisations").exists()
    assert ModelType.objects.filter(province=tree.province_a).count() == 5
    assert ModelEvaluation.objects.filter(effective=True).exists()
    assert AuditEvent.objects.filter(action="demo.clubs").count() == 1
    before = (MovementModel.objects.count(), Club.objects.count(), ModelEvaluation.objects.count(),
              AuditEvent.objects.count())
    run()
    assert (MovementModel.objects.count(), Club.objects.count(), ModelEvaluation.objects.count(),
            AuditEvent.objects.count()) == before
