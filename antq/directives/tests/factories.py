import datetime

import factory

from antq.core.text import fold
from antq.directives.models import KIND_WORDS, Document, DocumentKind, Recurrence, ReporterKind, ReportObligation


class DocumentFactory(factory.django.DjangoModelFactory):
    """A national-style directive; pass `unit` (the country root for a national document)."""

    class Meta:
        model = Document

    kind = DocumentKind.DIRECTIVE
    number = factory.Sequence(lambda n: f"{n + 1:02d}-CT/TW")
    issued_on = datetime.date(2011, 12, 1)
    year = factory.LazyAttribute(lambda o: o.issued_on.year)
    issuer = "Ban Bí thư"
    title = "Về tăng cường sự lãnh đạo của Đảng đối với phong trào toàn dân bảo vệ an ninh Tổ quốc"
    search_folded = factory.LazyAttribute(lambda o: fold(f"{KIND_WORDS[o.kind][0]} {o.number} {o.title} {o.issuer}"))


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportObligation

    subject = "Báo cáo tổng kết năm"
    reporter_kind = ReporterKind.COMMUNE
    first_due_on = datetime.date(2025, 11, 15)
    recurrence = Recurrence.YEARLY
