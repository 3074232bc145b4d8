from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FestivalConfig(AppConfig):
    name = "antq.festival"
    label = "festival"
    verbose_name = _("Festival Day")
