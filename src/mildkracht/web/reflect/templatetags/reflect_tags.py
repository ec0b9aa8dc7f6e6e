"""The "What do I need right now?" card, for the home page (its texts live in this app)."""

from django import template

register = template.Library()


@register.inclusion_tag("reflect/_need_card.html")
def need_card() -> dict[str, object]:
    return {}
