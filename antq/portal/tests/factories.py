import datetime

import factory

from antq.portal.models import NewsItem

# The smallest genuine images: the services check the first bytes against the extension.
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


class NewsItemFactory(factory.django.DjangoModelFactory):
    """A draft; pass `unit` (a province or the country). `PublishedNewsFactory` for a published one."""

    class Meta:
        model = NewsItem

    title = factory.Sequence(lambda n: f"Tin số {n}")
    body = "Đoạn thứ nhất.\n\nĐoạn thứ hai."


class PublishedNewsFactory(NewsItemFactory):
    status = NewsItem.Status.PUBLISHED
    published_at = factory.Sequence(lambda n: datetime.datetime(2026, 3, 1, 8, tzinfo=datetime.UTC)
                                    + datetime.timedelta(days=n))
