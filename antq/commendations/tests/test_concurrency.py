"""Two decisions at the same moment: of two medals for one person exactly one is given."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connections, transaction

from antq.commendations.models import Award, AwardStatus
from antq.commendations.services import award_decide, award_nominate, award_review
from antq.commendations.tests.factories import PersonFactory

# On PostgreSQL the person row is locked (select_for_update); on SQLite every write transaction begins
# IMMEDIATE (config/env.py), so the second decision waits for the first in the same way.


def _race(first_step, second_step) -> dict[str, str]:
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
        except ValidationError as exc:
            outcomes[name] = " ".join(exc.messages)
        finally:
            first_done.set()
            connections.close_all()

    first = threading.Thread(target=run, args=("first", first_step), kwargs={"hold": True})
    second = threading.Thread(target=run, args=("second", second_step), kwargs={"hold": False})
    first.start()
    assert first_done.wait(timeout=20)
    second.start()
    time.sleep(1)  # the second decision now waits for the person's row
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_medals_for_one_person_decided_at_once(tree, province_officer, national_admin):
    person = PersonFactory(unit=tree.commune_a, in_force_since=datetime.date(1990, 1, 1))
    year = datetime.date.today().year  # noqa: DTZ011 — a year, no time zone question
    awards = []
    for _ in range(2):
        award = award_nominate(actor=province_officer, unit=tree.commune_a, person=person,
                               form="commemorative_medal", issuer="bo_cong_an", kind="long_service", year=year)
        awards.append(award_review(actor=province_officer, award=award))

    def decide(award, number):
        return lambda: award_decide(actor=national_admin, award=Award.objects.get(pk=award.pk),
                                    decision_number=number, decision_date=datetime.date(year, 1, 2),
                                    decision_signer="Bộ trưởng")

    outcomes = _race(decide(awards[0], "1/QĐ-BCA"), decide(awards[1], "2/QĐ-BCA"))
    assert outcomes["first"] == "ok"
    assert "1/QĐ-BCA" in outcomes["second"]  # the refusal names the first decision (in the thread's language)
    assert Award.objects.filter(status=AwardStatus.DECIDED).count() == 1
