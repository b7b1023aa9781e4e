"""Widgets that write their HTML here instead of through a template: Django renders each
widget, and each option of a select, with a template of its own, which was most of the case
list's rendering time. Same markup as Django's templates; every value escaped by format_html."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECTED = mark_safe(" selected")


class QuickSelect(forms.Select):
    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-select", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, SELECTED if str(choice) in chosen else "", label)
                for choice, label in self.choices
            ),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)


class QuickInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        attributes = self.build_attrs(self.attrs, attrs)
        if value is not None:
            attributes["value"] = value
        return format_html(
            '<input type="{}" name="{}"{}>', self.input_type, name, flatatt(attributes)
        )


class QuickTextInput(QuickInputMixin, forms.TextInput):
    pass


class QuickDateInput(QuickInputMixin, forms.DateInput):
    pass
