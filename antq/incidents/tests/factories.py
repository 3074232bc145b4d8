import datetime

import factory
from django.core.files.base import ContentFile

from antq.core.text import fold
from antq.incidents.models import Incident, IncidentEvidence, IncidentPerson, PersonRole, YearlyTrendFigure

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class IncidentFactory(factory.django.DjangoModelFactory):
    """An incident of a type without severity or people; pass `unit` (a unit of conftest's tree)."""

    class Meta:
        model = Incident

    unit = None
    type = "social_evil"
    occurred_on = datetime.date(2025, 3, 5)
    title = factory.Sequence(lambda n: f"Vụ việc thử nghiệm {n}")
    title_folded = factory.LazyAttribute(lambda o: fold(o.title))


class CrimeFactory(IncidentFactory):
    type = "crime"
    severity = "less_serious"
    title = factory.Sequence(lambda n: f"Trộm cắp tài sản {n}")


class DisciplineIncidentFactory(IncidentFactory):
    type = "staff_sanctioned"
    title = factory.Sequence(lambda n: f"Viên chức bị kỷ luật {n}")


class IncidentPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentPerson

    incident = factory.SubFactory(DisciplineIncidentFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    role_in_unit = PersonRole.STAFF
    discipline = "warning"


class IncidentEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentEvidence

    incident = None
    original_name = "bien-ban.pdf"
    file = factory.LazyAttribute(lambda o: ContentFile(PDF_BYTES, name=o.original_name))
    size = len(PDF_BYTES)


class YearlyTrendFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyTrendFigure

    unit = None
    year = 2024
    count = 5
