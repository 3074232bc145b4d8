"""A province's extra criteria (TT 124/2021 art. 8.1): services and reads.

The Provincial People's Committee may add criteria to the standard for a year; they apply only to the
units of that province (`evaluation.provincial_extras` hands them to the engine). They are entered
here, checked exactly as the criteria files are (`criteria.catalogue.build_criterion`, then the whole
set of the year through `criteria_set_for`, so an extra can never break the evaluation of a case).

Who: the officers who decide recognition in the province (`decide` on the province: the province
officers, who run the standing office of the provincial steering committee and prepare the
committee's texts) and administrators (`administer` on it: the national administrator). A commune
officer, a viewer or another province's officer may not; pages answer 404 to them.

When: a year's extra criteria are frozen once any case of that province and year has been decided.
A decision rests on the criteria set the case was judged with; adding, changing or removing a
criterion afterwards would make the province's results of one year rest on two different sets, and
would change what the decided cases show criterion by criterion. Reopening every decided case of
the year lifts the freeze.
"""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.accounts.scope import Capability, units_for
from antq.core import law_data
from antq.core.audit import audit_record, snapshot
from antq.core.text import nfc
from antq.recognition.criteria.catalogue import (
    OPS,
    UNIT_KINDS,
    CriteriaError,
    CriterionKind,
    CriterionSpec,
    build_criterion,
    criteria_set_for,
    legal_basis_for_year,
)
from antq.recognition.figures import FIGURES, PERCENT
from antq.recognition.models import CaseStatus, ProvincialCriterion, RecognitionCase
from antq.units.models import Unit, UnitKind

# The model holds no incident types and no inherited ids, so a province adds these kinds only.
PROVINCIAL_KINDS = (CriterionKind.MUST_HAVE, CriterionKind.NUMERIC, CriterionKind.TREND)
FIELDS = ["province", "year", "code", "unit_kinds", "article", "text_vi", "text_en", "kind", "figure",
          "operator", "value"]
FROZEN = gettext_lazy(
    "The extra criteria of %(year)s can no longer change: cases of this province for %(year)s have "
    "been decided on them. Reopen those cases first."
)


def may_manage(actor, province: Unit) -> bool:
    """Whether `actor` may add, change and remove the extra criteria of `province`."""
    return province.kind == UnitKind.PROVINCE and law_data.may_edit(actor, scope=province)


def year_frozen(*, province: Unit, year: int) -> bool:
    """Whether a case of the province has been decided for `year` (its extra criteria are then frozen)."""
    return RecognitionCase.objects.filter(
        unit__path__startswith=province.path, year=year, status=CaseStatus.DECIDED
    ).exists()


def provincial_criteria(*, actor, province: Unit, year: int):
    """The extra criteria of `province` for `year`, if `actor` may see the province (else none)."""
    return ProvincialCriterion.objects.filter(
        province__in=units_for(actor, Capability.VIEW).filter(pk=province.pk), year=year
    ).order_by("code")


def get_provincial_criterion_for(actor, pk) -> ProvincialCriterion:
    """The extra criterion `pk` if `actor` sees its province; 404 for missing and hidden alike."""
    try:
        return ProvincialCriterion.objects.select_related("province").get(
            pk=pk, province__in=units_for(actor, Capability.VIEW)
        )
    except (ProvincialCriterion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def spec_of(criterion: ProvincialCriterion) -> CriterionSpec:
    """The extra criterion as the engine reads it (the same fields as a criterion of the files)."""
    return CriterionSpec(
        id=criterion.code, article=criterion.article, text_vi=criterion.text_vi, text_en=criterion.text_en,
        kind=criterion.kind, figure=criterion.figure, op=criterion.operator, value=criterion.value,
        unit_kinds=tuple(criterion.unit_kinds),
    )


def _check(criterion: ProvincialCriterion) -> None:
    """Refuse a criterion the engine could not apply, with messages a province officer can act on."""
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    try:
        basis = legal_basis_for_year(criterion.year)
    except LookupError:
        raise ValidationError({"year": _("No criteria set governs %(year)s.") % {"year": criterion.year}}) from None
    try:
        basis.criterion(criterion.code)
    except KeyError:
        pass
    else:
        error("code", _("%(code)s is a criterion of %(basis)s; choose another code.") % {
            "code": criterion.code, "basis": basis.legal_basis})
    bad_kinds = [k for k in criterion.unit_kinds if k not in UNIT_KINDS]
    if bad_kinds or len(set(criterion.unit_kinds)) != len(criterion.unit_kinds):
        error("unit_kinds", _("Choose among residential areas, communes, agencies, enterprises and schools."))
    if criterion.kind not in PROVINCIAL_KINDS:
        error("kind", _("A provincial criterion is answered by the unit, compares a figure, or asks for a "
                        "better result than the previous year."))
    elif criterion.kind == CriterionKind.NUMERIC:
        if criterion.figure not in FIGURES:
            error("figure", _("Choose the figure the criterion compares."))
        if criterion.operator not in OPS:
            error("operator", _("Choose how the figure is compared."))
        if criterion.value is None:
            error("value", _("Give the threshold."))
        elif criterion.figure in FIGURES and FIGURES[criterion.figure].unit == PERCENT \
                and not 0 <= criterion.value <= 100:
            error("value", _("A percentage is between 0 and 100."))
    elif criterion.figure or criterion.operator or criterion.value is not None:
        error("figure", _("Only a threshold criterion compares a figure."))
    if errors:
        raise ValidationError(errors)
    try:
        build_criterion(spec_of(criterion), where=_("Provincial criterion"))
    except CriteriaError as exc:
        raise ValidationError(str(exc)) from exc


def _check_year_set(criterion: ProvincialCriterion) -> None:
    """The province's whole set for the year, with this criterion, must resolve for every unit kind."""
    others = ProvincialCriterion.objects.filter(province=criterion.province, year=criterion.year)
    if criterion.pk is not None:
        others = others.exclude(pk=criterion.pk)
    if others.filter(code=criterion.code).exists():
        raise ValidationError({"code": _("The province already has a criterion %(code)s for %(year)s.") % {
            "code": criterion.code, "year": criterion.year}})
    specs = [spec_of(c) for c in others] + [spec_of(criterion)]
    try:
        for kind in UNIT_KINDS:
            criteria_set_for(kind, criterion.year, specs)
    except (CriteriaError, LookupError) as exc:
        raise ValidationError(str(exc)) from exc


def _refuse_if_not_allowed(actor, province: Unit, year: int) -> None:
    if not may_manage(actor, province):
        raise ValidationError(_("You may not change the extra criteria of this province."))
    if year_frozen(province=province, year=year):
        raise ValidationError(FROZEN % {"year": year})


def _locked(criterion: ProvincialCriterion) -> ProvincialCriterion:
    locked = ProvincialCriterion.objects.select_for_update().filter(pk=criterion.pk).first()
    if locked is None:
        raise ValidationError(_("This criterion has been removed meanwhile."))
    return locked


def _number(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": _("Enter a number.")}) from None


def _fill(criterion: ProvincialCriterion, *, code: str, article: str, text_vi: str, text_en: str, kind: str,
          unit_kinds: Sequence[str], figure: str, operator: str, value) -> None:
    criterion.code = nfc(code or "")
    criterion.article = nfc(article or "")
    criterion.text_vi = nfc(text_vi or "")
    criterion.text_en = nfc(text_en or "")
    criterion.kind = kind
    criterion.unit_kinds = [k for k in UNIT_KINDS if k in unit_kinds] + [k for k in unit_kinds if k not in UNIT_KINDS]
    criterion.figure = figure or ""
    criterion.operator = operator or ""
    criterion.value = _number(value)


def _save(criterion: ProvincialCriterion) -> None:
    # An empty `unit_kinds` means every kind (`_check` validates it); constraints: `_check_year_set`.
    criterion.full_clean(exclude=["unit_kinds"], validate_constraints=False)
    if criterion.value is not None:
        criterion.value = criterion.value.quantize(Decimal("0.01"))  # as it reads back
    _check(criterion)
    _check_year_set(criterion)
    try:
        with transaction.atomic():
            criterion.save()
    except IntegrityError as exc:  # the same code saved by someone else at the same moment
        raise ValidationError({"code": _("The province already has a criterion %(code)s for %(year)s.") % {
            "code": criterion.code, "year": criterion.year}}) from exc


@transaction.atomic
def provincial_criterion_create(*, actor, province: Unit, year: int, code: str, article: str, text_vi: str,
                                text_en: str = "", kind: str = CriterionKind.MUST_HAVE,
                                unit_kinds: Sequence[str] = (), figure: str = "", operator: str = "",
                                value: Decimal | None = None) -> ProvincialCriterion:
    """Add an extra criterion of `province` for `year`; by its deciding officers or an administrator."""
    _refuse_if_not_allowed(actor, province, year)
    criterion = ProvincialCriterion(province=province, year=year, created_by=actor)
    _fill(criterion, code=code, article=article, text_vi=text_vi, text_en=text_en, kind=kind,
          unit_kinds=unit_kinds, figure=figure, operator=operator, value=value)
    _save(criterion)
    audit_record(actor=actor, action="recognition.extra_criterion.create", target=criterion,
                 after=snapshot(criterion, FIELDS))
    return criterion


@transaction.atomic
def provincial_criterion_update(*, actor, criterion: ProvincialCriterion, code: str, article: str, text_vi: str,
                                text_en: str = "", kind: str = CriterionKind.MUST_HAVE,
                                unit_kinds: Sequence[str] = (), figure: str = "", operator: str = "",
                                value: Decimal | None = None) -> ProvincialCriterion:
    """Change an extra criterion (every field but its province and year); same permission as adding."""
    criterion = _locked(criterion)
    _refuse_if_not_allowed(actor, criterion.province, criterion.year)
    before = snapshot(criterion, FIELDS)
    _fill(criterion, code=code, article=article, text_vi=text_vi, text_en=text_en, kind=kind,
          unit_kinds=unit_kinds, figure=figure, operator=operator, value=value)
    _save(criterion)
    after = snapshot(criterion, FIELDS)
    if after != before:
        audit_record(actor=actor, action="recognition.extra_criterion.update", target=criterion,
                     before=before, after=after)
    return criterion


@transaction.atomic
def provincial_criterion_delete(*, actor, criterion: ProvincialCriterion) -> None:
    """Remove an extra criterion; same permission as adding, and refused once the year is frozen."""
    criterion = _locked(criterion)
    _refuse_if_not_allowed(actor, criterion.province, criterion.year)
    audit_record(actor=actor, action="recognition.extra_criterion.delete", target=criterion,
                 before=snapshot(criterion, FIELDS))
    criterion.delete()
