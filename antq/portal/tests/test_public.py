"""The public portal: open to anyone, only what is published, cacheable, and cheap to render."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from antq.exemplars.tests.factories import ExemplarFactory
from antq.portal.services import news_image_add
from antq.portal.tests.factories import PNG, NewsItemFactory, PublishedNewsFactory
from antq.recognition.tests.factories import RecognitionCaseFactory
from antq.units.tests.factories import ResidentialAreaFactory

pytestmark = pytest.mark.django_db
YEAR = 2026
HOME = reverse("portal:home")
RECOGNISED = reverse("portal:recognised")


def _cache(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.fixture
def news(tree):
    return type("News", (), dict(
        national=PublishedNewsFactory(unit=tree.country, title="Tin toàn quốc"),
        province=PublishedNewsFactory(unit=tree.province_a, title="Tin Quảng Trị",
                                      body="Mở đầu <script>alert(1)</script>\n\nĐoạn hai."),
        other=PublishedNewsFactory(unit=tree.province_b, title="Tin Lào Cai"),
        draft=NewsItemFactory(unit=tree.province_a, title="Bản nháp chưa đăng"),
    ))


@pytest.fixture
def recognised(tree):
    RecognitionCaseFactory(unit=tree.kdc_a, year=YEAR, status="decided", result="met",
                           decision_number="123/QĐ-UBND", decision_date=datetime.date(YEAR, 11, 20))
    RecognitionCaseFactory(unit=tree.commune_a2, year=YEAR, status="decided", result="met",
                           decision_number="77/QĐ-UBND", decision_date=datetime.date(YEAR, 12, 5))
    RecognitionCaseFactory(unit=ResidentialAreaFactory(parent=tree.commune_a, name="Thôn Chưa Đạt"), year=YEAR,
                           status="decided", result="not_met")
    RecognitionCaseFactory(unit=tree.kdc_b, year=YEAR, status="decided", result="met")
    return tree


@pytest.mark.parametrize("name", ["home", "news_list", "recognised", "exemplars"])
def test_every_public_page_opens_without_login_and_sets_no_cookie(client, news, name):
    response = client.get(reverse(f"portal:{name}"))
    assert response.status_code == 200
    assert not response.cookies, response.cookies  # neither session nor CSRF cookie
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert _cache(response) == {"public", "max-age=300"}
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    assert response.has_header("ETag")


def test_home_shows_published_news_and_never_drafts(client, news):
    html = client.get(HOME).content.decode()
    assert "Tin toàn quốc" in html and "Tin Quảng Trị" in html and "Tin Lào Cai" in html
    assert "Bản nháp chưa đăng" not in html
    assert client.get(reverse("portal:news", args=[news.draft.pk])).status_code == 404
    assert client.get(reverse("portal:news", args=[news.national.pk])).status_code == 200


def test_home_shows_the_festival_window_of_the_year(client, tree):
    html = client.get(HOME).content.decode()
    year = timezone.localdate().year
    assert f"01/07/{year}" in html and f"19/08/{year}" in html


def test_news_body_is_plain_text_paragraphs(client, news):
    html = client.get(reverse("portal:news", args=[news.province.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<p>Đoạn hai.</p>" in html


def test_news_of_a_province_and_the_nation(client, news, tree):
    html = client.get(reverse("portal:news_list"), {"province": tree.province_a.code}).content.decode()
    assert "Tin Quảng Trị" in html and "Tin toàn quốc" in html and "Tin Lào Cai" not in html


def test_images_of_drafts_are_not_public(client, news, tree, province_officer):
    public = news_image_add(actor=province_officer, item=news.province, upload=SimpleUploadedFile("a.png", PNG))
    hidden = news_image_add(actor=province_officer, item=news.draft, upload=SimpleUploadedFile("b.png", PNG))
    response = client.get(reverse("portal:image", args=[public.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"] and response["ETag"]
    assert b"".join(response.streaming_content) == PNG
    assert client.get(reverse("portal:image", args=[hidden.pk])).status_code == 404
    again = client.get(reverse("portal:image", args=[public.pk]), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and "public" in again["Cache-Control"]
    assert f'src="{reverse("portal:image", args=[public.pk])}"' in client.get(HOME).content.decode()


def test_a_conditional_get_with_the_same_etag_gets_304(client, news):
    first = client.get(HOME)
    again = client.get(HOME, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and not again.content
    assert _cache(again) == {"public", "max-age=300"}


def test_a_signed_in_visitor_gets_a_private_response(client_for, province_officer, news):
    response = client_for(province_officer).get(HOME)
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_query_counts_are_small_and_fixed(client, news, recognised, tree, django_assert_max_num_queries):
    for _n in range(15):
        PublishedNewsFactory(unit=tree.province_a)
    with django_assert_max_num_queries(4):
        assert client.get(HOME).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("portal:news_list"), {"province": tree.province_a.code}).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("portal:news", args=[news.province.pk])).status_code == 200
    for n in range(20):
        RecognitionCaseFactory(unit=ResidentialAreaFactory(parent=tree.commune_a, name=f"Thôn {n}"), year=YEAR,
                               status="decided", result="met")
    with django_assert_max_num_queries(6):
        response = client.get(RECOGNISED, {"province": tree.province_a.code, "year": YEAR})
    assert response.context["count"] == 22
    for n in range(10):
        ExemplarFactory(unit=tree.kdc_a, name=f"Người tốt {n}", public_consent=True)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("portal:exemplars"), {"province": tree.province_a.code})
    assert response.context["count"] == 10


def test_recognised_units_by_province_and_commune(client, recognised, tree):
    response = client.get(RECOGNISED, {"province": tree.province_a.code, "year": YEAR})
    names = [e.name for e in response.context["page"]]
    assert sorted(names) == ["Tổ dân phố Trúc Bạch", "Xã Đông Hà"]
    html = response.content.decode()
    assert "123/QĐ-UBND" in html and "Thôn Chưa Đạt" not in html and "Thôn Bản Lầu" not in html
    response = client.get(RECOGNISED, {"province": tree.province_a.code, "year": YEAR,
                                       "commune": tree.commune_a.code})
    assert [e.name for e in response.context["page"]] == ["Tổ dân phố Trúc Bạch"]
    response = client.get(RECOGNISED, {"province": tree.province_a.code, "year": YEAR - 1})
    assert response.context["count"] == 0


@pytest.mark.parametrize(("query", "found"), [
    ("truc bach", ["Tổ dân phố Trúc Bạch"]),  # no accents
    ("TRÚC BẠCH", ["Tổ dân phố Trúc Bạch"]),
    ("dong ha", ["Xã Đông Hà"]),  # đ → d
    ("ba dinh", ["Tổ dân phố Trúc Bạch"]),  # by its commune's name
    ("khong co", []),
])
def test_search_ignores_accents(client, recognised, tree, query, found):
    response = client.get(RECOGNISED, {"province": tree.province_a.code, "year": YEAR, "q": query})
    assert [e.name for e in response.context["page"]] == found


def test_only_consented_exemplars_are_shown_and_searchable_without_accents(client, tree):
    ExemplarFactory(unit=tree.kdc_a, name="Phạm Văn Đức", public_consent=True, achievement="Bắt giữ kẻ trộm.")
    ExemplarFactory(unit=tree.kdc_a, name="Hồ Thị Lan", public_consent=False)
    ExemplarFactory(unit=tree.kdc_b, name="Đỗ Văn Nam", public_consent=True)
    url = reverse("portal:exemplars")
    html = client.get(url).content.decode()
    assert "Phạm Văn Đức" in html and "Đỗ Văn Nam" in html and "Hồ Thị Lan" not in html
    assert "044070001234" not in html and "0912345678" not in html  # no personal data
    response = client.get(url, {"province": tree.province_a.code})
    assert [e.name for e in response.context["page"]] == ["Phạm Văn Đức"]
    response = client.get(url, {"q": "do van nam"})
    assert [e.name for e in response.context["page"]] == ["Đỗ Văn Nam"]


def test_the_tip_link_appears_only_when_the_tips_app_routes_its_form(client, tree, monkeypatch):
    from antq.portal import views

    url = views.tips_url()
    html = client.get(HOME).content.decode()
    assert ('id="portal-to-tip"' in html) == (url is not None)
    if url is not None:
        assert f'href="{url}"' in html
    monkeypatch.setattr(views, "TIP_FORM_NAMES", ("tips:no_such_page",))  # the tips app without its form
    assert client.get(HOME).status_code == 200
    assert 'id="portal-to-tip"' not in client.get(reverse("portal:news_list")).content.decode()


def test_language_switch_by_link(client, tree):
    response = client.get(reverse("portal:language"), {"lang": "en", "next": reverse("portal:recognised")})
    assert response.status_code == 302 and response["Location"] == reverse("portal:recognised")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = client.get(HOME).content.decode()
    assert '<html lang="en">' in html
    evil = client.get(reverse("portal:language"), {"lang": "vi", "next": "https://evil.example/"})
    assert evil["Location"] == HOME
