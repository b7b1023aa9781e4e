from django import forms

from incidents.models import Case
from incidents.pagination import SORTS
from incidents.selectors import CaseFilters, filter_choices


class CaseFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, help_text="Reference, parent or text")
    status = forms.ChoiceField(label="State", required=False)
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    category = forms.TypedChoiceField(
        label="Category", required=False, coerce=int, empty_value=None
    )
    group = forms.TypedChoiceField(label="Group", required=False, coerce=int, empty_value=None)
    opened_from = forms.DateField(
        label="Opened from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    opened_to = forms.DateField(
        label="Opened to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label="Sort",
        required=False,
        choices=[
            ("-opened", "Newest first"),
            ("opened", "Oldest first"),
            ("reference", "Reference"),
        ],
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", "Any")]
        choices = filter_choices(school=school)
        self.fields["status"].choices = everyone + list(Case.Status.choices)
        self.fields["owner"].choices = everyone + choices["owners"]
        self.fields["category"].choices = everyone + choices["categories"]
        self.fields["group"].choices = everyone + choices["groups"]

    def filters(self) -> CaseFilters:
        if not self.is_valid():
            return CaseFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if data.get("sort") not in SORTS:
            data.pop("sort", None)
        return CaseFilters(**data)
