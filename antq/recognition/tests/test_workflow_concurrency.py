"""Two officers decide the same case at the same moment: exactly one succeeds."""

import threading
import time

import pytest
from django.db import connections, transaction

from antq.recognition.models import CaseStatus, RecognitionCase
from antq.recognition.tests.test_workflow import DECISION, _to_appraised
from antq.recognition.workflow import ConflictError, case_decide, case_register


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_exactly_one_succeeds(tree, unit_reporter, commune_officer, province_officer):
    case = case_register(actor=unit_reporter, unit=tree.kdc_a, year=2026)
    _to_appraised(case, unit_side=unit_reporter, reviewer=commune_officer)
    first_decided, release = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def decide(name, actor, result, *, hold: bool):
        try:
            # The first officer's decision is made but not yet committed when the second one starts.
            with transaction.atomic():
                case_decide(actor=actor, case=RecognitionCase.objects.get(pk=case.pk), **{**DECISION, "result": result})
                if hold:
                    first_decided.set()
                    release.wait(timeout=20)
            outcomes[name] = "ok"
        except ConflictError:
            outcomes[name] = "conflict"
        finally:
            first_decided.set()
            connections.close_all()

    first = threading.Thread(target=decide, args=("first", commune_officer, "met"), kwargs={"hold": True})
    second = threading.Thread(target=decide, args=("second", province_officer, "not_met"), kwargs={"hold": False})
    first.start()
    assert first_decided.wait(timeout=20)
    second.start()
    time.sleep(1)  # the second decision is now waiting for the first one's row lock
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert outcomes == {"first": "ok", "second": "conflict"}
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED and case.result == "met"
