import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-check-key-with-enough-entropy-1234567890",
        "DJANGO_ALLOWED_HOSTS": "antq.example.vn",
    }
    result = subprocess.run(  # noqa: S603 — our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_read_the_environment_in_one_place():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "config").rglob("*.py")
        if path.name != "env.py" and "os.environ" in path.read_text() and path.name not in {"wsgi.py", "asgi.py"}
    ]
    offenders += [str(p.relative_to(ROOT)) for p in (ROOT / "antq").rglob("*.py") if "os.environ" in p.read_text()]
    assert offenders == []


def test_default_language_is_vietnamese():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


def test_pages_carry_a_strict_content_security_policy_and_the_usual_headers(client, db):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    # Only the API documentation page (Swagger UI's inline script) is allowed inline code.
    docs = client.get("/api/docs/").headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in docs
