"""The bench server's URLs (`config.settings.bench`): every real URL, plus two that exist only here.

- `/bench/bare/`: a bare Django view returning a small response through the whole middleware stack, the
  baseline the officer pages are compared with;
- `/bench/write/<token>/`: one committed write per request (an audit row carrying `token`), answered 200
  only after the commit, so `bench/pg_restart.py` can check that every write that was answered is stored.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from antq.core.access import public
from antq.core.audit import audit_record
from config.urls import urlpatterns as real_urlpatterns

WRITE_ACTION = "bench.write"


@public
def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


@method_decorator(csrf_exempt, name="dispatch")  # a scripted client; the bench server listens on loopback only
class BenchWriteView(LoginRequiredMixin, View):
    antq_access = "scoped"
    http_method_names = ["post"]

    def post(self, request, token: str):
        with transaction.atomic():
            event = audit_record(actor=request.user, action=WRITE_ACTION, target=request.user,
                                 detail={"token": token})
        return JsonResponse({"id": event.pk, "token": token})


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/write/<slug:token>/", BenchWriteView.as_view()),
    *real_urlpatterns,
]
