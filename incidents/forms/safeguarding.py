"""Forms for raising a safeguarding flag on a case and for the lead's decision on it."""

from django import forms

from incidents.forms.staff import CaseForm
from incidents.services.safeguarding import DECISIONS


class SafeguardingFlagForm(CaseForm):
    reason = forms.CharField(
        label="Reason",
        help_text="Why: it goes on the chronology.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )


class SafeguardingDecisionForm(CaseForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[(decision.value, decision.label) for decision in DECISIONS],
        widget=forms.RadioSelect,
    )
    system_reference = forms.CharField(
        label="Reference in the school's safeguarding system",
        required=False,
        max_length=100,
        help_text="Needed when the concern is logged there (e.g. its CPOMS or MyConcern record).",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
