"""The editors of the team rules and quotas, reached from the teams list."""

import yaml
from django.urls import reverse

from antq.core import law_data
from antq.core.models import AuditEvent
from antq.grassroots import rules as law


def _text(key: str, **changes) -> str:
    return yaml.safe_dump(law_data.file_data(key) | changes, allow_unicode=True, sort_keys=False)


def test_the_teams_list_links_the_editors_each_may_open(national_admin, province_officer, commune_officer, tree,
                                                        client_for):
    page = client_for(national_admin).get(reverse("grassroots:teams")).content.decode()
    assert reverse("grassroots:law_rules") in page and reverse("grassroots:law_quota") in page
    page = client_for(province_officer).get(reverse("grassroots:teams") + f"?area={tree.commune_a.pk}")
    links = dict(page.context["law_links"])
    assert list(links.values()) == [reverse("grassroots:law_quota_province", args=[tree.province_a.pk])]
    assert client_for(commune_officer).get(reverse("grassroots:teams")).context["law_links"] == []


def test_a_province_saves_its_own_quota(province_officer, tree, client_for):
    client = client_for(province_officer)
    url = reverse("grassroots:law_quota_province", args=[tree.province_a.pk])
    assert client.get(url).status_code == 200
    text = _text(law.TEAM_QUOTA.key, communes={tree.commune_a.code: {"teams": 3, "members": 12}})
    response = client.post(url, {"text": text, "reason": "QĐ 12/QĐ-UBND", "based_on": 0})
    assert response.status_code == 302
    assert law.team_quota(tree.province_a).communes[tree.commune_a.code] == (3, 12)
    assert law.team_quota(tree.province_b).communes == {}
    assert AuditEvent.objects.filter(action="data_version.save").count() == 1
    response = client.post(url, {"text": "communes: [", "reason": "x", "based_on": 1})
    assert response.status_code == 200 and "text" in response.context["form"].errors


def test_editors_are_closed_to_those_who_may_not_edit(province_officer, commune_officer, tree, client_for):
    client = client_for(province_officer)
    assert client.get(reverse("grassroots:law_rules")).status_code == 404
    assert client.get(reverse("grassroots:law_quota")).status_code == 404
    assert client.get(reverse("grassroots:law_quota_province", args=[tree.province_b.pk])).status_code == 404
    client = client_for(commune_officer)
    assert client.post(reverse("grassroots:law_quota_province", args=[tree.province_a.pk]),
                       {"text": "x", "reason": "x", "based_on": 0}).status_code == 404
    assert not law_data.data_versions(law.TEAM_QUOTA.key, scope=tree.province_a).exists()


def test_the_national_rules_are_edited_and_restored(national_admin, client_for):
    client = client_for(national_admin)
    data = law_data.file_data(law.TEAM_RULES.key)
    data["eligibility"]["min_age"] = 19
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert client.post(reverse("grassroots:law_rules"), {"text": text, "reason": "Luật sửa đổi",
                                                          "based_on": 0}).status_code == 302
    assert law.team_rules().eligibility.min_age == 19
    assert client.get(reverse("grassroots:law_rules_history")).status_code == 200
    assert client.get(reverse("grassroots:law_rules_version", args=[1])).status_code == 200
    client.post(reverse("grassroots:law_rules_restore"), {"reason": "Trả lại", "based_on": 1})
    assert law.team_rules().eligibility.min_age == 18
