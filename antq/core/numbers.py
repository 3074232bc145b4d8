"""Figures as the movement's reports compute them."""

from decimal import ROUND_HALF_UP, Decimal


def share(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, one decimal rounded half up; None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
