import factory

from antq.core.text import fold
from antq.units.models import REFORM_DATE, LocalKind, ManagingLevel, Unit, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit placed in the tree: `path` is derived from the parent after the insert."""

    class Meta:
        model = Unit

    kind = UnitKind.COMMUNE
    local_kind = LocalKind.XA
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    name_folded = factory.LazyAttribute(lambda o: fold(o.name))
    parent = None
    path = "/pending/"
    valid_from = REFORM_DATE

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        unit = super()._create(model_class, *args, **kwargs)
        unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
        unit.save(update_fields=["path"])
        return unit


class CountryFactory(UnitFactory):
    kind = UnitKind.COUNTRY
    local_kind = ""
    code = "VN"
    name = "Việt Nam"
    valid_from = None


class ProvinceFactory(UnitFactory):
    kind = UnitKind.PROVINCE
    local_kind = LocalKind.TINH
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")


class CommuneFactory(UnitFactory):
    kind = UnitKind.COMMUNE
    local_kind = LocalKind.XA


class ResidentialAreaFactory(UnitFactory):
    kind = UnitKind.RESIDENTIAL_AREA
    local_kind = LocalKind.THON
    name = factory.Sequence(lambda n: f"Thôn {n}")
    valid_from = None


class AgencyFactory(UnitFactory):
    kind = UnitKind.AGENCY
    local_kind = ""
    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    managing_level = ManagingLevel.COMMUNE
    valid_from = None


class EnterpriseFactory(AgencyFactory):
    kind = UnitKind.ENTERPRISE
    name = factory.Sequence(lambda n: f"Công ty TNHH {n}")
    enterprise_size = "medium"


class SchoolFactory(AgencyFactory):
    kind = UnitKind.SCHOOL
    name = factory.Sequence(lambda n: f"Trường THCS {n}")
    school_level = "lower_secondary"
