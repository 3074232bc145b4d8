from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationsConfig(AppConfig):
    name = "antq.commendations"
    label = "commendations"
    verbose_name = _("Commendations")

    def ready(self) -> None:
        # Registers the law data set, so its history pages and `current_data` know it from the start.
        from antq.commendations import rules  # noqa: F401
