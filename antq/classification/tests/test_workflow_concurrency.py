"""Two decisions at the same moment: on one classification exactly one wins; on two, both count once."""

import threading
import time

import pytest
from django.db import connections, transaction

from antq.classification.models import Classification, ClassificationStatus, ClassificationTally
from antq.classification.tests.test_workflow import _reviewed
from antq.classification.workflow import ConflictError, classification_decide
from antq.units.tests.factories import ResidentialAreaFactory


def _race(first_step, second_step):
    """Run `first_step`, hold its transaction open until `second_step` is waiting, then commit both."""
    first_done, release = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def run(name, step, *, hold: bool):
        try:
            with transaction.atomic():
                step()
                if hold:
                    first_done.set()
                    release.wait(timeout=20)
            outcomes[name] = "ok"
        except ConflictError:
            outcomes[name] = "conflict"
        finally:
            first_done.set()
            connections.close_all()

    first = threading.Thread(target=run, args=("first", first_step), kwargs={"hold": True})
    second = threading.Thread(target=run, args=("second", second_step), kwargs={"hold": False})
    first.start()
    assert first_done.wait(timeout=20)
    second.start()
    time.sleep(1)  # the second step now waits for the first one's locks
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_exactly_one_succeeds(tree, unit_reporter, commune_officer, province_officer):
    classification = _reviewed(tree.kdc_a, unit_reporter, commune_officer)

    def decide(actor, **values):
        return lambda: classification_decide(actor=actor, classification=Classification.objects.get(
            pk=classification.pk), **values)

    outcomes = _race(decide(commune_officer), decide(province_officer, level="average", reason="Hạ mức"))
    assert outcomes == {"first": "ok", "second": "conflict"}
    classification.refresh_from_db()
    assert classification.status == ClassificationStatus.DECIDED and classification.level == "good"
    assert ClassificationTally.objects.get(area=tree.commune_a, block="residential_area", level="good").count == 1
    assert not ClassificationTally.objects.filter(level="average").exists()


@pytest.mark.django_db(transaction=True)
def test_two_first_decisions_in_an_area_both_count(tree, unit_reporter, commune_officer):
    other = ResidentialAreaFactory(parent=tree.commune_a, name="Tổ dân phố Hàng Than")
    first = _reviewed(tree.kdc_a, unit_reporter, commune_officer)
    second = _reviewed(other, commune_officer, commune_officer)

    def decide(pk):
        return lambda: classification_decide(actor=commune_officer,
                                             classification=Classification.objects.get(pk=pk))

    # Neither tally row exists yet: both transactions try to create it; one inserts, the other adds to it.
    assert _race(decide(first.pk), decide(second.pk)) == {"first": "ok", "second": "ok"}
    assert ClassificationTally.objects.get(area=tree.commune_a, block="residential_area", level="good").count == 2
