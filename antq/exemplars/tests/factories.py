import datetime

import factory

from antq.core.text import fold
from antq.exemplars.models import Exemplar, ExemplarCategory, ExemplarKind


class ExemplarFactory(factory.django.DjangoModelFactory):
    """An advanced individual of 2025 with personal data; pass `unit`."""

    class Meta:
        model = Exemplar

    year = 2025
    kind = ExemplarKind.INDIVIDUAL
    category = ExemplarCategory.ADVANCED
    name = factory.Sequence(lambda n: f"Nguyễn Văn Bình {n}")
    name_folded = factory.LazyAttribute(lambda o: fold(o.name))
    achievement = "Tích cực tham gia tuần tra."
    proposed_by = "Công an phường"
    birth_date = datetime.date(1970, 3, 5)
    id_number = "044070001234"
    address = "Tổ dân phố Trúc Bạch"
    phone = "0912345678"
