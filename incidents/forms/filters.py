from django import forms

from incidents.models import Case
from incidents.selectors import SORTS, CaseFilters
from incidents.services.triage import staff_who_can_own
from policies.selectors import code_in_force


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
            ("status", "State"),
        ],
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", "Any")]
        self.fields["status"].choices = everyone + list(Case.Status.choices)
        self.fields["owner"].choices = everyone + [
            (u.pk, u.get_full_name() or u.username) for u in staff_who_can_own(school_id=school.pk)
        ]
        code = code_in_force(school=school, with_responses=False)
        categories = code.breach_categories.all() if code else []
        self.fields["category"].choices = everyone + [(c.pk, c.name[:60]) for c in categories]
        self.fields["group"].choices = everyone + [(g.pk, g.name) for g in school.groups.all()]

    def filters(self) -> CaseFilters:
        if not self.is_valid():
            return CaseFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if data.get("sort") not in SORTS:
            data.pop("sort", None)
        return CaseFilters(**data)
