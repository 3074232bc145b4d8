import datetime

import factory

from antq.grassroots.models import Education, MemberRole, Origin, SecurityTeam, Sex, TeamMember


class SecurityTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecurityTeam
        skip_postgeneration_save = True

    commune = None  # give the commune (and `areas=[…]` for its KDC)
    name = factory.Sequence(lambda n: f"Tổ bảo vệ ANTT số {n + 1}")
    decision_number = factory.Sequence(lambda n: f"{n + 10}/QĐ-UBND")
    decision_date = datetime.date(2024, 7, 15)
    households = 320

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = None
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {chr(65 + n % 26)}")
    birth_date = datetime.date(1980, 5, 1)
    sex = Sex.MALE
    id_number = "044080001234"
    education = Education.UPPER_SECONDARY
    resident_since = datetime.date(2000, 1, 1)
    role = MemberRole.MEMBER
    decision_number = "20/QĐ-UBND"
    joined_on = datetime.date(2024, 7, 20)
    origin = Origin.NEIGHBOURHOOD_GUARD
