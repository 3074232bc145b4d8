import datetime

import factory

from antq.clubs.models import Club, ModelEvaluation, ModelType, MovementModel, Sector
from antq.clubs.services import model_types_load_national
from antq.core.text import fold


def national(code: str) -> ModelType:
    """A type of the national catalogue (the data migration loads it; a flushed database gets it again)."""
    if not ModelType.objects.filter(code=code).exists():
        model_types_load_national()
    return ModelType.objects.get(code=code, province__isnull=True)


class ModelTypeFactory(factory.django.DjangoModelFactory):
    """A province's own type; pass `province`."""

    class Meta:
        model = ModelType

    name = factory.Sequence(lambda n: f"Mô hình tự quản số {n}")
    name_folded = factory.LazyAttribute(lambda o: fold(o.name))
    sector = Sector.SOCIETY


class MovementModelFactory(factory.django.DjangoModelFactory):
    """A model at `site` (pass it) of the national "Camera giám sát ANTT" type unless told otherwise."""

    class Meta:
        model = MovementModel

    type = factory.LazyFunction(lambda: national("camera_antt"))
    name = factory.LazyAttribute(lambda o: f"{o.type.name} — {o.site.name}")
    name_folded = factory.LazyAttribute(lambda o: fold(o.name))
    established_on = datetime.date(2023, 3, 1)
    decision_number = "12/QĐ-UBND"
    decision_date = datetime.date(2023, 3, 1)


class ClubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Club

    name = factory.Sequence(lambda n: f"Tổ tự quản số {n}")
    members_count = 10
    leader = "Nguyễn Văn An"


class ModelEvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelEvaluation

    year = 2025
    effective = True
