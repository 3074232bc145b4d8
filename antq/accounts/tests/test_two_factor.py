"""Two-step sign-in: required for province officers and the national administrator, by the page and the
API; a password alone cannot enrol a new phone; wrong codes are refused."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts.tests.factories import UserFactory
from antq.core.models import AuditEvent

PASSWORD = "mat-khau-thu-nghiem"  # noqa: S105 — the fixtures' password
DASHBOARD = reverse("reports:dashboard")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


@pytest.fixture(autouse=True)
def as_production(settings):
    settings.ANTQ_TWO_FACTOR_ROLES = ("province_officer", "national_admin")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_a_province_officer_sets_up_the_app_before_reaching_any_page(client, province_officer):
    _login(client, province_officer)
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert client.get("/api/v1/me/").status_code == 403  # the session cannot use the API either
    page = client.get(SETUP)
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=province_officer, confirmed=False)
    refused = client.post(SETUP, {"code": "000000", "next": DASHBOARD})
    assert refused.status_code == 200 and not TOTPDevice.objects.filter(confirmed=True).exists()
    confirmed = client.post(SETUP, {"code": _code(device), "next": DASHBOARD})
    assert confirmed.status_code == 302 and confirmed["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.confirm", target_id=str(province_officer.pk)).exists()
    province_officer.refresh_from_db()
    assert province_officer.two_factor


def test_a_reset_lets_the_user_set_up_a_new_phone(client, national_admin, commune_officer):
    from django.core.management import call_command

    _device(commune_officer)
    call_command("two_factor_reset", commune_officer.username)
    commune_officer.refresh_from_db()
    assert not commune_officer.two_factor and not TOTPDevice.objects.filter(user=commune_officer).exists()
    _login(client, commune_officer)
    assert client.get(DASHBOARD).status_code == 200  # a commune officer's role does not require it


def _device(user) -> TOTPDevice:
    user.two_factor = True
    user.save(update_fields=["two_factor"])
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_next_sign_in_asks_for_the_code_and_a_password_alone_cannot_enrol_a_new_phone(client, national_admin):
    device = _device(national_admin)
    _login(client, national_admin)
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)
    # Trying to replace the phone without the code leads back to the code page, and creates no device.
    assert client.get(SETUP)["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=national_admin).count() == 1
    assert client.post(VERIFY, {"code": "123456"}).status_code == 200
    # After a wrong code the device waits before it accepts even the right one (django-otp's throttling).
    assert client.post(VERIFY, {"code": _code(device)}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(VERIFY, {"code": _code(device), "next": "https://evil.example/"})["Location"] == "/"
    assert client.get(DASHBOARD).status_code == 200


def test_a_commune_officer_is_not_asked_unless_they_set_it_up(client, commune_officer):
    _login(client, commune_officer)
    assert client.get(DASHBOARD).status_code == 200
    _device(commune_officer)
    client.logout()
    _login(client, commune_officer)
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)


def test_the_api_token_needs_the_code(client, province_officer):
    url = "/api/v1/auth/token/"
    device = _device(province_officer)
    without = client.post(url, {"username": province_officer.username, "password": PASSWORD})
    assert without.status_code == 400 and "otp" in without.json().get("errors", without.json())
    wrong = client.post(url, {"username": province_officer.username, "password": PASSWORD, "otp": "000000"})
    assert wrong.status_code == 400
    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(url, {"username": province_officer.username, "password": PASSWORD, "otp": _code(device)})
    assert right.status_code == 200 and right.json()["token"]


@pytest.mark.django_db
def test_a_user_without_a_role_that_needs_it_gets_a_token_with_the_password(client):
    user = UserFactory()
    response = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
