"""The directives register step of `manage.py demo` (to be filled)."""


def build(ctx) -> None:
    return None
