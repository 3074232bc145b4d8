import datetime

import factory

from antq.festival.models import FestivalEvent


class FestivalEventFactory(factory.django.DjangoModelFactory):
    """An event held inside the 2025 window; pass `unit`."""

    class Meta:
        model = FestivalEvent

    held_on = datetime.date(2025, 8, 1)
    year = factory.LazyAttribute(lambda o: o.held_on.year)
    status = FestivalEvent.Status.HELD
    place = "Nhà văn hóa"
    participants = 100
