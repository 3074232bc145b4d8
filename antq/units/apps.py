from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "antq.units"
    label = "units"
    verbose_name = _("Units")
