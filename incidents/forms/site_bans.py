"""Forms for staff steps on a site ban: imposing, correcting, withdrawing, reviewing, and
recording the parent's representations and the decision on them."""

from django import forms

from incidents.forms.fields import ScreenshotsField
from incidents.forms.staff import DATE, DATETIME, CaseForm
from incidents.models import Case, SiteBan
from policies.selectors import code_in_force


class SiteBanForm(CaseForm):
    parent = forms.ModelChoiceField(label="Parent", queryset=None)
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 4}))
    conditions = forms.CharField(
        label="Conditions (optional)",
        required=False,
        help_text="What the parent may still do, and the arrangements for the child's drop-off "
        "and collection; one a line. They are in the letters and the register.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label="How to recognise the parent at the gate (optional)",
        required=False,
        help_text="For the office's ban register only; never in a letter.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rules_breached = forms.ModelMultipleChoiceField(
        label="Rules breached", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label="Starts on", widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label="Ends on", widget=forms.DateInput(attrs=DATE))
    review_on = forms.DateField(
        label="Review date if the ban is confirmed", widget=forms.DateInput(attrs=DATE)
    )
    is_temporary = forms.BooleanField(
        label="Temporary ban in force while representations are awaited", required=False
    )
    representation_deadline = forms.DateField(
        label="Representations by (leave blank for the school's default)",
        required=False,
        widget=forms.DateInput(attrs=DATE),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = self.case.parents.all()
        code = code_in_force(school=self.case.school, with_responses=False)
        self.fields["rules_breached"].queryset = (
            code.breach_categories.all() if code else Case.objects.none()
        )
        if not self.is_bound:
            self.initial["rules_breached"] = [c.pk for c in self.case.breach_categories.all()]


class SiteBanCorrectForm(CaseForm):
    reasons = SiteBanForm.base_fields["reasons"]
    conditions = SiteBanForm.base_fields["conditions"]
    description = SiteBanForm.base_fields["description"]
    starts_on = SiteBanForm.base_fields["starts_on"]
    ends_on = SiteBanForm.base_fields["ends_on"]
    review_on = SiteBanForm.base_fields["review_on"]
    representation_deadline = forms.DateField(
        label="Representations by", widget=forms.DateInput(attrs=DATE)
    )


class SiteBanWithdrawForm(CaseForm):
    reason = forms.CharField(
        label="Why is the ban withdrawn?",
        help_text="If the notice was already sent, this goes into the letter telling the parent.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SiteBanReviewForm(CaseForm):
    outcome = forms.ChoiceField(
        label="Outcome of the review",
        choices=[
            ("continue", "The ban continues to its end date"),
            ("modify", "The ban continues with a new end date"),
            ("lift", "Lift the ban"),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label="Reasons for the outcome",
        help_text="They go into the letter to the parent.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    ends_on = forms.DateField(
        label="New end date (when changing it)", required=False, widget=forms.DateInput(attrs=DATE)
    )
    review_on = forms.DateField(
        label="Next review date (optional)", required=False, widget=forms.DateInput(attrs=DATE)
    )


class RepresentationsForm(CaseForm):
    representations = forms.CharField(
        label="Representations received", widget=forms.Textarea(attrs={"rows": 5})
    )
    received_at = forms.DateTimeField(label="Received", widget=forms.DateTimeInput(attrs=DATETIME))
    method = forms.ChoiceField(
        label="How they arrived",
        # online ones arrive through the parent's link by themselves
        choices=[c for c in SiteBan.Arrival.choices if c[0] != SiteBan.Arrival.ONLINE],
    )
    screenshots = ScreenshotsField(
        label="Attachments (optional)",
        help_text="Pictures of the parent's letter or e-mail, or of what they sent with it: up "
        "to 10 images, each up to 10 MB.",
    )


class SiteBanDecisionForm(CaseForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("confirm", "Confirm the ban"),
            ("modify", "Confirm with changes (new end date)"),
            ("lift", "Lift the ban"),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label="Reasons given to the parent",
        help_text="They go into the letter about the decision.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = forms.CharField(
        label="Internal note (optional)",
        required=False,
        help_text="For the case record only: it never leaves the school.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    ends_on = forms.DateField(
        label="New end date (when modifying)", required=False, widget=forms.DateInput(attrs=DATE)
    )
    review_on = forms.DateField(
        label="Review date (when confirming)", required=False, widget=forms.DateInput(attrs=DATE)
    )
