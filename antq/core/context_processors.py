from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The movement's modules; later issues fill the ones without a URL yet.
NAVIGATION = [
    ("units", _("Units"), "units:index"),
    ("incidents", _("Incidents"), "incidents:list"),
    ("recognition", _("Recognition"), "recognition:cases"),
    ("classification", _("Classification"), "classification:list"),
    ("registries", _("Registries"), None),
    ("festival", _("Festival Day"), None),
    ("outreach", _("Outreach"), None),
    ("awards", _("Awards"), None),
    ("reports", _("Reports"), "reports:annual"),
]


def navigation(request):
    items = []
    current = request.resolver_match.namespace if getattr(request, "resolver_match", None) else ""
    for key, label, url_name in NAVIGATION:
        items.append({"key": key, "label": label, "url": reverse(url_name) if url_name else None,
                      "active": key == current})
    from antq.accounts.scope import is_national_admin

    return {"nav_items": items, "is_admin": is_national_admin(request.user)}
