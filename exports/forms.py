from django import forms

from exports.governors import PERIOD_CHOICES, Period, custom_period, named_period
from exports.models import CaseBundle, Format
from exports.selectors import ExportFilters
from incidents.models import Case


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


class BundleForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What is it for?", choices=CaseBundle.Purpose.choices, widget=forms.RadioSelect
    )
    include_reporter = forms.BooleanField(
        label="Include the reporter's identity",
        required=False,
        help_text="Left unticked, the reporter's name, e-mail address and phone number are "
        "withheld. Include them only when the purpose needs them.",
    )


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


MAX_PERIOD_DAYS = 5 * 366


class ReportPeriodForm(forms.Form):
    """The governors' report's period: a term or school year, or dates of one's own."""

    period = forms.ChoiceField(label="Period", choices=PERIOD_CHOICES, initial="this_term")
    first = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("period") != "custom":
            return data
        first, last = data.get("first"), data.get("last")
        if not first:
            self.add_error("first", "Give the first day of the period.")
        if not last:
            self.add_error("last", "Give the last day of the period.")
        if first and last and first > last:
            self.add_error("last", "The end of the period is before its start.")
        elif first and last and (last - first).days > MAX_PERIOD_DAYS:
            self.add_error("last", "Choose a period of at most five years.")
        return data

    def chosen(self, today) -> Period:
        data = self.cleaned_data
        if data["period"] == "custom":
            return custom_period(data["first"], data["last"])
        return named_period(data["period"], today)
