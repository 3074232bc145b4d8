from django import template

register = template.Library()


@register.filter
def cell(entry, key: str) -> int:
    """`entry.cell(form, recipient_type)` for a "form:recipient_type" key."""
    form, recipient_type = key.split(":", 1)
    return entry.cell(form, recipient_type)


@register.filter
def form_label(form: str) -> str:
    from antq.commendations.models import AwardForm

    return AwardForm(form).label


@register.filter
def form_total(counts, form: str) -> int:
    return counts.form_total(form)
