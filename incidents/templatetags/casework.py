"""Small text helpers for case pages and lists."""

from django import template

register = template.Library()


@register.filter
def first_line(text: str | None) -> str:
    """The first line of `text` that has something on it."""
    return next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
