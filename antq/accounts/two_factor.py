"""Two-factor sign-in with a time-based one-time code (TOTP, RFC 6238, any authenticator app), from django-otp.

Who must use it: every user holding a role listed in `settings.ANTQ_TWO_FACTOR_ROLES` (production: province
officers and the national administrator, who see a whole province or the country), and anyone who has set
it up for themselves. Such a user, signed in with a password only, reaches nothing but the pages to set up
or enter a code (`TwoFactorMiddleware`); the API token endpoint asks for the code too.

Failed codes slow down exponentially (django-otp's throttling on the device), on top of the login
throttling of django-axes.
"""

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts.scope import grants_of
from antq.core.audit import audit_record

DEVICE_NAME = "authenticator"


def two_factor_required(user) -> bool:
    """Whether `user` must pass a second factor: because they set one up, or by role (the grants are read
    once per request anyway, for scope)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.two_factor:
        return True
    roles = tuple(getattr(settings, "ANTQ_TWO_FACTOR_ROLES", ()))
    return bool(roles) and any(grant.role in roles for grant in grants_of(user))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device the set-up page shows, made on first visit (a new secret each set-up)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code, drawn here (no outside service sees the secret)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32 groups of four, for typing into an app by hand."""
    import base64

    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def two_factor_confirm(*, request, token: str) -> TOTPDevice:
    """Confirm the pending device with a code from the app; it replaces any earlier device."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(_digits(token)):
        raise ValidationError(_("The code is not right. Check the time on your phone and enter the current code."))
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    user.two_factor = True
    user.save(update_fields=["two_factor"])
    otp_login(request, device)
    audit_record(actor=user, action="two_factor.confirm", target=user)
    return device


def two_factor_verify(*, request, token: str) -> None:
    """Check a code at sign-in and mark the session as verified."""
    device = confirmed_device(request.user)
    if device is None or not device.verify_token(_digits(token)):
        raise ValidationError(_("The code is not right. Check the time on your phone and enter the current code."))
    otp_login(request, device)


def token_matches(user, token: str) -> bool:
    """For the API token endpoint: whether `token` is a current code of the user's device."""
    device = confirmed_device(user)
    return device is not None and bool(token) and device.verify_token(_digits(token))


@transaction.atomic
def two_factor_reset(*, actor, user) -> None:
    """Remove a user's devices (a lost phone): the user sets up a new one at the next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    user.two_factor = False
    user.save(update_fields=["two_factor"])
    audit_record(actor=actor, action="two_factor.reset", target=user)


def _digits(token: str) -> str:
    return "".join(ch for ch in str(token or "") if ch.isdigit())
