"""Exemplars and typical models offered as nomination candidates, and the form filled in from one."""

import datetime

from django.urls import reverse

from antq.clubs.tests.factories import ModelEvaluationFactory, MovementModelFactory
from antq.commendations.candidates import candidate_for, nomination_candidates, nomination_initial
from antq.exemplars.tests.factories import ExemplarFactory


def test_candidates_of_the_year_in_scope(tree, commune_officer, viewer):
    person = ExemplarFactory(unit=tree.kdc_a, year=2025, name="Trần Văn Dũng", sex="male",
                             category="helped_arrest")
    ExemplarFactory(unit=tree.kdc_a, year=2024)
    ExemplarFactory(unit=tree.kdc_b, year=2025)
    model = MovementModelFactory(site=tree.kdc_a)
    ModelEvaluationFactory(model=model, year=2025, typical=True)
    found = nomination_candidates(actor=commune_officer, area=tree.commune_a, year=2025)
    assert [(c.source, c.pk) for c in found] == [("exemplar", person.pk), ("model", model.pk)]
    exemplar = found[0]
    assert exemplar.recipient_type == "individual" and exemplar.kind == "ad_hoc"
    assert exemplar.person["id_number"] == "044070001234"
    assert "id_number" not in nomination_candidates(actor=viewer, area=tree.commune_a, year=2025)[0].person
    assert found[1].unit == tree.kdc_a and found[1].kind == "thematic"
    assert candidate_for(actor=commune_officer, key=f"exemplar:{person.pk}").name == "Trần Văn Dũng"
    other = ExemplarFactory(unit=tree.kdc_b, year=2025)
    assert candidate_for(actor=commune_officer, key=f"exemplar:{other.pk}") is None
    initial = nomination_initial(exemplar)
    assert initial["full_name"] == "Trần Văn Dũng" and initial["birth_date"] == datetime.date(1970, 3, 5)


def test_candidates_page_opens_the_form_filled_in(tree, commune_officer, client_for):
    person = ExemplarFactory(unit=tree.commune_a, year=2025, name="Lê Thị Hoa", sex="female")
    client = client_for(commune_officer)
    page = client.get(reverse("commendations:candidates"), {"area": tree.commune_a.pk, "year": 2025})
    assert f'data-candidate="exemplar:{person.pk}"' in page.content.decode()
    form = client.get(reverse("commendations:nominate"), {"unit": tree.commune_a.pk,
                                                          "candidate": f"exemplar:{person.pk}"}).context["form"]
    assert form.initial["full_name"] == "Lê Thị Hoa" and form.initial["recipient_type"] == "individual"
