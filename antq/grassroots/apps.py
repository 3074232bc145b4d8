from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrassrootsConfig(AppConfig):
    name = "antq.grassroots"
    label = "grassroots"
    verbose_name = _("Grassroots registries")

    def ready(self):
        from antq.grassroots import rules  # noqa: F401 — registers the legal data sets with antq.core.law_data
