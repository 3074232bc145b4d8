"""Writes of the models-and-clubs registry. Each runs in one transaction and records one audit event.

Who may write:
- a model, its clubs and its yearly evaluation: whoever holds data entry (`enter_data`) on the site;
- the "điển hình" (typical) mark: only who decides (`decide`) for the site — the upper level recognises
  a typical model, the site does not award it to itself;
- a province's own model type: who decides for the province (a province officer, the administrator).
A dissolved model is closed: it is kept for the statistics of earlier years and no longer changed.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.scope import Capability, has_capability
from antq.clubs.catalogue import national_types
from antq.clubs.models import SITE_KINDS, Club, ModelEvaluation, ModelType, MovementModel, Sector
from antq.clubs.sheet import COLUMNS
from antq.core.audit import audit_record, snapshot
from antq.core.sheets import RowError, SheetError, parse_row, read_sheet
from antq.core.text import fold, nfc
from antq.units.models import Unit, UnitKind

FIRST_YEAR = 1990  # the movement's registries start well before the software; older years are typos


def _text(value) -> str:
    return nfc(str(value or "")).strip()


def _lines(value) -> str:
    """Member names, one a line, blank lines dropped."""
    return "\n".join(line for line in (nfc(x).strip() for x in str(value or "").splitlines()) if line)


def province_of(unit: Unit) -> Unit | None:
    if unit.kind == UnitKind.PROVINCE:
        return unit
    return Unit.objects.filter(pk__in=unit.ancestor_ids(), kind=UnitKind.PROVINCE).first()


def _require(actor, unit: Unit, capability: Capability, message: str) -> None:
    if not (has_capability(actor, unit, capability) or has_capability(actor, unit, Capability.ADMINISTER)):
        raise ValidationError(message)


def _require_entry(actor, unit: Unit) -> None:
    _require(actor, unit, Capability.ENTER_DATA, _("You may not enter data for this unit."))


def may_mark_typical(actor, site: Unit) -> bool:
    return has_capability(actor, site, Capability.DECIDE) or has_capability(actor, site, Capability.ADMINISTER)


def may_add_type(actor, province: Unit) -> bool:
    return may_mark_typical(actor, province)


def _actor_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


# --- Model types ---------------------------------------------------------------------------------------------

@transaction.atomic
def model_types_load_national(*, actor=None) -> int:
    """Create or rename the national types of `data/model_types.yaml`, matched by code; idempotent."""
    changed = 0
    for item in national_types():
        existing = ModelType.objects.filter(code=item.code).first()
        if existing is None:
            ModelType.objects.create(code=item.code, name=item.name, name_folded=fold(item.name), sector=item.sector)
            changed += 1
        elif (existing.name, existing.sector) != (item.name, item.sector):
            existing.name, existing.name_folded, existing.sector = item.name, fold(item.name), item.sector
            existing.save()
            changed += 1
    if changed:
        first = ModelType.objects.filter(province__isnull=True).order_by("pk").first()
        audit_record(actor=actor, action="clubs.model_types_load", target=first, detail={"changed": changed})
    return changed


def _check_type(model_type: ModelType) -> None:
    errors: dict[str, list[str]] = {}
    if model_type.national_id and not model_type.national.is_national:
        errors["national"] = [_("A province's type may only be a variant of a national type.")]
    # A province's name may not repeat a national one either: imports match types by name.
    same = ModelType.objects.filter(name_folded=model_type.name_folded).exclude(pk=model_type.pk)
    if same.filter(Q(province__isnull=True) | Q(province=model_type.province_id)).exists():
        errors["name"] = [_("A model type with this name already exists.")]
    try:
        model_type.full_clean(exclude=["name_folded", "province", "national"], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def model_type_create(*, actor, province: Unit, name: str, sector: str, national: ModelType | None = None,
                      description: str = "") -> ModelType:
    """Add a province's own model type (optionally a variant of a national one); needs `decide` there."""
    if province.kind != UnitKind.PROVINCE:
        raise ValidationError(_("A model type is added for a province."))
    _require(actor, province, Capability.DECIDE, _("Only a province officer may add a model type."))
    name = _text(name)
    model_type = ModelType(province=province, name=name, name_folded=fold(name), sector=sector, national=national,
                           description=_text(description))
    _check_type(model_type)
    model_type.save()
    audit_record(actor=actor, action="clubs.model_type_create", target=model_type, after=snapshot(model_type))
    return model_type


@transaction.atomic
def model_type_update(*, actor, model_type: ModelType, **changes) -> ModelType:
    """Change a province's own type (name, sector, national type, description); national rows are data."""
    model_type = ModelType.objects.select_for_update().get(pk=model_type.pk)
    if model_type.is_national:
        raise ValidationError(_("The national catalogue is changed in its data file, not here."))
    _require(actor, model_type.province, Capability.DECIDE, _("Only a province officer may change a model type."))
    before = snapshot(model_type)
    for key, value in changes.items():
        if key not in ("name", "sector", "national", "description"):
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        setattr(model_type, key, _text(value) if key in ("name", "description") else value)
    model_type.name_folded = fold(model_type.name)
    _check_type(model_type)
    after = snapshot(model_type)
    if after != before:
        model_type.save()
        audit_record(actor=actor, action="clubs.model_type_update", target=model_type, before=before, after=after)
    return model_type


# --- Models --------------------------------------------------------------------------------------------------

MODEL_FIELDS = ("type", "site", "name", "decision_number", "decision_date", "established_on", "replicated_from",
                "note")


def _check_date(errors: dict, field: str, day, today: datetime.date) -> None:
    if isinstance(day, datetime.date) and day > today:
        errors.setdefault(field, []).append(_("This date is in the future."))


def model_problems(model: MovementModel) -> dict[str, list[str]]:
    """What is wrong with a model before it is saved (shared by the form services and the import)."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    model_type, site = model.type, model.site
    if site.kind not in SITE_KINDS[model_type.sector]:
        if model_type.sector == Sector.SOCIETY:
            errors["site"] = [_("A model in society is applied at a commune or a residential area.")]
        else:
            errors["site"] = [_("A model of agencies, enterprises and schools is applied at an agency, an enterprise "
                                "or a school.")]
    elif model_type.province_id and model_type.province_id != getattr(province_of(site), "pk", None):
        errors["type"] = [_("This model type belongs to another province.")]
    if site.valid_to is not None:
        errors.setdefault("site", []).append(_("This unit no longer exists; choose a current one."))
    for field in ("decision_date", "established_on"):
        _check_date(errors, field, getattr(model, field), today)
    source = model.replicated_from
    if source is not None:
        if source.pk == model.pk or source.site_id == site.pk:
            errors["replicated_from"] = [_("A model is replicated from another site.")]
        elif source.type.national_root.pk != model_type.national_root.pk:
            errors["replicated_from"] = [_("The replicated model must be of the same type.")]
        elif model.pk and _replicates(source, model):
            errors["replicated_from"] = [_("These models would replicate each other.")]
    if not model.name:
        errors["name"] = [_("This field is required.")]
    return errors


def _replicates(source: MovementModel, model: MovementModel) -> bool:
    """Whether `source` is (through its chain) a replica of `model`."""
    seen = set()
    current = source
    while current is not None and current.pk not in seen:
        if current.pk == model.pk:
            return True
        seen.add(current.pk)
        current = current.replicated_from
    return False


def _validate_model(model: MovementModel) -> None:
    errors = model_problems(model)
    try:
        model.full_clean(exclude=["created_by", "name_folded", "type", "site", "replicated_from"],
                         validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _clean_model_values(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in MODEL_FIELDS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        if key in ("name", "decision_number"):
            value = _text(value)
        elif key == "note":
            value = nfc(str(value or "")).strip()
        cleaned[key] = value
    return cleaned


@transaction.atomic
def movement_model_create(*, actor, site: Unit, type: ModelType, name: str = "",  # noqa: A002 — the field's name
                          **values) -> MovementModel:
    """Register a model applied at `site`; needs data entry there. A blank name takes the type's name."""
    _require_entry(actor, site)
    values = _clean_model_values({"name": name, **values})
    model = MovementModel(site=site, type=type, created_by=_actor_or_none(actor), **values)
    model.name = model.name or type.name
    model.name_folded = fold(model.name)
    _validate_model(model)
    model.save()
    audit_record(actor=actor, action="clubs.model_create", target=model, after=snapshot(model))
    return model


def _locked(model: MovementModel) -> MovementModel:
    model = MovementModel.objects.select_for_update().select_related("site", "type").get(pk=model.pk)
    if not model.is_active:
        raise ValidationError(_("This model is dissolved: it can no longer be changed."))
    return model


@transaction.atomic
def movement_model_update(*, actor, model: MovementModel, **values) -> MovementModel:
    """Change a model's fields (type, site, name, decision, dates, replication, note)."""
    model = _locked(model)
    _require_entry(actor, model.site)
    before = snapshot(model)
    for key, value in _clean_model_values(values).items():
        setattr(model, key, value)
    if model.site_id != before["site_id"]:
        _require_entry(actor, model.site)
    model.name = model.name or model.type.name
    model.name_folded = fold(model.name)
    _validate_model(model)
    after = snapshot(model)
    if after != before:
        model.save()
        audit_record(actor=actor, action="clubs.model_update", target=model, before=before, after=after)
    return model


@transaction.atomic
def movement_model_dissolve(*, actor, model: MovementModel, dissolved_on: datetime.date,
                            note: str = "") -> MovementModel:
    """Record that the model stopped (with its clubs) on `dissolved_on`."""
    model = _locked(model)
    _require_entry(actor, model.site)
    if dissolved_on > timezone.localdate():
        raise ValidationError({"dissolved_on": _("This date is in the future.")})
    if model.established_on and dissolved_on < model.established_on:
        raise ValidationError({"dissolved_on": _("A model cannot be dissolved before it was established.")})
    before = snapshot(model)
    model.status, model.dissolved_on = MovementModel.Status.DISSOLVED, dissolved_on
    if note:
        model.note = "\n".join(filter(None, [model.note, _text(note)]))
    model.save()
    model.clubs.filter(dissolved_on__isnull=True).update(status=MovementModel.Status.DISSOLVED,
                                                         dissolved_on=dissolved_on)
    audit_record(actor=actor, action="clubs.model_dissolve", target=model, before=before, after=snapshot(model))
    return model


# --- Clubs ---------------------------------------------------------------------------------------------------

CLUB_FIELDS = ("name", "members_count", "member_names", "leader", "established_on", "status", "dissolved_on")


def club_problems(club: Club) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    names = [n for n in club.member_names.splitlines() if n.strip()]
    if names and club.members_count and club.members_count < len(names):
        errors["members_count"] = [_("The list names more members than the number given.")]
    _check_date(errors, "established_on", club.established_on, timezone.localdate())
    if not club.name:
        errors["name"] = [_("This field is required.")]
    return errors


def _clean_club_values(values: dict) -> dict:
    cleaned = {}
    for key, value in values.items():
        if key not in CLUB_FIELDS:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        if key in ("name", "leader"):
            value = _text(value)
        elif key == "member_names":
            value = _lines(value)
        elif key == "members_count":
            value = value or 0
        cleaned[key] = value
    return cleaned


def _finish_club(club: Club) -> None:
    # The statistics of a year count the clubs existing at its end, so a dissolution keeps its date.
    if club.status == MovementModel.Status.ACTIVE:
        club.dissolved_on = None
    elif club.dissolved_on is None:
        club.dissolved_on = timezone.localdate()
    if not club.members_count and club.member_names:
        club.members_count = len(club.member_names.splitlines())  # the list is the count when none is given
    errors = club_problems(club)
    try:
        club.full_clean(exclude=["model"], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def club_add(*, actor, model: MovementModel, name: str, **values) -> Club:
    """Add a team or club to an active model; needs data entry on its site."""
    model = _locked(model)
    _require_entry(actor, model.site)
    club = Club(model=model, **_clean_club_values({"name": name, **values}))
    _finish_club(club)
    club.save()
    audit_record(actor=actor, action="clubs.club_add", target=model, after=snapshot(club))
    return club


@transaction.atomic
def club_update(*, actor, club: Club, **values) -> Club:
    """Change a club (name, members, leader, date, status)."""
    model = _locked(club.model)
    _require_entry(actor, model.site)
    club = Club.objects.select_for_update().get(pk=club.pk)
    before = snapshot(club)
    for key, value in _clean_club_values(values).items():
        setattr(club, key, value)
    _finish_club(club)
    after = snapshot(club)
    if after != before:
        club.save()
        audit_record(actor=actor, action="clubs.club_update", target=model, before=before, after=after)
    return club


# --- Yearly evaluation ---------------------------------------------------------------------------------------

def evaluation_problems(model: MovementModel, year: int, effective: bool, typical: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        errors["year"] = [_("Choose a year up to this one.")]
    elif model.established_on and year < model.established_on.year:
        errors["year"] = [_("The model was established in %(year)s.") % {"year": model.established_on.year}]
    elif model.dissolved_on and year > model.dissolved_on.year:
        errors["year"] = [_("The model was dissolved in %(year)s.") % {"year": model.dissolved_on.year}]
    if typical and not effective:
        errors["typical"] = [_("Only an effective model can be typical.")]
    return errors


@transaction.atomic
def model_evaluate(*, actor, model: MovementModel, year: int, effective: bool, typical: bool = False,
                   note: str = "") -> ModelEvaluation:
    """Record (or correct) the evaluation of `year`: effective or not, typical or not, with a note.

    Data entry on the site suffices for "effective"; setting or removing "typical" needs `decide`."""
    model = MovementModel.objects.select_for_update().select_related("site", "type").get(pk=model.pk)
    _require_entry(actor, model.site)
    existing = ModelEvaluation.objects.select_for_update().filter(model=model, year=year).first()
    if typical != (existing.typical if existing else False) and not may_mark_typical(actor, model.site):
        raise ValidationError({"typical": _("Only an officer who decides for this unit may mark a model typical.")})
    if errors := evaluation_problems(model, year, effective, typical):
        raise ValidationError(errors)
    evaluation = existing or ModelEvaluation(model=model, year=year)
    before = snapshot(evaluation) if existing else None
    evaluation.effective, evaluation.typical, evaluation.note = effective, typical, nfc(str(note or "")).strip()
    evaluation.evaluated_by = _actor_or_none(actor)
    evaluation.save()
    audit_record(actor=actor, action="clubs.model_evaluate", target=model, before=before,
                 after=snapshot(evaluation))
    return evaluation


# --- Import --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportResult:
    types: int
    models: int
    clubs: int
    evaluations: int


class ImportRejected(Exception):
    """The file was refused as a whole; `errors` lists every bad row and cell (nothing was written)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class _Group:
    """One model of the file and the rows (clubs) that belong to it."""

    first_row: int
    model: MovementModel
    clubs: list[Club]
    evaluations: dict[int, tuple[bool, bool, int]]  # year → (effective, typical, row)


class _Resolver:
    """Names in the file → communes, sites and types of the area, each looked up once."""

    def __init__(self, actor, area: Unit):
        self.actor, self.area = actor, area
        self.province = province_of(area)
        units = Unit.objects.filter(path__startswith=area.path, valid_to__isnull=True)
        self.communes: dict[str, list[Unit]] = {}
        for commune in units.filter(kind=UnitKind.COMMUNE):
            for key in {commune.name_folded, fold(commune.code)} - {""}:
                self.communes.setdefault(key, []).append(commune)
        if area.kind == UnitKind.COMMUNE:
            self.communes.setdefault(area.name_folded, [area])
        self.sites: dict[tuple[int, str], list[Unit]] = {}
        for unit in units.filter(kind__in=[UnitKind.RESIDENTIAL_AREA, *SITE_KINDS[Sector.ORGANISATIONS]]):
            self.sites.setdefault((unit.parent_id, unit.name_folded), []).append(unit)
        visible = Q(province__isnull=True) | Q(province=self.province)
        self.types = {t.name_folded: t for t in ModelType.objects.filter(visible).select_related("national")}
        self.nationals = {**{t.name_folded: t for t in self.types.values() if t.is_national},
                          **{fold(t.code): t for t in self.types.values() if t.is_national}}
        self.may_add_type = self.province is not None and may_add_type(actor, self.province)
        self.may_mark_typical = may_mark_typical(actor, area)
        self.new_types: dict[str, ModelType] = {}

    def site(self, commune_text: str, site_text: str) -> tuple[Unit | None, str, str]:
        """The site, or None with the column and the message."""
        found = self.communes.get(fold(commune_text), [])
        if len(found) != 1:
            message = _("No commune of %(area)s has this name or code.") if not found else _(
                "Several communes have this name; write the official code.")
            return None, "commune", message % {"area": self.area.name}
        commune = found[0]
        if not site_text:
            return commune, "", ""
        sites = self.sites.get((commune.pk, fold(site_text)), [])
        if len(sites) != 1:
            message = _("No KDC, agency, enterprise or school of %(commune)s has this name.") if not sites else _(
                "Several units of %(commune)s have this name.")
            return None, "site", message % {"commune": commune.name}
        return sites[0], "", ""

    def type(self, values: dict) -> tuple[ModelType | None, str, str]:
        name = values.get("type", "")
        key = fold(name)
        if key in self.types:
            return self.types[key], "", ""
        if key in self.new_types:
            return self.new_types[key], "", ""
        if not self.may_add_type:
            return None, "type", _("Unknown model type. A province officer adds the province's own types.")
        if not values.get("sector"):
            return None, "sector", _("A new model type needs its sector.")
        national = None
        if values.get("national"):
            national = self.nationals.get(fold(values["national"]))
            if national is None:
                return None, "national", _("No national model type has this name.")
        model_type = ModelType(province=self.province, name=name, name_folded=key, sector=values["sector"],
                               national=national)
        self.new_types[key] = model_type
        return model_type, "", ""


# A model's field → the column of the file that fills it.
IMPORT_FIELD = {"name": "model_name"}


def _field_problems(instance, *, exclude: list[str]) -> dict[str, list[str]]:
    """What `full_clean` finds (lengths, choices) before a bulk insert that skips it."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _header(column_field: str) -> str:
    return next((c.header for c in COLUMNS if c.field == column_field), "")


def _group_rows(resolver: _Resolver, rows) -> tuple[dict[tuple, _Group], list[RowError]]:
    groups: dict[tuple, _Group] = {}
    errors: list[RowError] = []
    for row in rows:
        values, row_errors = parse_row(row, COLUMNS)
        errors += row_errors
        if row_errors:
            continue
        site, column, message = resolver.site(values.get("commune", ""), values.get("site", ""))
        if site is None:
            errors.append(RowError(row.number, _header(column), message))
            continue
        model_type, column, message = resolver.type(values)
        if model_type is None:
            errors.append(RowError(row.number, _header(column), message))
            continue
        name = values.get("model_name") or model_type.name
        key = (site.pk, fold(model_type.name), fold(name))
        group = groups.get(key)
        if group is None:
            model = MovementModel(site=site, type=model_type, name=name, name_folded=fold(name),
                                  decision_number=values.get("decision_number", ""),
                                  decision_date=values.get("decision_date"),
                                  established_on=values.get("established_on"),
                                  created_by=_actor_or_none(resolver.actor))
            group = groups[key] = _Group(first_row=row.number, model=model, clubs=[], evaluations={})
            problems = model_problems(model) | _field_problems(model, exclude=[
                "created_by", "name_folded", "type", "site", "replicated_from"])
            for field, messages in problems.items():
                errors += [RowError(row.number, _header(IMPORT_FIELD.get(field, field)), m) for m in messages]
        if values.get("club"):
            club = Club(name=values["club"], members_count=values.get("members_count") or 0,
                        leader=values.get("leader", ""),
                        member_names=_lines("\n".join(values.get("member_names", "").split(";"))),
                        established_on=values.get("established_on"))
            if not club.members_count and club.member_names:
                club.members_count = len(club.member_names.splitlines())
            if any(fold(c.name) == fold(club.name) for c in group.clubs):
                errors.append(RowError(row.number, _header("club"), _("This club appears twice for the model.")))
            for field, messages in (club_problems(club) | _field_problems(club, exclude=["model"])).items():
                errors += [RowError(row.number, _header("club" if field == "name" else field), m) for m in messages]
            group.clubs.append(club)
        if values.get("year"):
            year = values["year"]
            effective, typical = values.get("effective", False), values.get("typical", False)
            for field, messages in evaluation_problems(group.model, year, effective, typical).items():
                errors += [RowError(row.number, _header(field), m) for m in messages]
            if typical and not resolver.may_mark_typical:
                errors.append(RowError(row.number, _header("typical"),
                                       _("Only an officer who decides for this unit may mark a model typical.")))
            earlier = group.evaluations.get(year)
            if earlier and earlier[:2] != (effective, typical):
                errors.append(RowError(row.number, _header("effective"), _(
                    "Row %(row)s gives another evaluation of this model for %(year)s.") % {
                    "row": earlier[2], "year": year}))
            group.evaluations[year] = (effective, typical, row.number)
    return groups, errors


def _existing_problems(groups: dict[tuple, _Group]) -> list[RowError]:
    """Clubs already registered under the same model: a second import of a file adds nothing twice."""
    errors = []
    site_ids = {g.model.site.pk for g in groups.values()}
    existing = {}
    for model in MovementModel.objects.filter(site__in=site_ids, status=MovementModel.Status.ACTIVE).select_related(
            "type").prefetch_related("clubs"):
        existing[(model.site_id, fold(model.type.name), model.name_folded)] = model
    for key, group in groups.items():
        model = existing.get(key)
        if model is None:
            continue
        group.model = model
        names = {fold(c.name) for c in model.clubs.all()}
        for club in group.clubs:
            if fold(club.name) in names:
                errors.append(RowError(group.first_row, _header("club"), _(
                    "The club “%(club)s” is already registered for this model.") % {"club": club.name}))
        if not group.clubs and not group.evaluations:
            errors.append(RowError(group.first_row, _header("model_name"), _("This model is already registered.")))
    return errors


@transaction.atomic
def models_import(*, actor, area: Unit, data: bytes, file_name: str) -> ImportResult:
    """Import models, clubs and evaluations below `area` from a spreadsheet; all or nothing.

    Raises `ImportRejected` with every bad row (Vietnamese messages, the header of the bad column)."""
    if not has_capability(actor, area, Capability.ENTER_DATA):
        raise ImportRejected([RowError(None, "", _("You may not enter data for this unit."))])
    try:
        rows = read_sheet(data, file_name, COLUMNS)
    except SheetError as exc:
        raise ImportRejected(exc.errors) from None
    resolver = _Resolver(actor, area)
    groups, errors = _group_rows(resolver, rows)
    errors += _existing_problems(groups)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row or 0, e.column)))
    for model_type in resolver.new_types.values():
        model_type.save()
    models = clubs = evaluations = 0
    new_clubs: list[Club] = []
    for group in groups.values():
        model = group.model
        if model.pk is None:
            model.save()
            models += 1
        for club in group.clubs:
            club.model = model
            new_clubs.append(club)
        for year, (effective, typical, _row) in group.evaluations.items():
            ModelEvaluation.objects.update_or_create(model=model, year=year, defaults={
                "effective": effective, "typical": typical, "evaluated_by": _actor_or_none(actor)})
            evaluations += 1
    Club.objects.bulk_create(new_clubs, batch_size=1000)
    clubs = len(new_clubs)
    result = ImportResult(types=len(resolver.new_types), models=models, clubs=clubs, evaluations=evaluations)
    audit_record(actor=actor, action="clubs.import", target=area, detail={
        "file": file_name[:200], "types": result.types, "models": models, "clubs": clubs,
        "evaluations": evaluations})
    return result
