from django.core.exceptions import ValidationError

__all__ = ["ValidationError", "LockedError"]


class LockedError(ValidationError):
    """Raised by a service asked to change an approved (locked) record."""
