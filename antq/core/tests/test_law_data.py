"""Editable legal data sets: the version in force (national or a unit's own), its cache, and who saves."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from antq.core import law_data
from antq.core.models import AuditEvent, DataVersion

KEY = "tests.sample"


def _parse(data):
    if not isinstance(data, dict) or not isinstance(data.get("points"), int):
        raise ValueError("'points' must be a whole number")
    return ("parsed", data["points"], data.get("since"))


@pytest.fixture(autouse=True)
def sample(tmp_path: Path):
    """A scoped data set shipped as a small file, registered for the test only."""
    path = tmp_path / "sample.yaml"
    path.write_text("points: 10\nsince: 2025-07-01\n", encoding="utf-8")
    law_data.register(law_data.LawDataSet(key=KEY, path=path, parse=_parse, scoped=True))
    with translation.override("en"):
        yield
    law_data._REGISTRY.pop(KEY)
    for slot in [s for s in law_data._PARSED if s[0] == KEY]:
        law_data._PARSED.pop(slot)


def test_a_unit_sees_its_own_version_else_the_national_one_else_the_file(tree, national_admin):
    assert law_data.current_parsed(KEY, scope=tree.province_a) == ("parsed", 10, datetime.date(2025, 7, 1))
    law_data.data_version_save(actor=national_admin, key=KEY, data={"points": 20}, reason="toàn quốc")
    assert law_data.current_parsed(KEY, scope=tree.province_a) == ("parsed", 20, None)
    law_data.data_version_save(actor=national_admin, key=KEY, data={"points": 30}, reason="tỉnh A",
                               scope=tree.province_a)
    assert law_data.current_parsed(KEY, scope=tree.province_a) == ("parsed", 30, None)
    assert law_data.current_parsed(KEY, scope=tree.province_b) == ("parsed", 20, None)
    assert law_data.current_parsed(KEY) == ("parsed", 20, None)
    assert law_data.current_data(KEY, scope=tree.province_a) == {"points": 30}


def test_versions_are_stored_as_json_and_numbered_per_scope(tree, national_admin):
    first = law_data.data_version_save(actor=national_admin, key=KEY, data=law_data.file_data(KEY), reason="tệp")
    assert first.data == {"points": 10, "since": "2025-07-01"} and first.number == 1
    own = law_data.data_version_save(actor=national_admin, key=KEY, data={"points": 1}, reason="tỉnh",
                                     scope=tree.province_a)
    assert own.number == 1
    assert [v.number for v in law_data.data_versions(KEY)] == [1]
    assert AuditEvent.objects.filter(action="data_version.save").count() == 2


def test_a_provinces_own_version_is_set_by_its_leadership_only(tree, province_officer, viewer, commune_officer):
    for outsider, province in ((viewer, tree.province_a), (commune_officer, tree.province_a),
                               (province_officer, tree.province_b)):
        with pytest.raises(ValidationError, match="You may not change this data"):
            law_data.data_version_save(actor=outsider, key=KEY, data={"points": 1}, reason="x", scope=province)
    assert not DataVersion.objects.exists()
    version = law_data.data_version_save(actor=province_officer, key=KEY, data={"points": 1}, reason="QĐ 514",
                                         scope=tree.province_a)
    assert version.scope == tree.province_a and version.number == 1


def test_broken_data_is_refused_with_the_parsers_message(tree, national_admin):
    with pytest.raises(ValidationError, match="'points' must be a whole number"):
        law_data.data_version_save(actor=national_admin, key=KEY, data={"points": "many"}, reason="x")
    assert not DataVersion.objects.exists() and not AuditEvent.objects.exists()
