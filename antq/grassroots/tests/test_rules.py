import datetime

import pytest
from django.core.exceptions import ValidationError

from antq.core import law_data
from antq.grassroots import rules as law
from antq.grassroots.services import team_create

pytestmark = pytest.mark.usefixtures("english")  # messages checked by their English msgids


def test_the_shipped_files_parse_and_cite_their_articles():
    rules = law.parse_rules(law_data.file_data(law.TEAM_RULES.key))
    assert (rules.eligibility.min_age, rules.eligibility.max_age) == (18, 70)
    assert "Điều 13" in rules.eligibility.article
    assert rules.rating.period(2025) == (datetime.date(2024, 11, 15), datetime.date(2025, 11, 14))
    assert rules.rating.excellent_cap_percent == 20 and rules.rating.min_months == 9
    quota = law.parse_quota(law_data.file_data(law.TEAM_QUOTA.key))
    assert law.expected_members(quota, local_kind="thon", households=350) == 4
    assert law.expected_members(quota, local_kind="to_dan_pho", households=450) == 3


def test_broken_rules_are_refused(national_admin):
    data = law_data.file_data(law.TEAM_RULES.key)
    data["rating"]["levels"] = ["good", "excellent", "completed", "not_completed"]
    with pytest.raises(ValidationError):
        law_data.data_version_save(actor=national_admin, key=law.TEAM_RULES.key, data=data, reason="Thử")


def test_a_provinces_own_quota_applies_to_its_communes(tree, province_officer, commune_officer):
    data = law_data.file_data(law.TEAM_QUOTA.key) | {"communes": {tree.commune_a.code: {"teams": 0, "members": 10}}}
    law_data.data_version_save(actor=province_officer, key=law.TEAM_QUOTA.key, data=data, scope=tree.province_a,
                               reason="Quyết định của UBND tỉnh")
    with pytest.raises(ValidationError, match="quota"):
        team_create(actor=commune_officer, commune=tree.commune_a, name="Tổ 1", areas=[tree.kdc_a],
                    decision_number="1/QĐ-UBND", decision_date=datetime.date(2024, 7, 1))
