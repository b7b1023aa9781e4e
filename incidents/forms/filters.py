from django import forms

from incidents.models import Case
from incidents.pagination import SORTS
from incidents.selectors.cases import OPEN_STATES, CaseFilters, filter_choices


class Select(forms.Select):
    template_name = "widgets/select.html"


SELECT = Select(attrs={"class": "form-select"})
DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        help_text="Reference (e.g. 0042), parent or text",
        widget=forms.SearchInput(attrs={"class": "form-control"}),
    )
    status = forms.ChoiceField(label="State", required=False, widget=SELECT)
    owner = forms.TypedChoiceField(
        label="Owner", required=False, coerce=int, empty_value=None, widget=SELECT
    )
    category = forms.TypedChoiceField(
        label="Category", required=False, coerce=int, empty_value=None, widget=SELECT
    )
    group = forms.TypedChoiceField(
        label="Group", required=False, coerce=int, empty_value=None, widget=SELECT
    )
    opened_from = forms.DateField(label="Opened from", required=False, widget=DATE)
    opened_to = forms.DateField(label="Opened to", required=False, widget=DATE)
    sort = forms.ChoiceField(
        label="Sort",
        required=False,
        choices=[
            ("-opened", "Newest first"),
            ("opened", "Oldest first"),
            ("reference", "Reference"),
        ],
        widget=SELECT,
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", "Any")]
        choices = filter_choices(school=school)
        self.fields["status"].choices = [
            *everyone,
            (OPEN_STATES, "Open (not closed)"),
            *Case.Status.choices,
        ]
        self.fields["owner"].choices = everyone + choices["owners"]
        self.fields["category"].choices = everyone + choices["categories"]
        self.fields["group"].choices = everyone + choices["groups"]

    @property
    def narrowing(self):
        """The fields after the search box, in the order the page shows them."""
        return [self[name] for name in self.fields if name != "q"]

    def filters(self) -> CaseFilters:
        if not self.is_valid():
            return CaseFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if data.get("sort") not in SORTS:
            data.pop("sort", None)
        return CaseFilters(**data)
