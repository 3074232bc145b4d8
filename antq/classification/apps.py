from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "antq.classification"
    label = "classification"
    verbose_name = _("Movement classification")

    def ready(self) -> None:
        # The score-sheet files become admin-editable data sets of antq.core.law_data.
        from antq.classification import rules

        rules.register_data_sets()
