"""Tip pages. The public ones (send, follow up) take no account, write no session and keep nothing of the
client; the officers' ones (queue, tip, its forms, attachments) are scoped to the police roles."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from antq.core.access import PublicView, ScopedView
from antq.core.forms import attach_service_errors
from antq.tips import abuse, selectors
from antq.tips.access import handles, handles_tips, may_reopen
from antq.tips.forms import (
    CodeForm,
    FollowUpForm,
    MessageForm,
    ProvinceForm,
    QueueFilterForm,
    ReassignForm,
    StateForm,
    TipForm,
)
from antq.tips.models import TipState
from antq.tips.services import tip_follow_up, tip_note_add, tip_reassign, tip_reply, tip_state_change, tip_submit

PAGE_SIZE = 25


def _private(response):
    """Public tip pages are never cached (the project's Referrer-Policy already keeps them out of other sites)."""
    response["Cache-Control"] = "no-store"
    return response


def _limited(request, message: str):
    return _private(render(request, "tips/limited.html", {"message": message}, status=429))


# --- the sender's pages ------------------------------------------------------------------------------------


class TipSubmitView(PublicView, View):
    """The public form. GET `?province=` narrows the communes; POST sends the tip and shows the code once."""

    def _page(self, request, form, province, status=200):
        provinces = selectors.current_provinces()
        province_form = ProvinceForm(initial={"province": province.pk if province else None}, provinces=provinces)
        challenge = abuse.new_challenge()
        return _private(render(request, "tips/submit.html", {
            "form": form, "province_form": province_form, "province": province, "challenge": challenge,
        }, status=status))

    def get(self, request):
        province = selectors.current_province(request.GET.get("province"))
        form = TipForm(initial={"province": province.pk if province else None, "mode": "anonymous"},
                       communes=selectors.current_communes(province=province))
        return self._page(request, form, province)

    def post(self, request):
        if abuse.is_limited("submit", request):
            return _limited(request, _("Too many tips were sent from this connection. Try again in an hour, or "
                                       "call the police (113)."))
        abuse.hit("submit", request)
        province = selectors.current_province(request.POST.get("province"))
        form = TipForm(request.POST, request.FILES, communes=selectors.current_communes(province=province))
        if not form.is_valid():
            return self._page(request, form, province, status=400)
        data = form.cleaned_data
        if not abuse.check_solution(data["challenge"], data["solution"]):
            form.add_error(None, _("The anti-robot check did not finish. Make sure JavaScript is on, wait until "
                                   "the check is done, and send again."))
            return self._page(request, form, province, status=400)
        try:
            sent = tip_submit(
                actor=None, commune=selectors.current_commune(data["commune"]), category=data["category"],
                what=data["what"], occurred_on=data["occurred_on"], occurred_time=data["occurred_time"],
                place=data["place"], mode=data["mode"], contact_name=data["contact_name"],
                contact_phone=data["contact_phone"], contact_email=data["contact_email"],
                attachments=data["attachments"])
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self._page(request, form, province, status=400)
        # Shown in this response only: the code is not in a URL, a session or a log, so it cannot be shown again.
        return _private(render(request, "tips/receipt.html", {"code": sent.code, "tip": sent.tip}))


class CommuneOptionsView(PublicView, View):
    """The commune field for a province (htmx swaps it into the form)."""

    def get(self, request):
        province = selectors.current_province(request.GET.get("province"))
        form = TipForm(initial={"province": province.pk if province else None},
                       communes=selectors.current_communes(province=province))
        return _private(render(request, "tips/_commune_field.html", {"form": form, "province": province}))


class FollowUpView(PublicView, View):
    """The sender types the code (POST only: never in a URL) to read the replies and add information."""

    def get(self, request):
        return _private(render(request, "tips/follow_up.html", {"code_form": CodeForm()}))

    def _wrong_code(self, request):
        # The same page whatever was typed (malformed, unknown, a closed tip's neighbour): nothing is echoed.
        abuse.hit("code", request)
        return _private(render(request, "tips/follow_up.html", {
            "code_form": CodeForm(), "code_error": _("No tip matches this code. Check it and try again."),
        }, status=404))

    def _conversation(self, request, tip, code, form=None, status=200, added=False):
        form = form or FollowUpForm(initial={"code": code})
        return _private(render(request, "tips/follow_up.html", {
            "tip": tip, "conversation": selectors.sender_conversation(tip=tip), "form": form, "added": added,
        }, status=status))

    def post(self, request):
        if abuse.is_limited("code", request):
            return _limited(request, _("Too many wrong codes were typed from this connection. Try again in an "
                                       "hour."))
        code = request.POST.get("code", "")[:100]
        tip = selectors.tip_by_code(code)
        if tip is None:
            return self._wrong_code(request)
        if "body" not in request.POST:
            return self._conversation(request, tip, code)
        if abuse.is_limited("message", request):
            return _limited(request, _("Too many messages were sent from this connection. Try again in an hour."))
        form = FollowUpForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._conversation(request, tip, code, form=form, status=400)
        try:
            tip_follow_up(tip=tip, body=form.cleaned_data["body"], attachments=form.cleaned_data["attachments"])
        except ValidationError as exc:
            attach_service_errors(form, exc)
            return self._conversation(request, tip, code, form=form, status=400)
        abuse.hit("message", request)
        return self._conversation(request, tip, code, added=True)


# --- the officers' pages -----------------------------------------------------------------------------------


class QueueView(ScopedView, TemplateView):
    template_name = "tips/queue.html"

    def resolve_scope(self, request, *args, **kwargs):
        if not handles_tips(request.user):
            raise Http404

    def get_context_data(self, **kwargs):
        user = self.request.user
        communes = selectors.queue_communes(actor=user)
        form = QueueFilterForm(self.request.GET or None, communes=communes)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        commune = next((c for c in communes if c.pk == data.get("commune")), None)
        tips = selectors.tip_queue(actor=user, state=data.get("state"), category=data.get("category"),
                                   commune=commune)
        page = Paginator(tips, PAGE_SIZE).get_page(self.request.GET.get("page"))
        counts = selectors.queue_counts(actor=user)
        states = [(label, counts.get(value, 0)) for value, label in TipState.choices]
        return super().get_context_data(form=form, page=page, states=states, **kwargs)


class TipDetailView(ScopedView, TemplateView):
    template_name = "tips/detail.html"

    def resolve_scope(self, request, *args, **kwargs):
        self.tip = selectors.get_tip_for(request.user, kwargs["pk"])

    def get_context_data(self, **kwargs):
        tip, user = self.tip, self.request.user
        province = tip.commune.parent
        communes = selectors.current_communes(province=province).select_related("parent") if province else []
        return super().get_context_data(
            tip=tip, conversation=list(selectors.tip_messages(tip=tip)),
            attachments=list(tip.attachments.filter(message__isnull=True)),
            can_write=handles(user, tip.commune) and not tip.is_closed,
            can_reopen=tip.is_closed and may_reopen(user, tip.commune),
            reply_form=MessageForm(prefix="reply"), note_form=MessageForm(prefix="note"),
            state_form=StateForm(), reassign_form=ReassignForm(communes=communes), **kwargs)


class _TipPostView(ScopedView, View):
    form_class = MessageForm
    form_kwargs: dict = {}
    done = ""

    def resolve_scope(self, request, *args, **kwargs):
        self.tip = selectors.get_tip_for(request.user, kwargs["pk"])

    def form(self, request):
        return self.form_class(request.POST, **self.form_kwargs)

    def post(self, request, *args, **kwargs):
        form = self.form(request)
        try:
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            self.act(request.user, form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("tips:detail", self.tip.pk)
        messages.success(request, self.done)
        if not selectors.tip_queue(actor=request.user).filter(pk=self.tip.pk).exists():
            return redirect("tips:queue")  # sent to a commune outside the actor's area
        return redirect("tips:detail", self.tip.pk)


class TipReplyView(_TipPostView):
    form_kwargs = {"prefix": "reply"}

    @property
    def done(self):
        return _("The reply was saved; the sender reads it with their code.")

    def act(self, actor, data):
        tip_reply(actor=actor, tip=self.tip, body=data["body"])


class TipNoteView(_TipPostView):
    form_kwargs = {"prefix": "note"}

    @property
    def done(self):
        return _("The internal note was saved.")

    def act(self, actor, data):
        tip_note_add(actor=actor, tip=self.tip, body=data["body"])


class TipStateView(_TipPostView):
    form_class = StateForm

    @property
    def done(self):
        return _("The state was changed.")

    def act(self, actor, data):
        tip_state_change(actor=actor, tip=self.tip, state=data["state"], note=data["note"])


class TipReassignView(_TipPostView):
    form_class = ReassignForm

    @property
    def done(self):
        return _("The tip was sent to the other commune.")

    def act(self, actor, data):
        commune = selectors.current_commune(data["commune"])
        tip_reassign(actor=actor, tip=self.tip, commune=commune, reason=data["reason"])


class AttachmentView(ScopedView, View):
    """An attachment, to the officers who handle the tip; always a download, never shown inline."""

    def resolve_scope(self, request, *args, **kwargs):
        self.attachment = selectors.get_attachment_for(request.user, kwargs["pk"])

    def get(self, request, *args, **kwargs):
        try:
            stream = self.attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(stream, as_attachment=True, filename=self.attachment.download_name,
                                content_type=self.attachment.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
