"""`{% dossier_panel case user as dossier %}`: what the case page's dossier panel shows (see dossier.selectors)."""

from django import template

from antq.recognition.dossier.selectors import dossier_panel as panel

register = template.Library()


@register.simple_tag
def dossier_panel(case, user) -> dict:
    return panel(actor=user, case=case)
