"""Pages of the security-team registry: list, team page, forms, and the yearly rating form.

Each view is a `ScopedView`: `resolve_scope` fetches the team or member through the selectors (404 when
missing or out of scope) and asks for data entry on the commune where it writes; the services check again.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from antq.accounts.scope import Capability, get_unit_for, has_capability, units_for
from antq.core.access import ScopedView
from antq.core.forms import attach_service_errors
from antq.grassroots import rules as law
from antq.grassroots import selectors
from antq.grassroots.forms import (
    AreaFlagsForm,
    CommuneChoiceForm,
    DissolveForm,
    LeaveForm,
    MemberForm,
    RatingForm,
    TeamFilterForm,
    TeamForm,
)
from antq.grassroots.law_views import law_links_for
from antq.grassroots.models import MemberRole, TeamMember
from antq.grassroots.services import (
    MEMBER_FIELDS,
    commune_flags,
    commune_flags_set,
    member_add,
    member_leave,
    member_rate,
    member_update,
    province_of,
    rating_period,
    team_create,
    team_dissolve,
    team_rate,
    team_update,
)
from antq.units.models import UnitKind

PAGE_SIZE = 25


def default_year() -> int:
    """The rating year whose period (ending 14/11) is the latest to have ended or to be ending."""
    return timezone.localdate().year


class TeamListView(ScopedView, TemplateView):
    template_name = "grassroots/team_list.html"

    def resolve_scope(self, request, *args, **kwargs):
        value = request.GET.get("area")
        self.area = get_unit_for(request.user, value) if value else None

    def get_context_data(self, **kwargs):
        user = self.request.user
        areas = list(units_for(user).filter(kind__in=(UnitKind.PROVINCE, UnitKind.COMMUNE), valid_to__isnull=True)
                     .order_by("kind", "name_folded")[:500])
        if self.area is not None and self.area not in areas:
            areas.insert(0, self.area)
        form = TeamFilterForm(self.request.GET or None, areas=areas)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        teams = selectors.team_list(actor=user, area=self.area, status=data.get("status", ""), q=data.get("q", ""))
        page = Paginator(teams, PAGE_SIZE).get_page(self.request.GET.get("page"))
        can_create = selectors.entry_communes(actor=user).exists()
        is_commune = self.area is not None and self.area.kind == UnitKind.COMMUNE
        return super().get_context_data(
            form=form, page=page, area=self.area, can_create=can_create,
            area_flags=commune_flags(self.area) if is_commune else set(),
            can_set_flags=is_commune and has_capability(user, self.area, Capability.DECIDE),
            can_import=is_commune and has_capability(user, self.area, Capability.ENTER_DATA),
            law_links=law_links_for(user, self.area), **kwargs)


class TeamDetailView(ScopedView, TemplateView):
    template_name = "grassroots/team_detail.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.team = selectors.get_team_for(request.user, kwargs["pk"])

    def get_context_data(self, **kwargs):
        user = self.request.user
        team = selectors.team_with_details(self.team)
        show_ids = selectors.may_see_id_numbers(user, team)
        members = sorted(team.members.all(), key=lambda m: (not m.is_active, list(MemberRole.values).index(m.role),
                                                           m.full_name))
        for member in members:
            member.shown_id = member.id_number if show_ids else selectors.mask_id_number(member.id_number)
            member.age = law.age_on(member.birth_date, timezone.localdate())
            member.rating_by_year = {r.year: r for r in member.ratings.all()}
        ratings = sorted(team.ratings.all(), key=lambda r: -r.year)
        years = sorted({r.year for r in ratings} | {r.year for m in members for r in m.ratings.all()}, reverse=True)
        expected = law.expected_members(law.team_quota(province_of(team.commune)), local_kind=_first_kind(team),
                                        households=team.households)
        serving = sum(1 for m in members if m.is_active)
        return super().get_context_data(
            team=team, members=members, ratings=ratings, years=years, expected=expected, serving=serving,
            can_edit=team.is_active and has_capability(user, team.commune, Capability.ENTER_DATA),
            rate_year=default_year(), **kwargs)


def _first_kind(team) -> str:
    first = next(iter(team.areas.all()), None)
    return first.local_kind if first else ""


class TeamCreateView(ScopedView, FormView):
    template_name = "grassroots/team_form.html"
    form_class = TeamForm

    def resolve_scope(self, request, *args, **kwargs):
        communes = selectors.entry_communes(actor=request.user)
        value = request.GET.get("commune") or request.POST.get("commune")
        self.commune = None
        if value:
            self.commune = get_unit_for(request.user, value, Capability.ENTER_DATA)
            if self.commune.kind != UnitKind.COMMUNE:
                raise Http404
        elif communes.count() == 1:
            self.commune = communes.get()
        self.communes = communes
        if self.commune is None and (not communes.exists() or request.method != "GET"):
            raise Http404

    def get(self, request, *args, **kwargs):
        if self.commune is None:
            return self.response_class(request=request, template=["grassroots/choose_commune.html"],
                                       context={"form": CommuneChoiceForm(communes=self.communes)})
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "commune": self.commune}

    def get_context_data(self, **kwargs):
        return super().get_context_data(commune=self.commune, **kwargs)

    def form_valid(self, form):
        try:
            team = team_create(actor=self.request.user, commune=self.commune, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The team was recorded. Now add its members."))
        return redirect("grassroots:member_add", team.pk)


class TeamUpdateView(ScopedView, FormView):
    template_name = "grassroots/team_form.html"
    form_class = TeamForm

    def resolve_scope(self, request, *args, **kwargs):
        self.team = selectors.get_team_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if not self.team.is_active:
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "commune": self.team.commune}

    def get_initial(self):
        t = self.team
        return {"name": t.name, "areas": list(t.areas.all()), "households": t.households,
                "decision_number": t.decision_number, "decision_date": t.decision_date}

    def get_context_data(self, **kwargs):
        return super().get_context_data(team=self.team, commune=self.team.commune, **kwargs)

    def form_valid(self, form):
        try:
            team_update(actor=self.request.user, team=self.team, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("grassroots:team_detail", self.team.pk)


class TeamDissolveView(ScopedView, FormView):
    template_name = "grassroots/simple_form.html"
    form_class = DissolveForm

    def resolve_scope(self, request, *args, **kwargs):
        self.team = selectors.get_team_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if not self.team.is_active:
            raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(team=self.team, heading=_("Dissolve the team"), danger=True, **kwargs)

    def form_valid(self, form):
        try:
            team_dissolve(actor=self.request.user, team=self.team, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The team was dissolved."))
        return redirect("grassroots:team_detail", self.team.pk)


class MemberAddView(ScopedView, FormView):
    template_name = "grassroots/member_form.html"
    form_class = MemberForm

    def resolve_scope(self, request, *args, **kwargs):
        self.team = selectors.get_team_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if not self.team.is_active:
            raise Http404

    def get_initial(self):
        return {"decision_number": self.team.decision_number, "joined_on": self.team.decision_date}

    def get_context_data(self, **kwargs):
        members = self.team.members.filter(status=TeamMember.Status.ACTIVE)
        return super().get_context_data(team=self.team, members=members, **kwargs)

    def form_valid(self, form):
        try:
            member = member_add(actor=self.request.user, team=self.team, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Added %(name)s.") % {"name": member.full_name})
        if "add_another" in self.request.POST:
            return redirect("grassroots:member_add", self.team.pk)
        return redirect("grassroots:team_detail", self.team.pk)


class MemberUpdateView(ScopedView, FormView):
    template_name = "grassroots/member_form.html"
    form_class = MemberForm

    def resolve_scope(self, request, *args, **kwargs):
        self.member = selectors.get_member_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if not self.member.is_active:
            raise Http404
        self.team = self.member.team

    def get_initial(self):
        return {field: getattr(self.member, field) for field in MEMBER_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(team=self.team, member=self.member, **kwargs)

    def form_valid(self, form):
        try:
            member_update(actor=self.request.user, member=self.member, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("grassroots:team_detail", self.team.pk)


class MemberLeaveView(ScopedView, FormView):
    template_name = "grassroots/simple_form.html"
    form_class = LeaveForm

    def resolve_scope(self, request, *args, **kwargs):
        self.member = selectors.get_member_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        if not self.member.is_active:
            raise Http404
        self.team = self.member.team

    def get_context_data(self, **kwargs):
        heading = _("%(name)s leaves the team") % {"name": self.member.full_name}
        return super().get_context_data(team=self.team, heading=heading, danger=True, **kwargs)

    def form_valid(self, form):
        try:
            member_leave(actor=self.request.user, member=self.member, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("grassroots:team_detail", self.team.pk)


class RatingView(ScopedView, FormView):
    """The year's rating of the team and its members (HD 01/HD-BCA-V05), decided at the commune level.

    The team is rated first (a leader may not be rated above it); each rating is its own service call, so
    the valid ones are saved and the refused ones come back with the reason.
    """

    template_name = "grassroots/rating_form.html"
    form_class = RatingForm

    def resolve_scope(self, request, *args, **kwargs):
        self.team = selectors.get_team_for(request.user, kwargs["pk"], Capability.ENTER_DATA)
        value = request.GET.get("year", "")
        self.year = int(value) if value.isdigit() and 2024 <= int(value) <= 9999 else default_year()
        start, end = rating_period(self.year)
        self.members = [m for m in self.team.members.all().order_by("role", "full_name")
                        if m.joined_on <= end and (m.left_on is None or m.left_on >= start)]
        # The leader after the others, so the team's new level is saved before the leader is checked against it.
        self.members.sort(key=lambda m: m.role == MemberRole.LEADER)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "members": self.members}

    def get_initial(self):
        team_rating = self.team.ratings.filter(year=self.year).first()
        initial = {"team_level": team_rating.level if team_rating else "",
                   "team_note": team_rating.note if team_rating else ""}
        for member_id, rating in selectors.member_ratings(team=self.team, year=self.year).items():
            initial[f"member_{member_id}"] = rating.level
        return initial

    def get_context_data(self, **kwargs):
        start, end = rating_period(self.year)
        return super().get_context_data(team=self.team, year=self.year, start=start, end=end, **kwargs)

    def form_valid(self, form):
        data, actor, failed = form.cleaned_data, self.request.user, False
        if data["team_level"]:
            try:
                team_rate(actor=actor, team=self.team, year=self.year, level=data["team_level"], note=data["team_note"])
            except ValidationError as exc:
                form.add_error("team_level", exc.messages)
                failed = True
        for member in self.members:
            level = data.get(f"member_{member.pk}")
            if not level:
                continue
            try:
                member_rate(actor=actor, member=member, year=self.year, level=level)
            except ValidationError as exc:
                form.add_error(f"member_{member.pk}", exc.messages)
                failed = True
        if failed:
            messages.warning(self.request, _("Some ratings were refused; the others were saved."))
            return self.form_invalid(form)
        messages.success(self.request, _("The ratings for %(year)s were saved.") % {"year": self.year})
        return redirect("grassroots:team_detail", self.team.pk)


class CommuneFlagsView(ScopedView, FormView):
    """What kind of area a commune is (border, island, mountain, ethnic-minority): it lets members with
    primary education join (Luật 30/2023 art. 13). Set by the province (`decide` on the commune)."""

    template_name = "grassroots/flags_form.html"
    form_class = AreaFlagsForm

    def resolve_scope(self, request, *args, **kwargs):
        self.commune = get_unit_for(request.user, kwargs["pk"], Capability.DECIDE)
        if self.commune.kind != UnitKind.COMMUNE:
            raise Http404

    def get_initial(self):
        return {flag: True for flag in commune_flags(self.commune)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(commune=self.commune, **kwargs)

    def form_valid(self, form):
        try:
            commune_flags_set(actor=self.request.user, commune=self.commune, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(f"{reverse('grassroots:teams')}?area={self.commune.pk}")
