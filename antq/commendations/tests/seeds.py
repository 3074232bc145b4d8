"""The year-end conference figures of SEEDS 000 (Quảng Bình, results of 2011), entered as past awards."""

import datetime

from antq.commendations.services import award_record
from antq.units.tests.factories import AgencyFactory, ResidentialAreaFactory

# (issuer, form, collectives, individuals)
SEEDS_000 = [
    ("bo_cong_an", "flag", 3, 0),
    ("bo_cong_an", "certificate_of_merit", 7, 0),
    ("ubnd_tinh", "flag", 2, 0),
    ("ubnd_tinh", "certificate_of_merit", 6, 4),
    ("giam_doc_cong_an_tinh", "commendation_letter", 45, 46),
]


def enter_seeds_000(actor, commune, *, year: int = 2011, decided: datetime.date = datetime.date(2012, 2, 9)) -> None:
    """One recipient per award: residential areas and agencies of `commune`, and people of the commune."""
    n = 0
    for issuer, form, collectives, individuals in SEEDS_000:
        common = {"actor": actor, "form": form, "issuer": issuer, "kind": "periodic", "year": year,
                  "decision_number": f"{issuer}-{form}/QĐ", "decision_date": decided, "decision_signer": "Người ký"}
        for _ in range(collectives):
            n += 1
            factory = ResidentialAreaFactory if n % 2 else AgencyFactory
            award_record(unit=factory(parent=commune, name=f"Đơn vị {n}"), **common)
        for _ in range(individuals):
            n += 1
            award_record(unit=commune, person_data={"full_name": f"Cá nhân {n}", "sex": "male" if n % 3 else "female",
                                                    "category": "other"}, **common)
