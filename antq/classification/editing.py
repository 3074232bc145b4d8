"""Editing the classification rules: a new version of a whole regulation document, with the reason.

The national administrator edits the national version of a regulation (the score sheets, bands, caps,
deadlines and reviewers). Whoever administers a province (`law_data.may_edit`: today the national
administrator) adopts and edits the province's own version, which applies to the units of that province;
it may change the sheets, bands and caps, not the national deadlines and reviewers. Every save validates
the whole document (`rules.parse_regulation`) and goes through `antq.core.law_data.data_version_save`,
which numbers the version, keeps the previous ones, refuses a save on top of a newer version and writes
the audit event.
"""

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from antq.classification.rules import KEY_PREFIX, current_data, file_data, json_ready, national_parts_unchanged
from antq.core import law_data
from antq.core.models import DataVersion
from antq.units.models import Unit, UnitKind


def can_edit_rules(actor, *, province: Unit | None) -> bool:
    """National version: the national administrator; a province's version: who administers the province."""
    if province is not None and province.kind != UnitKind.PROVINCE:
        return False
    return law_data.may_edit(actor, scope=province)


def rules_text(code: str, *, province: Unit | None = None) -> str:
    """The document in force for `code` (the province's, else the national one) as YAML for the editor."""
    return yaml.safe_dump(current_data(code, province=province), allow_unicode=True, sort_keys=False, width=120)


def rules_versions(code: str, *, province: Unit | None = None) -> list[DataVersion]:
    """The saved versions of `code`, newest first (the province's own when `province` is given)."""
    qs = DataVersion.objects.filter(key=KEY_PREFIX + code)
    qs = qs.filter(scope=province) if province is not None else qs.filter(scope__isnull=True)
    return list(qs.select_related("saved_by").order_by("-number"))


def based_on(code: str, *, province: Unit | None = None) -> int:
    """The number of the version the editor starts from (0: the shipped file), to refuse a stale save."""
    version = law_data.current_version(KEY_PREFIX + code, scope=province)
    return version.number if version is not None else 0


def classification_rules_save(*, actor, code: str, text: str, reason: str, province: Unit | None = None,
                              seen_number: int | None = None) -> DataVersion:
    """Validate an edited regulation document and store it as the next national or provincial version.

    `seen_number` is the version the editor started from: a save on top of a newer one is refused.
    """
    if not can_edit_rules(actor, province=province):
        raise ValidationError(_("You may not change these rules."))
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _(" (line %(line)s)") % {"line": mark.line + 1} if mark is not None else ""
        raise ValidationError({"text": _("The text is not valid YAML%(where)s.") % {"where": where}}) from exc
    if not isinstance(data, dict):
        raise ValidationError({"text": _("The text must be the whole document, as shown.")})
    shipped = file_data(code)
    for key in ("code", "applies_from_year", "applies_to_year"):
        if json_ready(data.get(key)) != json_ready(shipped.get(key)):
            raise ValidationError({"text": _("“%(key)s” cannot be changed here.") % {"key": key}})
    if province is not None and not national_parts_unchanged(data, current_data(code)):
        raise ValidationError({"text": _("A province changes the score sheets, bands and caps; the deadlines and "
                                         "reviewers stay the national ones.")})
    try:
        return law_data.data_version_save(actor=actor, key=KEY_PREFIX + code, data=json_ready(data), reason=reason,
                                          scope=province, based_on=seen_number)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise ValidationError({"text": exc.messages}) from exc
