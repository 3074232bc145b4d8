"""Pages on the rules as data: every regulation version and sheet item by item, and the editor.

Any signed-in user reads the sheets (the law they are scored on); `?province=<id>` shows a province's own
version (404 when the province is not visible). The editor is for the national administrator (national
version) and for a province's officers who decide (their province's version); others get 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import get_unit_for, grants_of, is_national_admin
from antq.classification.editing import (
    based_on,
    can_edit_rules,
    classification_rules_save,
    rules_text,
    rules_versions,
)
from antq.classification.engine import level_label
from antq.classification.forms import RulesForm
from antq.classification.rules import KEY_PREFIX, current_data, file_regulations, parse_regulation
from antq.core import law_data
from antq.core.access import ScopedView
from antq.units.models import ManagingLevel, Unit, UnitKind


def _kind_label(kind: str) -> str:
    return str(UnitKind(kind).label)


def _province_param(request):
    """The `province` query parameter as a visible province, None when absent; 404 otherwise."""
    value = request.GET.get("province") or request.POST.get("province")
    if not value:
        return None
    province = get_unit_for(request.user, value)
    if province.kind != UnitKind.PROVINCE:
        raise Http404
    return province


def _own_provinces(user):
    """Provinces whose own version the user may edit: every current one for the national administrator."""
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE)
    if is_national_admin(user):
        return list(provinces.filter(valid_to__isnull=True).order_by("name_folded"))
    ids = {g.unit_id for g in grants_of(user)}
    return [p for p in provinces.filter(pk__in=ids) if can_edit_rules(user, province=p)]


class SheetIndexView(ScopedView, TemplateView):
    template_name = "classification/sheets.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.province = _province_param(request)

    def get_context_data(self, **kwargs):
        regulations = []
        for shipped in reversed(file_regulations()):  # the one in force first
            regulation = parse_regulation(current_data(shipped.code, province=self.province), source=shipped.code)
            own = (law_data.current_version(regulation.key, scope=self.province) if self.province is not None
                   else None)
            national = law_data.current_version(regulation.key)
            regulations.append({
                "regulation": regulation, "own": own, "national": national,
                "sheets": [{"sheet": s, "kinds": ", ".join(_kind_label(k) for k in s.unit_kinds),
                            "leaves": len(s.leaves()),
                            "unconfirmed": sum(1 for i, _d in s.walk() if not i.confirmed)} for s in regulation.sheets],
                "bands": [(level_label(b.level), b.min_points) for b in regulation.bands.levels],
                "caps": regulation.caps,
                "deadlines": [(_kind_label(k), f"{d:02d}/{m:02d}")
                              for k, (m, d) in regulation.deadlines.by_kind.items()],
                "reviewers": [{"period": p, "rules": [
                    {"kinds": ", ".join(_kind_label(k) for k in r.unit_kinds),
                     "levels": ", ".join(str(ManagingLevel(lv).label) for lv in r.managing_levels),
                     "review_level": ManagingLevel(r.review_level).label} for r in p.rules]}
                    for p in regulation.reviewers],
            })
        user = self.request.user
        return super().get_context_data(regulations=regulations, province=self.province,
                                        is_admin=is_national_admin(user), own_provinces=_own_provinces(user),
                                        **kwargs)


class SheetView(ScopedView, TemplateView):
    template_name = "classification/sheet.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        self.province = _province_param(request)
        codes = {r.code for r in file_regulations()}
        if kwargs["code"] not in codes:
            raise Http404
        self.regulation = parse_regulation(current_data(kwargs["code"], province=self.province),
                                           source=kwargs["code"])
        try:
            self.sheet = self.regulation.sheet(kwargs["sheet_code"])
        except LookupError:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            regulation=self.regulation, sheet=self.sheet, province=self.province,
            rows=[{"item": item, "depth": depth} for item, depth in self.sheet.walk()],
            kinds=", ".join(_kind_label(k) for k in self.sheet.unit_kinds),
            others=[s for s in self.regulation.sheets if s is not self.sheet], **kwargs)


class RulesEditView(ScopedView, FormView):
    """Edit a regulation document as a whole (YAML), with the reason; the versions so far are listed."""

    template_name = "classification/rules_edit.html"
    form_class = RulesForm

    def resolve_scope(self, request, *args, **kwargs) -> None:
        if kwargs["code"] not in {r.code for r in file_regulations()}:
            raise Http404
        self.code = kwargs["code"]
        self.province = _province_param(request)
        if not can_edit_rules(request.user, province=self.province):
            raise Http404

    def get_initial(self):
        return {"text": rules_text(self.code, province=self.province),
                "based_on": based_on(self.code, province=self.province)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(code=self.code, province=self.province,
                                        versions=rules_versions(self.code, province=self.province),
                                        key=KEY_PREFIX + self.code, **kwargs)

    def form_valid(self, form):
        try:
            version = classification_rules_save(actor=self.request.user, code=self.code, text=form.cleaned_data["text"],
                                                reason=form.cleaned_data["reason"], province=self.province,
                                                seen_number=form.cleaned_data["based_on"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Version %(number)s saved.") % {"number": version.number})
        url = reverse("classification:sheets")
        return redirect(f"{url}?province={self.province.pk}" if self.province else url)
