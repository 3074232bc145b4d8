import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from antq.core import law_data
from antq.core.models import AuditEvent
from antq.festival.campaigns import CAMPAIGNS, campaign_for, parse
from antq.festival.models import FestivalEvent, FestivalPhoto
from antq.festival.services import (
    festival_event_create,
    festival_event_delete,
    festival_event_record,
    festival_event_update,
    festival_photo_add,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100


def _state():
    return list(FestivalEvent.objects.values_list("id", "held_on", "status")), AuditEvent.objects.count()


def test_the_shipped_campaigns_parse_and_give_the_window_rule(db):
    assert campaign_for(2023).start == datetime.date(2023, 7, 1)
    assert campaign_for(2023).end == datetime.date(2023, 8, 19)
    assert campaign_for(2021).start == campaign_for(2021).end == datetime.date(2021, 8, 19)
    assert campaign_for(2022).plan_number == "333/KH-BCĐ"
    assert campaign_for(2030).contains(datetime.date(2030, 7, 1))


@pytest.mark.parametrize("broken", [
    {"window_since": "x"},
    {"window_start": "13-01"},
    {"campaigns": [{"year": 2024}, {"year": 2024}]},
    {"campaigns": [{"year": 2024, "start": "2024-09-01", "end": "2024-08-01"}]},
    {"campaigns": [{"year": 2024, "colour": "red"}]},
])
def test_broken_campaign_data_is_refused(broken):
    data = law_data.file_data(CAMPAIGNS.key)
    with pytest.raises(ValueError):
        parse({**data, **broken})


def test_a_national_admin_may_add_a_campaign_with_its_own_window(national_admin, tree):
    data = law_data.file_data(CAMPAIGNS.key)
    data["campaigns"].append({"year": 2026, "start": datetime.date(2026, 7, 15), "end": datetime.date(2026, 8, 31),
                              "theme": "Chủ đề 2026", "plan_number": "12/KH-BCĐ", "plan_date": None,
                              "plan_issuer": "", "pilot_sites": []})
    law_data.data_version_save(actor=national_admin, key=CAMPAIGNS.key, data=data, reason="KH 12/KH-BCĐ")
    assert campaign_for(2026).end == datetime.date(2026, 8, 31)
    event = festival_event_create(actor=national_admin, unit=tree.kdc_a, held_on=datetime.date(2026, 8, 25),
                                  place="Sân thôn")
    assert not event.has_exception


def test_acceptance_25_august_2023_is_refused_without_an_exception(commune_officer, province_officer, tree):
    before = _state()
    with pytest.raises(ValidationError) as exc:
        festival_event_create(actor=commune_officer, unit=tree.kdc_a, held_on=datetime.date(2023, 8, 25),
                              place="Nhà văn hóa")
    assert "from 01/07/2023 to 19/08/2023" in exc.value.message_dict["held_on"][0]
    # A commune officer may not grant the exception; a province officer (decide) may.
    with pytest.raises(ValidationError) as exc:
        festival_event_create(actor=commune_officer, unit=tree.kdc_a, held_on=datetime.date(2023, 8, 25),
                              place="Nhà văn hóa", exception_reason="Mưa bão")
    assert "exception_reason" in exc.value.message_dict
    assert _state() == before
    event = festival_event_create(actor=province_officer, unit=tree.kdc_a, held_on=datetime.date(2023, 8, 25),
                                  place="Nhà văn hóa", exception_reason="Hoãn  do mưa bão")
    assert event.exception_reason == "Hoãn do mưa bão" and event.exception_by == province_officer
    audit = AuditEvent.objects.get(action="festival_event.create")
    assert audit.detail == {"exception_reason": "Hoãn do mưa bão"}


def test_acceptance_before_2022_only_19_august(commune_officer, national_admin, tree):
    with pytest.raises(ValidationError) as exc:
        festival_event_create(actor=commune_officer, unit=tree.kdc_a, held_on=datetime.date(2021, 8, 25),
                              place="Nhà văn hóa")
    assert "is 19/08/2021" in exc.value.message_dict["held_on"][0]
    with pytest.raises(ValidationError):  # 1 July was in no window before 2022
        festival_event_create(actor=commune_officer, unit=tree.kdc_a, held_on=datetime.date(2021, 7, 1),
                              place="Nhà văn hóa")
    assert festival_event_create(actor=commune_officer, unit=tree.kdc_a, held_on=datetime.date(2021, 8, 19),
                                 place="Nhà văn hóa").year == 2021
    event = festival_event_create(actor=national_admin, unit=tree.agency_a, held_on=datetime.date(2021, 8, 25),
                                  place="Hội trường", exception_reason="Trùng lịch tiếp dân")
    assert event.has_exception


def test_plan_then_record_with_figures(unit_reporter, tree):
    event = festival_event_create(actor=unit_reporter, unit=tree.kdc_a, held_on=datetime.date(2025, 8, 2),
                                  place="  Nhà văn hóa  tổ 1 ")
    assert event.status == FestivalEvent.Status.PLANNED and event.place == "Nhà văn hóa tổ 1"
    event = festival_event_record(actor=unit_reporter, event=event, participants=250, gifts_count=12,
                                  gifts_value=6_000_000, awards_count=3, report="Tổ chức thành công.")
    assert event.is_held and event.gifts_value == 6_000_000
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["festival_event.create", "festival_event.record"]


def test_who_may_write(commune_officer, viewer, tree):
    for actor, unit in ((viewer, tree.kdc_a), (commune_officer, tree.kdc_b)):
        with pytest.raises(ValidationError):
            festival_event_create(actor=actor, unit=unit, held_on=datetime.date(2025, 8, 2), place="X")
    with pytest.raises(ValidationError):  # a province holds no Festival Day event of its own here
        festival_event_create(actor=commune_officer, unit=tree.province_a, held_on=datetime.date(2025, 8, 2),
                              place="X")
    assert FestivalEvent.objects.count() == 0


def test_one_event_per_unit_and_year_and_no_future_held_event(commune_officer, tree):
    festival_event_create(actor=commune_officer, unit=tree.kdc_a, held_on=datetime.date(2025, 8, 2), place="X")
    with pytest.raises(ValidationError, match="already has"):
        festival_event_create(actor=commune_officer, unit=tree.kdc_a, held_on=datetime.date(2025, 7, 2), place="Y")
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError, match="future"):
        festival_event_create(actor=commune_officer, unit=tree.agency_a, held_on=datetime.date(next_year, 8, 2),
                              place="Y", held=True)


def test_moving_the_date_back_into_the_window_drops_the_exception(province_officer, tree):
    event = festival_event_create(actor=province_officer, unit=tree.kdc_a, held_on=datetime.date(2024, 9, 2),
                                  place="X", exception_reason="Lý do")
    event = festival_event_update(actor=province_officer, event=event, held_on=datetime.date(2024, 8, 2))
    assert event.exception_reason == "" and event.exception_by is None
    assert AuditEvent.objects.filter(action="festival_event.update").count() == 1


def test_photos_are_checked_by_content_and_deleted_with_the_event(commune_officer, tree):
    event = festival_event_create(actor=commune_officer, unit=tree.kdc_a, held_on=datetime.date(2025, 8, 2),
                                  place="X")
    with pytest.raises(ValidationError):
        festival_photo_add(actor=commune_officer, event=event, upload=SimpleUploadedFile("a.png", b"MZ" + b"0" * 50))
    with pytest.raises(ValidationError):
        festival_photo_add(actor=commune_officer, event=event, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    photo = festival_photo_add(actor=commune_officer, event=event, upload=SimpleUploadedFile("lễ.png", PNG))
    assert photo.original_name == "lễ.png" and FestivalPhoto.objects.count() == 1
    festival_event_delete(actor=commune_officer, event=event)
    assert FestivalPhoto.objects.count() == 0
