from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ counts|get_item:kind }}`: dictionary look-up with a variable key (0 when absent)."""
    if not mapping:
        return 0
    return mapping.get(key, 0)
