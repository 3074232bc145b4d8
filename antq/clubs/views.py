"""Pages of the models-and-clubs registry: list and counts, a model with its clubs and evaluations, the
type catalogue, spreadsheet import and export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import Capability, get_unit_for, has_capability, scope_roots, units_for
from antq.clubs import selectors
from antq.clubs.forms import (
    ClubForm,
    ClubUpdateForm,
    DissolveForm,
    EvaluationForm,
    FilterForm,
    ModelForm,
    TypeForm,
)
from antq.clubs.models import SITE_KINDS, MovementModel, Sector
from antq.clubs.services import (
    ImportRejected,
    club_add,
    club_update,
    may_add_type,
    may_mark_typical,
    model_evaluate,
    model_type_create,
    model_type_update,
    models_import,
    movement_model_create,
    movement_model_dissolve,
    movement_model_update,
)
from antq.clubs.sheet import COLUMNS, YES_NO_FIELDS
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.core.sheets import CONTENT_TYPES, cells_for, write_template_xlsx, write_xlsx
from antq.incidents.selectors import area_choices
from antq.units.models import UnitKind
from antq.units.transfer.forms import ImportForm

PAGE_SIZE = 25
SITE_UNIT_KINDS = (*SITE_KINDS[Sector.SOCIETY], *SITE_KINDS[Sector.ORGANISATIONS])
MAX_SITE_CHOICES = 800


def _area_from(request, param: str = "area"):
    value = request.GET.get(param) or request.POST.get(param)
    return get_unit_for(request.user, value) if value else None


def _this_year() -> int:
    return timezone.localdate().year


def _years(actor) -> list[int]:
    return sorted({*selectors.evaluation_years(actor=actor), _this_year()}, reverse=True)


def _filters(request, area):
    user = request.user
    province = selectors.province_of_actor(user)
    form = FilterForm(request.GET or None, areas=area_choices(actor=user, selected=area),
                      types=selectors.type_list(actor=user, province=province), years=_years(user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    typical = {"yes": True, "no": False}.get(data.get("typical") or "")
    return form, dict(area=area, sector=data.get("sector") or None, type_id=data.get("type"),
                      status=data.get("status") or None, year=data.get("year"), typical=typical,
                      q=data.get("q") or "")


def _entry_sites(user):
    return units_for(user, Capability.ENTER_DATA).filter(kind__in=SITE_UNIT_KINDS, valid_to__isnull=True)


class ModelListView(ScopedView, TemplateView):
    template_name = "clubs/list.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.area = _area_from(request)

    def get_context_data(self, **kwargs):
        user = self.request.user
        form, filters = _filters(self.request, self.area)
        models = selectors.model_list(actor=user, **filters)
        page = Paginator(models, PAGE_SIZE).get_page(self.request.GET.get("page"))
        count_area = self.area or scope_roots(user).order_by("path").first()
        counts = selectors.counts(actor=user, area=count_area, year=filters["year"]) if count_area else None
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form, page=page, area=self.area, counts=counts, query=query.urlencode(),
            can_create=_entry_sites(user).exists(), can_import=units_for(user, Capability.ENTER_DATA).exists(),
            **kwargs)


class _ModelFormView(ScopedView, FormView):
    template_name = "clubs/form.html"
    form_class = ModelForm
    model = None

    def form_kwargs_for(self, sites):
        user = self.request.user
        province = selectors.province_of_actor(user)
        sources = selectors.model_list(actor=user).filter(status=MovementModel.Status.ACTIVE)
        if self.model is not None:
            sources = sources.exclude(pk=self.model.pk)
        return {"sites": sites, "types": selectors.type_list(actor=user, province=province),
                "sources": sources.order_by("name_folded")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(model=self.model, **kwargs)


class ModelCreateView(_ModelFormView):
    def resolve_scope(self, request, *args, **kwargs):
        self.sites = _entry_sites(request.user).order_by("path")
        if not self.sites[:1]:
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.form_kwargs_for(self.sites)}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.sites.count() > MAX_SITE_CHOICES:
            form.fields["site"].queryset = self.sites.filter(kind__in=[UnitKind.COMMUNE])
        return form

    def form_valid(self, form):
        try:
            model = movement_model_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The model was registered."))
        return redirect("clubs:detail", model.pk)


class ModelUpdateView(_ModelFormView):
    def resolve_scope(self, request, *args, **kwargs):
        self.model = selectors.get_model_for(request.user, kwargs["pk"])
        if not has_capability(request.user, self.model.site, Capability.ENTER_DATA):
            raise Http404

    def get_form_kwargs(self):
        sites = _entry_sites(self.request.user).filter(kind=self.model.site.kind).filter(
            parent_id=self.model.site.parent_id)
        return {**super().get_form_kwargs(), **self.form_kwargs_for(sites)}

    def get_initial(self):
        m = self.model
        return {name: getattr(m, name) for name in (
            "site", "type", "name", "decision_number", "decision_date", "established_on", "replicated_from", "note")}

    def form_valid(self, form):
        try:
            movement_model_update(actor=self.request.user, model=self.model, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("clubs:detail", self.model.pk)


class ModelDetailView(ScopedView, TemplateView):
    template_name = "clubs/detail.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.model = selectors.model_with_details(selectors.get_model_for(request.user, kwargs["pk"]))

    def get_context_data(self, **kwargs):
        user = self.request.user
        model = self.model
        can_edit = model.is_active and has_capability(user, model.site, Capability.ENTER_DATA)
        evaluations = list(model.evaluations.all())
        this_year = next((e for e in evaluations if e.year == _this_year()), None)
        initial = {"year": _this_year(), "effective": this_year.effective if this_year else True,
                   "typical": this_year.typical if this_year else False, "note": this_year.note if this_year else ""}
        return super().get_context_data(
            model=model, clubs=list(model.clubs.all()), evaluations=evaluations, replicas=list(model.replicas.all()),
            can_edit=can_edit, typical_years=[e.year for e in evaluations if e.typical],
            club_form=ClubForm(), dissolve_form=DissolveForm(initial={"dissolved_on": timezone.localdate()}),
            evaluation_form=EvaluationForm(initial=initial, may_mark_typical=may_mark_typical(user, model.site)),
            **kwargs)


class _ModelPostView(ScopedView, View):
    form_class = None

    def resolve_scope(self, request, *args, **kwargs):
        self.model = selectors.get_model_for(request.user, kwargs["pk"])
        if not has_capability(request.user, self.model.site, Capability.ENTER_DATA):
            raise Http404

    def form(self):
        return self.form_class(self.request.POST)

    def failed(self, exc: ValidationError):
        for message in exc.messages:
            messages.error(self.request, message)
        return redirect("clubs:detail", self.model.pk)

    def post(self, request, *args, **kwargs):
        form = self.form()
        if not form.is_valid():
            return self.failed(ValidationError([e for errors in form.errors.values() for e in errors]))
        try:
            self.act(form.cleaned_data)
        except ValidationError as exc:
            return self.failed(exc)
        return redirect("clubs:detail", self.model.pk)


class ClubAddView(_ModelPostView):
    form_class = ClubForm

    def act(self, data):
        club_add(actor=self.request.user, model=self.model, **data)
        messages.success(self.request, _("The club was added."))


class EvaluateView(_ModelPostView):
    def form(self):
        # Who may not mark "typical" sees the box disabled: the year's recorded mark is kept as it is.
        year = self.request.POST.get("year", "")
        existing = self.model.evaluations.filter(year=int(year)).first() if year.isdigit() else None
        return EvaluationForm(self.request.POST, initial={"typical": existing.typical if existing else False},
                              may_mark_typical=may_mark_typical(self.request.user, self.model.site))

    def act(self, data):
        model_evaluate(actor=self.request.user, model=self.model, **data)
        messages.success(self.request, _("The evaluation was saved."))


class DissolveView(_ModelPostView):
    form_class = DissolveForm

    def act(self, data):
        movement_model_dissolve(actor=self.request.user, model=self.model, **data)
        messages.success(self.request, _("The model was recorded as dissolved."))


class ClubUpdateView(ScopedView, FormView):
    template_name = "clubs/simple_form.html"
    form_class = ClubUpdateForm

    def resolve_scope(self, request, *args, **kwargs):
        self.club = selectors.get_club_for(request.user, kwargs["pk"])
        if not has_capability(request.user, self.club.model.site, Capability.ENTER_DATA):
            raise Http404

    def get_initial(self):
        c = self.club
        return {n: getattr(c, n) for n in ClubUpdateForm.base_fields}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit club"), model=self.club.model, **kwargs)

    def form_valid(self, form):
        try:
            club_update(actor=self.request.user, club=self.club, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("clubs:detail", self.club.model_id)


# --- Types ---------------------------------------------------------------------------------------------------

class TypeListView(ScopedView, TemplateView):
    template_name = "clubs/types.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.province = selectors.province_of_actor(request.user)

    def get_context_data(self, **kwargs):
        types = selectors.type_list(actor=self.request.user, province=self.province)
        can_add = self.province is not None and may_add_type(self.request.user, self.province)
        return super().get_context_data(types=types, province=self.province, can_add=can_add, **kwargs)


class TypeCreateView(ScopedView, FormView):
    template_name = "clubs/simple_form.html"
    form_class = TypeForm

    def resolve_scope(self, request, *args, **kwargs):
        self.province = selectors.province_of_actor(request.user)
        if self.province is None or not may_add_type(request.user, self.province):
            raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Add a model type for %(province)s") % {
            "province": self.province.name}, **kwargs)

    def form_valid(self, form):
        try:
            model_type_create(actor=self.request.user, province=self.province, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The model type was added."))
        return redirect("clubs:types")


class TypeUpdateView(ScopedView, FormView):
    template_name = "clubs/simple_form.html"
    form_class = TypeForm

    def resolve_scope(self, request, *args, **kwargs):
        self.model_type = selectors.get_type_for(request.user, kwargs["pk"])
        if self.model_type.is_national or not may_add_type(request.user, self.model_type.province):
            raise Http404

    def get_initial(self):
        t = self.model_type
        return {"name": t.name, "sector": t.sector, "national": t.national, "description": t.description}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit model type"), **kwargs)

    def form_valid(self, form):
        try:
            model_type_update(actor=self.request.user, model_type=self.model_type, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("clubs:types")


# --- Spreadsheets --------------------------------------------------------------------------------------------

def _xlsx(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


class ImportView(ScopedView, FormView):
    """Upload a spreadsheet for an area (`?area=`, default the actor's first unit); all or nothing."""

    template_name = "clubs/import.html"
    form_class = ImportForm

    def resolve_scope(self, request, *args, **kwargs):
        entry = units_for(request.user, Capability.ENTER_DATA).filter(
            kind__in=[UnitKind.PROVINCE, UnitKind.COMMUNE], valid_to__isnull=True)
        area_id = request.GET.get("area") or request.POST.get("area")
        self.area = (get_unit_for(request.user, area_id, Capability.ENTER_DATA) if area_id
                     else entry.order_by("path").first())
        if self.area is None:
            raise Http404
        self.areas = list(entry.order_by("path")[:200])
        if self.area.pk not in {a.pk for a in self.areas}:
            self.areas.insert(0, self.area)

    def get_context_data(self, **kwargs):
        return super().get_context_data(area=self.area, areas=self.areas, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = models_import(actor=self.request.user, area=self.area, data=upload.read(),
                                   file_name=upload.name)
        except ImportRejected as exc:
            return self.render_to_response(self.get_context_data(form=form, errors=exc.errors))
        messages.success(self.request, _("Imported: %(models)s models, %(clubs)s clubs, %(evaluations)s evaluations, "
                                         "%(types)s new types.") % {
            "models": result.models, "clubs": result.clubs, "evaluations": result.evaluations, "types": result.types})
        return redirect(f"{_list_url()}?area={self.area.pk}")


def _list_url() -> str:
    from django.urls import reverse

    return reverse("clubs:list")


class TemplateDownloadView(ScopedView, View):
    def get(self, request):
        return _xlsx(write_template_xlsx(COLUMNS, title="Mô hình", yes_no_fields=YES_NO_FIELDS), "mau-mo-hinh.xlsx")


class ExportView(ScopedView, View):
    """The list as filtered, one row per club; the evaluation columns for the chosen year (default: this one)."""

    def get(self, request):
        area = _area_from(request)
        _form, filters = _filters(request, area)
        year = filters["year"] or _this_year()
        models = (selectors.model_list(actor=request.user, **filters)
                  .prefetch_related("clubs", "evaluations").select_related("site__parent"))
        return _xlsx(write_xlsx(COLUMNS, _export_rows(models, year), title="Mô hình"), f"mo-hinh-{year}.xlsx")


def _export_rows(models, year: int):
    for model in models.iterator(chunk_size=500):
        site = model.site
        commune = site if site.kind == UnitKind.COMMUNE else site.parent
        evaluation = next((e for e in model.evaluations.all() if e.year == year), None)
        base = {
            "commune": commune.code or commune.name if commune else "",
            "site": "" if site.kind == UnitKind.COMMUNE else site.name, "type": model.type.name,
            "sector": model.type.sector, "national": model.type.national.name if model.type.national_id else "",
            "model_name": model.name, "decision_number": model.decision_number,
            "decision_date": model.decision_date, "established_on": model.established_on,
            "year": year if evaluation else None, "effective": evaluation.effective if evaluation else None,
            "typical": evaluation.typical if evaluation else None,
        }
        clubs = [c for c in model.clubs.all() if c.dissolved_on is None] or [None]
        for club in clubs:
            values = dict(base)
            if club is not None:
                values |= {"club": club.name, "members_count": club.members_count, "leader": club.leader,
                           "member_names": "; ".join(club.member_names.splitlines())}
            yield cells_for(COLUMNS, values)
