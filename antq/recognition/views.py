"""Read-only pages on the law as data: criteria sets and recognition authorities, for the national administrator.

Other roles get 404, the same answer as for a missing page, so the pages do not advertise themselves.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from antq.accounts.scope import is_national_admin
from antq.core.access import ScopedView
from antq.recognition.authority import authority_regimes
from antq.recognition.criteria import (
    EXCEPTION_LABELS,
    SCOPE_LABELS,
    UNIT_KINDS,
    CriterionKind,
    incident_codes,
    legal_bases,
    legal_basis,
)
from antq.recognition.figures import FIGURES, PERCENT
from antq.units.models import ManagingLevel, UnitKind

_OP_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def _day_month(month_day: tuple[int, int]) -> str:
    month, day = month_day
    return f"{day:02d}/{month:02d}"


def _kind_label(kind: str) -> str:
    return str(UnitKind(kind).label)


class NationalAdminView(ScopedView, TemplateView):
    def resolve_scope(self, request, *args, **kwargs) -> None:
        if not is_national_admin(request.user):
            raise Http404


class CriteriaIndexView(NationalAdminView):
    template_name = "recognition/criteria_index.html"

    def get_context_data(self, **kwargs):
        bases = []
        for basis in reversed(legal_bases()):  # the one in force first
            sets = []
            for criteria_set in basis.sets:
                criteria = criteria_set.criteria
                sets.append({
                    "set": criteria_set,
                    "kinds": [(k, _kind_label(k)) for k in criteria_set.unit_kinds],
                    "count": len(criteria),
                    "unconfirmed": sum(1 for c in criteria if not c.confirmed),
                })
            bases.append({"basis": basis, "sets": sets})
        return super().get_context_data(bases=bases, **kwargs)


class CriteriaSetView(NationalAdminView):
    template_name = "recognition/criteria_set.html"

    def resolve_scope(self, request, *args, **kwargs) -> None:
        super().resolve_scope(request, *args, **kwargs)
        if kwargs["kind"] not in UNIT_KINDS:
            raise Http404
        try:
            self.basis = legal_basis(kwargs["code"])
        except LookupError:
            raise Http404 from None
        self.criteria_set = self.basis.set_for(kwargs["kind"])

    def _row(self, criterion) -> dict:
        codes = incident_codes()
        row = {"c": criterion, "kind_label": criterion.kind_label, "inherited": []}
        if criterion.kind == CriterionKind.MUST_NOT_HAPPEN:
            row["incident_types"] = [codes.type_label(t) for t in criterion.incident_types]
            row["exceptions"] = [str(EXCEPTION_LABELS[e]) for e in criterion.exceptions]
            row["scope"] = str(SCOPE_LABELS[criterion.scope])
            if criterion.min_severity:
                row["min_severity"] = _("%(level)s or above") % {"level": codes.severity_label(criterion.min_severity)}
            if criterion.min_discipline:
                row["min_discipline"] = _("%(level)s or above") % {
                    "level": codes.discipline_label(criterion.min_discipline)}
        elif criterion.kind == CriterionKind.NUMERIC:
            figure = FIGURES[criterion.figure]
            value = criterion.value.normalize()
            unit = "\u00a0%" if figure.unit == PERCENT else ""
            row["threshold"] = f"{figure.label} {_OP_SIGNS[criterion.op]} {value:f}{unit}"
        elif criterion.kind == CriterionKind.INHERITED:
            row["scope"] = str(SCOPE_LABELS[criterion.scope]) if criterion.scope else ""
            row["inherited"] = [self._row(self.basis.criterion(i)) for i in criterion.inherits]
        return row

    def get_context_data(self, **kwargs):
        kind = self.kwargs["kind"]
        period = self.basis.period_rule(kind)
        start, end = _day_month(period.start), _day_month(period.end)
        if period.start > period.end:
            period_text = _("%(start)s of the previous year to %(end)s of the evaluated year") % {
                "start": start, "end": end}
        else:
            period_text = _("%(start)s to %(end)s of the evaluated year") % {"start": start, "end": end}
        return super().get_context_data(
            period_text=period_text,
            basis=self.basis,
            criteria_set=self.criteria_set,
            kind_label=_kind_label(kind),
            kinds=[(k, _kind_label(k)) for k in self.criteria_set.unit_kinds],
            period=period,
            rows=[self._row(c) for c in self.criteria_set.criteria],
            other_sets=[(s.unit_kinds[0], ", ".join(_kind_label(k) for k in s.unit_kinds))
                        for s in self.basis.sets if s is not self.criteria_set],
            **kwargs,
        )


class AuthorityListView(NationalAdminView):
    template_name = "recognition/authorities.html"

    def get_context_data(self, **kwargs):
        level_labels = dict(ManagingLevel.choices)
        regimes = []
        for regime in reversed(authority_regimes()):  # the one in force first
            rules = [{
                "rule": rule,
                "kinds": ", ".join(_kind_label(k) for k in rule.unit_kinds),
                "levels": ", ".join(str(level_labels[lv]) for lv in rule.managing_levels),
                "decision_level": level_labels[rule.decision_level],
                "register_by": _day_month(rule.register_by),
                "decide_before": _day_month(rule.decide_before),
            } for rule in regime.rules]
            regimes.append({"regime": regime, "rules": rules})
        return super().get_context_data(regimes=regimes, **kwargs)
