"""Log-in, throttling, hashing, sessions and API tokens."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from antq.accounts.services import user_create
from conftest import TEST_PASSWORD


def test_login_page_is_vietnamese_by_default(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b'lang="vi"' in response.content
    assert "Đăng nhập".encode() in response.content


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("units:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_login_and_logout(client, commune_officer):
    response = client.post(reverse("accounts:login"), {"username": "xa_a", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_login_is_throttled_after_five_failures(client, commune_officer):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "xa_a", "password": "sai-mat-khau"})
    response = client.post(reverse("accounts:login"), {"username": "xa_a", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert client.get(reverse("core:home")).status_code == 302


def test_passwords_are_hashed_with_argon2_in_production_settings(db):
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")  # tests only
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_argon2_hash_is_produced(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = user_create(actor=None, username="moi", password="mot-mat-khau-dai-2026")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_weak_password_is_refused(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        user_create(actor=None, username="yeu", password="123")


def test_sessions_expire():
    from config.settings import base

    assert base.SESSION_COOKIE_AGE <= 12 * 3600
    assert base.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_csrf_is_enforced_on_login(commune_officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "xa_a", "password": TEST_PASSWORD})
    assert response.status_code == 403


def test_token_endpoint_and_token_auth(client, commune_officer, tree):
    response = client.post("/api/v1/auth/token/", {"username": "xa_a", "password": TEST_PASSWORD},
                           content_type="application/json")
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/v1/me/", headers={"Authorization": f"Token {token}"})
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "xa_a"
    assert body["roles"][0]["role"] == "commune_officer"
    assert body["roles"][0]["unit"] == tree.commune_a.pk
    assert "enter_data" in body["roles"][0]["capabilities"]


def test_token_endpoint_refuses_a_wrong_password(client, commune_officer):
    response = client.post("/api/v1/auth/token/", {"username": "xa_a", "password": "sai"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_api_needs_authentication(client, tree):
    assert client.get("/api/v1/units/").status_code in (401, 403)
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_create_user_command_grants_role_and_prints_token(tree, capsys):
    from django.core.management import call_command

    call_command("create_user", "can_bo", "--password", "mot-mat-khau-dai-2026", "--role", "commune_officer",
                 "--unit-id", str(tree.commune_a.pk), "--token")
    out = capsys.readouterr().out
    from antq.accounts.models import User

    user = User.objects.get(username="can_bo")
    assert user.roles.get().unit == tree.commune_a
    assert user.auth_token.key in out


def test_vietnamese_even_when_the_browser_asks_for_english(client, db):
    response = client.get(reverse("accounts:login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert b'lang="vi"' in response.content


def test_english_when_chosen(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    response = client.get(reverse("accounts:login"))
    assert b'lang="en"' in response.content
    assert b"Log in to ANTQ" in response.content
