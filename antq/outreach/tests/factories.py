import datetime

import factory

from antq.outreach.models import OutreachActivity, OutreachForm


class OutreachActivityFactory(factory.django.DjangoModelFactory):
    """An activity in 2025; pass `unit`."""

    class Meta:
        model = OutreachActivity

    held_on = datetime.date(2025, 3, 10)
    form = OutreachForm.ORAL
    topic = "drugs"
    title = factory.Sequence(lambda n: f"Buổi tuyên truyền {n}")
    audience = 100
