import datetime

import factory

from antq.commendations.models import Award, AwardSource, AwardStatus, Person, RecipientType
from antq.recognition.tests.factories import RecognitionCaseFactory


class PersonFactory(factory.django.DjangoModelFactory):
    """A person; pass `unit`."""

    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    sex = "male"
    birth_date = datetime.date(1970, 5, 1)
    id_number = factory.Sequence(lambda n: f"0440700{n:05d}")
    position = "Công an viên"
    category = "commune_police"
    in_force_since = datetime.date(2000, 1, 1)


class DecidedAwardFactory(factory.django.DjangoModelFactory):
    """A decided award of a collective (pass `unit`), as recorded from an earlier decision."""

    class Meta:
        model = Award

    recipient_type = RecipientType.COLLECTIVE
    form = "commendation_letter"
    issuer = "giam_doc_cong_an_tinh"
    kind = "periodic"
    year = 2025
    status = AwardStatus.DECIDED
    source = AwardSource.RECORDED
    decision_number = factory.Sequence(lambda n: f"{n + 1}/QĐ-CAT")
    decision_date = datetime.date(2026, 1, 20)
    decision_signer = "Đại tá Lê Văn A"


def recognised(unit, year: int, result: str = "met"):
    """A decided ANTT-safe recognition of `unit` for `year` (the eligibility of periodic awards reads it)."""
    return RecognitionCaseFactory(unit=unit, year=year, status="decided", result=result,
                                  decision_number=f"{year}/QĐ-UBND", decision_date=datetime.date(year, 12, 20))
