from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The movement's modules; later issues fill the ones without a URL yet.
NAVIGATION = [
    ("dashboard", _("Dashboard"), "reports:dashboard"),
    ("units", _("Units"), "units:index"),
    ("incidents", _("Incidents"), "incidents:list"),
    ("recognition", _("Recognition"), "recognition:cases"),
    ("classification", _("Classification"), "classification:list"),
    ("registries", _("Registries"), "grassroots:teams"),
    ("festival", _("Festival Day"), "festival:list"),
    ("outreach", _("Outreach"), "outreach:list"),
    ("awards", _("Awards"), None),
    ("reports", _("Reports"), "reports:annual"),
]

# Apps whose namespace is not their entry's key.
NAMESPACE_ENTRIES = {"grassroots": "registries"}


def navigation(request):
    items = []
    match = getattr(request, "resolver_match", None)
    current = match.namespace if match else ""
    current = NAMESPACE_ENTRIES.get(current, current)
    # A page that is itself a navigation entry (the dashboard lives in "reports") marks only that entry.
    exact = match.view_name if match and match.view_name in {url for _k, _l, url in NAVIGATION} else None
    for key, label, url_name in NAVIGATION:
        items.append({"key": key, "label": label, "url": reverse(url_name) if url_name else None,
                      "active": url_name == exact if exact else key == current})
    from antq.accounts.scope import is_national_admin

    return {"nav_items": items, "is_admin": is_national_admin(request.user)}
