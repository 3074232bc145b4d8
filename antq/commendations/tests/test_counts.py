"""Counts per issuer, form and recipient type, and the sentences reports print (SEEDS 000 and 002)."""

import datetime

from django.urls import reverse

from antq.commendations.report_section import report_section
from antq.commendations.selectors import award_counts
from antq.commendations.summary import counts_sentences
from antq.commendations.tests.factories import DecidedAwardFactory, PersonFactory
from antq.commendations.tests.seeds import enter_seeds_000


def test_seeds_000_figures_are_printed_back_exactly(tree, province_officer):
    enter_seeds_000(province_officer, tree.commune_a)
    counts = award_counts(actor=province_officer, area=tree.province_a, year_from=2011, year_to=2011)
    by_key = {i.key: i for i in counts.issuers}
    assert [i.key for i in counts.issuers] == ["bo_cong_an", "ubnd_tinh", "giam_doc_cong_an_tinh"]
    assert by_key["bo_cong_an"].forms == {"flag": 3, "certificate_of_merit": 7}
    assert by_key["ubnd_tinh"].forms == {"flag": 2, "certificate_of_merit": 10}
    assert (by_key["giam_doc_cong_an_tinh"].collectives, by_key["giam_doc_cong_an_tinh"].individuals) == (45, 46)
    sentences = counts_sentences(counts)
    assert sentences[1] == "Bộ Công an awarded 3 emulation flags and 7 certificates of merit to 10 collectives."
    assert sentences[2] == ("UBND tỉnh awarded 2 emulation flags and 10 certificates of merit to 8 collectives, "
                            "4 individuals.")
    assert sentences[3] == "Giám đốc Công an tỉnh awarded 91 commendation letters to 45 collectives, 46 individuals."
    # Another year, or another province's officer, counts nothing of it.
    assert award_counts(actor=province_officer, area=tree.province_a, year_from=2012, year_to=2026).total == 0


def test_the_period_sentence_of_seeds_002(tree, province_officer):
    for year in (2008, 2012):
        DecidedAwardFactory(unit=tree.kdc_a, year=year, issuer="ubnd_huyen")
    DecidedAwardFactory(unit=tree.agency_a, year=2016, form="flag", issuer="ubnd_tinh")
    person = PersonFactory(unit=tree.commune_a)
    DecidedAwardFactory(unit=tree.commune_a, person=person, recipient_type="individual", year=2015,
                        form="certificate_of_merit", issuer="bo_cong_an")
    DecidedAwardFactory(unit=tree.kdc_b, year=2010)  # another province
    counts = award_counts(actor=province_officer, area=tree.province_a, year_from=2008, year_to=2017)
    sentence = counts_sentences(counts)[0]
    assert sentence == ("From 2008 to 2017, Bộ Công an, UBND tỉnh, UBND cấp huyện awarded emulation flags, "
                        "certificates of merit, commendation letters to 3 collectives, 1 individual.")


def test_counts_page_and_report_section(tree, province_officer, client_for):
    enter_seeds_000(province_officer, tree.commune_a)
    response = client_for(province_officer).get(reverse("commendations:counts"), {
        "area": tree.province_a.pk, "year_from": 2011, "year_to": 2011})
    page = response.content.decode()
    assert "Bộ Công an awarded 3 emulation flags and 7 certificates of merit to 10 collectives." in page
    assert "Giám đốc Công an tỉnh awarded 91 commendation letters to 45 collectives, 46 individuals." in page
    section = report_section(actor=province_officer, area=tree.province_a, year=2011)
    assert section is not None and section.tables[0].total[-2:] == ("63", "50")
    assert report_section(actor=province_officer, area=tree.province_a, year=2013) is None


def test_counts_read_a_fixed_number_of_queries(tree, province_officer, django_assert_max_num_queries):
    for year in range(2010, 2020):
        DecidedAwardFactory(unit=tree.kdc_a, year=year)
    with django_assert_max_num_queries(4):
        award_counts(actor=province_officer, area=tree.province_a, year_from=2000, year_to=2030)


def test_histories(tree, province_officer, viewer, client_for):
    person = PersonFactory(unit=tree.commune_a, id_number="044090001234")
    DecidedAwardFactory(unit=tree.commune_a, person=person, recipient_type="individual", year=2020,
                        decision_date=datetime.date(2021, 1, 5))
    own = DecidedAwardFactory(unit=tree.commune_a, year=2021, decision_number="7/QĐ-CAT")
    page = client_for(province_officer).get(reverse("commendations:unit_history", args=[tree.commune_a.pk]))
    assert "7/QĐ-CAT" in page.content.decode() and person.full_name in page.content.decode()
    shown = client_for(province_officer).get(reverse("commendations:person_history", args=[person.pk]))
    assert "044090001234" in shown.content.decode()
    hidden = client_for(viewer).get(reverse("commendations:person_history", args=[person.pk]))
    assert hidden.status_code == 200 and "044090001234" not in hidden.content.decode()
    assert own.pk


def test_the_report_prints_the_seeds_sentences_in_vietnamese(tree, province_officer):
    """The year's report is Vietnamese: the sentences read as the articles print them (SEEDS 000, 002)."""
    from antq.reports.sections import report_sections

    enter_seeds_000(province_officer, tree.commune_a)
    DecidedAwardFactory(unit=tree.kdc_a, year=2008, issuer="ubnd_huyen", decision_date=datetime.date(2009, 1, 5))
    section = next(s for s in report_sections(actor=province_officer, area=tree.province_a, year=2011)
                   if s.key == "commendations")
    assert "Bộ Công an tặng 3 cờ thi đua và 7 bằng khen cho 10 tập thể." in section.sentences
    assert "UBND tỉnh tặng 2 cờ thi đua và 10 bằng khen cho 8 tập thể, 4 cá nhân." in section.sentences
    assert "Giám đốc Công an tỉnh tặng 91 giấy khen cho 45 tập thể, 46 cá nhân." in section.sentences
    assert section.sentences[-1] == ("Từ năm 2008 đến năm 2011, Bộ Công an, UBND tỉnh, Giám đốc Công an tỉnh, "
                                     "UBND cấp huyện đã tặng cờ thi đua, bằng khen, giấy khen cho 64 tập thể, "
                                     "50 cá nhân.")
