"""Pages of the public portal (no login) and the staff's news pages (scoped to the areas they decide for).

The public pages render `portal/_layout.html`, a layout without CSRF token or user menu, so an anonymous
GET sets no cookie and the response may be cached (`caching.make_public`).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from antq.core.access import PublicView, ScopedView, public
from antq.core.forms import attach_service_errors
from antq.festival.campaigns import FIRST_YEAR, campaign_for
from antq.incidents.evidence import content_type_of
from antq.portal import selectors
from antq.portal.caching import FILE_MAX_AGE, PublicCacheMixin, make_public
from antq.portal.forms import NewsForm, NewsImageForm
from antq.portal.models import NewsItem
from antq.portal.services import (
    news_create,
    news_delete,
    news_image_add,
    news_image_remove,
    news_publish,
    news_unpublish,
    news_update,
)

HOME_NEWS = 5
NEWS_PAGE_SIZE = 10
LIST_PAGE_SIZE = 50


# The citizens' tip form, built separately: the name agreed ("new") or the one the tips app uses ("submit").
TIP_FORM_NAMES = ("tips:new", "tips:submit")


def tips_url() -> str | None:
    """The citizens' tip form, when the tips app routes one; None otherwise (the link is left out)."""
    for name in TIP_FORM_NAMES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _year_from(request, *, default: int | None) -> int | None:
    asked = request.GET.get("year", "")
    if asked.isdigit() and FIRST_YEAR <= int(asked) <= timezone.localdate().year + 1:
        return int(asked)
    return default


class _PublicPage(PublicView, PublicCacheMixin, TemplateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(tips_url=tips_url(), **kwargs)


class HomeView(_PublicPage):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        year = timezone.localdate().year
        news = list(selectors.public_news()[:HOME_NEWS + 1])
        return super().get_context_data(year=year, campaign=campaign_for(year), news=news[:HOME_NEWS],
                                        more_news=len(news) > HOME_NEWS, **kwargs)


class NewsListView(_PublicPage):
    template_name = "portal/news_list.html"

    def get_context_data(self, **kwargs):
        provinces = selectors.portal_provinces()
        province = selectors.province_by_code(provinces, self.request.GET.get("province", ""))
        page = Paginator(selectors.public_news(province=province), NEWS_PAGE_SIZE).get_page(
            self.request.GET.get("page"))
        return super().get_context_data(provinces=provinces, province=province, page=page, **kwargs)


class NewsDetailView(_PublicPage):
    template_name = "portal/news_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=selectors.get_public_news(self.kwargs["pk"]), **kwargs)


def _image_response(image, *, cache: str):
    try:
        stream = image.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(stream, content_type=content_type_of(image.original_name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    return response


class NewsImageView(PublicView, View):
    """An image of a published item; a draft's images are only for its writers (`StaffImageView`)."""

    def get(self, request, *args, **kwargs):
        image = selectors.get_public_image(kwargs["pk"])
        etag = f'"portal-image-{image.pk}"'  # the file under an id never changes
        # Answer a matching conditional GET before opening the file, which a 304 would leave open.
        response = get_conditional_response(request, etag=etag) or _image_response(image, cache="")
        del response["Cache-Control"]
        response["ETag"] = etag
        return make_public(request, response, max_age=FILE_MAX_AGE)


class RecognisedView(_PublicPage):
    """Units recognised ANTT-safe, by year, province and commune, searchable without accents."""

    template_name = "portal/recognised.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        provinces = selectors.portal_provinces()
        province = selectors.province_by_code(provinces, params.get("province", ""))
        year = _year_from(self.request, default=timezone.localdate().year)
        years = sorted({*selectors.portal_years(), year}, reverse=True)
        communes = selectors.province_communes(province) if province else []
        commune = next((c for c in communes if c.code and c.code == params.get("commune")), None)
        query = params.get("q", "").strip()[:100]
        entries = (selectors.public_recognised(province=province, year=year, commune=commune, query=query)
                   if province else [])
        page = Paginator(entries, LIST_PAGE_SIZE).get_page(params.get("page"))
        return super().get_context_data(provinces=provinces, province=province, years=years, year=year,
                                        communes=communes, commune=commune, query=query, page=page,
                                        count=len(entries), **kwargs)


class ExemplarsView(_PublicPage):
    """Exemplars (collectives and individuals) that agreed to be shown."""

    template_name = "portal/exemplars.html"

    def get_context_data(self, **kwargs):
        params = self.request.GET
        provinces = selectors.portal_provinces()
        province = selectors.province_by_code(provinces, params.get("province", ""))
        year = _year_from(self.request, default=None)
        years = sorted({*selectors.portal_years(), *([year] if year else [])}, reverse=True)
        communes = selectors.province_communes(province) if province else []
        commune = next((c for c in communes if c.code and c.code == params.get("commune")), None)
        query = params.get("q", "").strip()[:100]
        exemplars = selectors.public_exemplars(province=province, commune=commune, year=year, query=query)
        page = Paginator(exemplars, LIST_PAGE_SIZE).get_page(params.get("page"))
        return super().get_context_data(provinces=provinces, province=province, years=years, year=year,
                                        communes=communes, commune=commune, query=query, page=page,
                                        count=len(exemplars), **kwargs)


@public
@never_cache
def language(request):
    """Switch the language by a link (`?lang=en&next=/portal/`): a cookie, no CSRF token, so the portal's
    pages stay cookie-free and cacheable. Choosing a language changes nothing but the language."""
    lang = request.GET.get("lang", "")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if lang in {code for code, _name in settings.LANGUAGES}:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, max_age=settings.LANGUAGE_COOKIE_AGE,
                            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    return response


# --- staff: news ---------------------------------------------------------------------------------------


class StaffNewsListView(ScopedView, TemplateView):
    template_name = "portal/staff/news_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        status = self.request.GET.get("status", "")
        status = status if status in NewsItem.Status.values else ""
        page = Paginator(selectors.news_list(actor=user, status=status or None), 25).get_page(
            self.request.GET.get("page"))
        return super().get_context_data(page=page, status=status, statuses=NewsItem.Status.choices,
                                        can_create=bool(selectors.news_areas(actor=user)), **kwargs)


class NewsCreateView(ScopedView, FormView):
    template_name = "portal/staff/news_form.html"
    form_class = NewsForm

    def resolve_scope(self, request, *args, **kwargs):
        self.areas = selectors.news_areas(actor=request.user)
        if not self.areas:
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "areas": self.areas}

    def get_initial(self):
        return {"unit": self.areas[0]}

    def form_valid(self, form):
        try:
            item = news_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The draft was saved."))
        return redirect("portal:staff_news", item.pk)


class NewsEditView(ScopedView, FormView):
    """One item: its text (editable), images, and the publish / unpublish / delete buttons."""

    template_name = "portal/staff/news_edit.html"
    form_class = NewsForm

    def resolve_scope(self, request, *args, **kwargs):
        self.item = selectors.get_news_for(request.user, kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "areas": []}

    def get_initial(self):
        return {"title": self.item.title, "body": self.item.body}

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, images=list(self.item.images.all()),
                                        image_form=NewsImageForm(), **kwargs)

    def form_valid(self, form):
        try:
            news_update(actor=self.request.user, item=self.item, **form.cleaned_data)
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect("portal:staff_news", self.item.pk)


class _NewsPostView(ScopedView, View):
    def resolve_scope(self, request, *args, **kwargs):
        self.item = selectors.get_news_for(request.user, kwargs["pk"])

    def done(self, message: str):
        messages.success(self.request, message)
        return redirect("portal:staff_news", self.item.pk)

    def failed(self, exc: ValidationError):
        for message in exc.messages:
            messages.error(self.request, message)
        return redirect("portal:staff_news", self.item.pk)


class NewsPublishView(_NewsPostView):
    def post(self, request, *args, **kwargs):
        try:
            news_publish(actor=request.user, item=self.item)
        except ValidationError as exc:
            return self.failed(exc)
        return self.done(_("The news item is published on the portal."))


class NewsUnpublishView(_NewsPostView):
    def post(self, request, *args, **kwargs):
        try:
            news_unpublish(actor=request.user, item=self.item)
        except ValidationError as exc:
            return self.failed(exc)
        return self.done(_("The news item was withdrawn from the portal."))


class NewsDeleteView(_NewsPostView):
    def post(self, request, *args, **kwargs):
        try:
            news_delete(actor=request.user, item=self.item)
        except ValidationError as exc:
            return self.failed(exc)
        messages.success(request, _("The draft was deleted."))
        return redirect("portal:staff_news_list")


class NewsImageAddView(_NewsPostView):
    def post(self, request, *args, **kwargs):
        form = NewsImageForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.failed(ValidationError([e for errors in form.errors.values() for e in errors]))
        try:
            news_image_add(actor=request.user, item=self.item, upload=form.cleaned_data["file"],
                           caption=form.cleaned_data["caption"])
        except ValidationError as exc:
            return self.failed(exc)
        return self.done(_("The image was added."))


class StaffImageView(ScopedView, View):
    """An image of an item the actor writes for, draft or published."""

    def resolve_scope(self, request, *args, **kwargs):
        self.image = selectors.get_news_image_for(request.user, kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return _image_response(self.image, cache="private, no-store")


class StaffImageRemoveView(StaffImageView):
    def get(self, request, *args, **kwargs):
        raise Http404

    def post(self, request, *args, **kwargs):
        item = self.image.item
        try:
            news_image_remove(actor=request.user, image=self.image)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The image was removed."))
        return redirect("portal:staff_news", item.pk)
