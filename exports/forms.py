from django import forms

from exports.governors import PERIOD_CHOICES, Period, custom_period, named_period
from exports.models import Disclosure, Exemption, Format
from exports.selectors import ExportFilters
from incidents.models import Case, Parent


class ExportForm(forms.Form):
    opened_from = forms.DateField(
        label="Opened from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    opened_to = forms.DateField(
        label="Opened to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    state = forms.ChoiceField(
        label="State", required=False, choices=[("", "Any state"), *Case.Status.choices]
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[(Format.CSV, "CSV"), (Format.XLSX, "Excel (XLSX)")],
        initial=Format.CSV,
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("opened_from"), data.get("opened_to")
        if start and end and start > end:
            self.add_error("opened_to", "The end of the date range is before its start.")
        return data

    def filters(self) -> ExportFilters:
        data = self.cleaned_data
        return ExportFilters(
            opened_from=data["opened_from"], opened_to=data["opened_to"], state=data["state"]
        )


class DisclosureForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What is it for?", choices=Disclosure.Purpose.choices, widget=forms.RadioSelect
    )
    subject = forms.ModelChoiceField(
        label="Which parent is it about?",
        queryset=Parent.objects.none(),
        required=False,
        empty_label="No one parent (all are named)",
        help_text="The other parents linked to the case are pre-marked for redaction (not for "
        "legal advice, which is about all of them).",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = case.parents.all()


class TermForm(forms.Form):
    """A term redacted everywhere: a name, a phone number, an e-mail address."""

    text = forms.CharField(
        label="Redact everywhere",
        max_length=200,
        help_text="A name, a phone number (any spacing, 0… or +44…) or an e-mail address.",
    )
    reason = forms.CharField(label="Why", max_length=500, required=False)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 2:
            raise forms.ValidationError("Type at least two characters.")
        return text


class PassageForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="Passage to redact",
        max_length=500,
        help_text="Select it in the text above, or type it as it appears.",
    )
    reason = forms.CharField(label="Why", max_length=500, required=False)


def _fraction(label):
    return forms.FloatField(
        label=label, min_value=0, max_value=1, widget=forms.NumberInput(attrs={"step": "any"})
    )


class AreaForm(forms.Form):
    """A rectangle on an image, in fractions (0 to 1) of its width and height: drawn on the
    picture (static/js/redaction.js fills these in) or typed."""

    item = forms.CharField(widget=forms.HiddenInput)
    left = _fraction("From the left")
    top = _fraction("From the top")
    width = _fraction("Width")
    height = _fraction("Height")
    reason = forms.CharField(label="Why", max_length=500, required=False)

    def clean(self):
        data = super().clean()
        box = [data.get(k) for k in ("left", "top", "width", "height")]
        if None not in box:
            left, top, width, height = box
            if width <= 0 or height <= 0:
                raise forms.ValidationError("Draw or give an area with a width and a height.")
            if left + width > 1.0001 or top + height > 1.0001:
                raise forms.ValidationError("The area goes beyond the picture.")
        return data

    def box(self):
        return tuple(self.cleaned_data[k] for k in ("left", "top", "width", "height"))


class WithholdForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput)
    exemption = forms.ChoiceField(label="Withhold under", choices=Exemption.choices)
    reason = forms.CharField(label="Why", max_length=500)


class RemoveForm(forms.Form):
    reason = forms.CharField(label="Why", max_length=500, required=False)


OPEN = "open"


class RecordSearchForm(forms.Form):
    """The records view's search: by reference only, and by state."""

    q = forms.CharField(
        label="Reference",
        required=False,
        max_length=20,
        help_text="All or part of a case reference, e.g. 0042",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("", "Any state"), (OPEN, "Open (not closed)"), *Case.Status.choices],
    )

    def search(self) -> dict:
        """Keyword arguments for `exports.selectors.record_cases`."""
        if not self.is_valid():
            return {}
        status = self.cleaned_data["status"]
        return {
            "reference": self.cleaned_data["q"],
            "state": "" if status == OPEN else status,
            "open_only": status == OPEN,
        }


MAX_PERIOD_MONTHS = 5 * 12


def _month_field(label: str) -> forms.DateField:
    """A month as <input type="month"> sends it ("2026-09"), read as its first day; where a
    browser shows a text box instead, the same year-month is typed."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m"],
        error_messages={"invalid": "Give a month as year and month, for example 2026-09."},
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class ReportPeriodForm(forms.Form):
    """The governors' report's period: a term or school year, or months of one's own (the
    report counts whole months)."""

    period = forms.ChoiceField(label="Period", choices=PERIOD_CHOICES, initial="this_term")
    first = _month_field("From")
    last = _month_field("To")

    def clean(self):
        data = super().clean()
        if data.get("period") != "custom":
            return data
        first, last = data.get("first"), data.get("last")
        if not first and "first" not in self.errors:
            self.add_error("first", "Give the first month of the period.")
        if not last and "last" not in self.errors:
            self.add_error("last", "Give the last month of the period.")
        if first and last and first > last:
            self.add_error("last", "The end of the period is before its start.")
        elif first and last and _months_from(first, last) > MAX_PERIOD_MONTHS:
            self.add_error("last", "Choose a period of at most five years.")
        return data

    def chosen(self, today) -> Period:
        data = self.cleaned_data
        if data["period"] == "custom":
            return custom_period(data["first"], data["last"])
        return named_period(data["period"], today)


def _months_from(first, last) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1
