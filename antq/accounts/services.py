"""Writes to users and roles. Each runs in one transaction and records an audit event."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from antq.accounts.models import Role, RoleAssignment, User
from antq.accounts.scope import ROLE_UNIT_KINDS, forget_grants
from antq.core.audit import audit_record, snapshot
from antq.core.text import nfc
from antq.units.models import Unit

USER_FIELDS = ["username", "full_name", "email", "is_active"]


@transaction.atomic
def user_create(*, actor, username: str, password: str, full_name: str = "", email: str = "",
                check_password: bool = True) -> User:
    """Create an account; the password is validated unless a provisioning script says otherwise."""
    user = User(username=nfc(username), full_name=nfc(full_name), email=email)
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action="user.create", target=user, after=snapshot(user, USER_FIELDS))
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str, check_password: bool = True) -> User:
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.set_password", target=user)
    return user


@transaction.atomic
def role_grant(*, actor, user: User, role: str, unit: Unit) -> RoleAssignment:
    """Give `user` a role on `unit` (covering its subtree); idempotent."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if unit.kind not in ROLE_UNIT_KINDS[role]:
        raise ValidationError({"unit": _("This role cannot be granted on a unit of this kind.")})
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        audit_record(actor=actor, action="role.grant", target=user,
                     detail={"role": role, "unit_id": unit.pk, "unit": unit.name})
    forget_grants(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    user = assignment.user
    detail = {"role": assignment.role, "unit_id": assignment.unit_id, "unit": str(assignment.unit)}
    assignment.delete()
    audit_record(actor=actor, action="role.revoke", target=user, detail=detail)
    forget_grants(user)


@transaction.atomic
def token_issue(*, actor, user: User) -> Token:
    """The user's API token, created on first request."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit_record(actor=actor, action="token.issue", target=user)
    return token
