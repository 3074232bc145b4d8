from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _data_migrated(sender, using, **kwargs) -> None:
    # A deploy migrates: what the cache holds was computed by the old code, so it must not be served.
    from antq.core.generations import DATA, generation_bump

    generation_bump(DATA)


class CoreConfig(AppConfig):
    name = "antq.core"
    label = "core"
    verbose_name = "ANTQ core"

    def ready(self) -> None:
        post_migrate.connect(_data_migrated, sender=self, dispatch_uid="antq.core.data_migrated")
