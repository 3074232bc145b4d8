import functools

from django.urls import get_script_prefix, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

# The movement's modules: (key, label, URL name). The registries entry leads to the security teams, whose
# page links to the models and clubs and to the exemplars.
NAVIGATION = [
    ("dashboard", _("Dashboard"), "reports:dashboard"),
    ("units", _("Units"), "units:index"),
    ("incidents", _("Incidents"), "incidents:list"),
    ("recognition", _("Recognition"), "recognition:cases"),
    ("classification", _("Classification"), "classification:list"),
    ("registries", _("Registries"), "grassroots:teams"),
    ("festival", _("Festival Day"), "festival:list"),
    ("outreach", _("Outreach"), "outreach:list"),
    ("awards", _("Awards"), "commendations:list"),
    ("directives", _("Directives"), "directives:list"),
    ("tips", _("Tips"), "tips:queue"),
    ("reports", _("Reports"), "reports:annual"),
    ("portal", _("Portal news"), "portal:staff_news_list"),
]

# Entries shown only to some users: key → a function of the user. Tips only to the police roles that handle
# them (local officials never see that tips exist); portal news to those who may write it.
SHOWN_TO = {
    "tips": "antq.tips.access.handles_tips",
    "portal": "antq.core.context_processors.writes_news",
}

# Apps whose namespace is not their entry's key.
NAMESPACE_ENTRIES = {"grassroots": "registries", "clubs": "registries", "exemplars": "registries",
                     "commendations": "awards"}


def writes_news(user) -> bool:
    """Province officers and the national administrator write the portal's news (antq.portal.services); read
    from the request's grants, so the navigation costs no query."""
    from antq.accounts.models import Role
    from antq.accounts.scope import grants_of

    return any(g.role in (Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER) for g in grants_of(user))


@functools.cache
def _entry_url(url_name: str, script_prefix: str) -> str:
    """The entry's address; the same for every request under one script prefix, so worked out once."""
    return reverse(url_name)


@functools.cache
def _shown_to(key: str):
    return import_string(SHOWN_TO[key])


def navigation(request):
    items = []
    match = getattr(request, "resolver_match", None)
    current = match.namespace if match else ""
    current = NAMESPACE_ENTRIES.get(current, current)
    # A page that is itself a navigation entry (the dashboard lives in "reports") marks only that entry.
    exact = match.view_name if match and match.view_name in {url for _k, _l, url in NAVIGATION} else None
    user, prefix = request.user, get_script_prefix()
    for key, label, url_name in NAVIGATION:
        if key in SHOWN_TO and not _shown_to(key)(user):
            continue
        items.append({"key": key, "label": label, "url": _entry_url(url_name, prefix) if url_name else None,
                      "active": url_name == exact if exact else key == current})
    from antq.accounts.scope import is_national_admin

    return {"nav_items": items, "is_admin": is_national_admin(request.user)}
