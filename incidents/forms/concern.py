"""The public concern form and the reporter's follow-up form."""

from django import forms
from django.utils import timezone

from incidents.forms.fields import PUBLIC_HELP_TEXT, KeepsScreenshotsForm, ScreenshotsField
from incidents.tokens import submission_key_valid

OTHER_GROUP = "other"
YES_NO = [("yes", "Yes"), ("no", "No")]


class ConcernForm(KeepsScreenshotsForm):
    errors_name_their_field = True  # the error summary shows each message alone
    # autocomplete: a phone fills in the parent's own details; the other fields are about
    # someone else or a one-off event, so the browser's memory of other forms would only mislead.
    reporter_name = forms.CharField(
        label="Your name",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    reporter_email = forms.EmailField(
        label="Your e-mail address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    reporter_phone = forms.CharField(
        label="Your phone number",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    group = forms.ChoiceField(
        label="Which group was it in?",
        error_messages={"required": "Choose the group it was posted in, or “Another group”."},
    )
    other_group_name = forms.CharField(
        label="Name of the other group",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    occurred_on = forms.DateField(
        label="When did it happen?",
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the date it happened (your best guess is fine).",
            "invalid": "Enter the date it happened as a real date, e.g. 18/11/2026.",
        },
    )
    occurred_at = forms.TimeField(
        label="Time (if you know it)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "autocomplete": "off"}),
    )
    categories = forms.MultipleChoiceField(
        label="What kind of behaviour was it?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose any that apply, in the school's own words. Leave blank if unsure.",
    )
    description = forms.CharField(
        label="What happened?",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
        help_text="Describe what was posted and why it worries you. Up to 10,000 characters.",
        error_messages={"required": "Describe what happened."},
    )
    person_concerned = forms.CharField(
        label="Who posted it?",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Their name as it appears in the group, if you know it.",
    )
    safeguarding = forms.TypedChoiceField(
        label="Do you think a child is at risk?",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="If a child is in immediate danger, call 999.",
        error_messages={"required": "Say whether you think a child is at risk."},
    )
    screenshots = ScreenshotsField(
        label="Screenshots",
        help_text=PUBLIC_HELP_TEXT,
    )
    declaration = forms.BooleanField(
        label="The information I have given is true to the best of my knowledge.",
        error_messages={"required": "Please confirm the information is true to your knowledge."},
    )
    website = forms.CharField(label="Leave this field empty", required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, school, code, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.groups = {str(g.pk): g for g in school.groups.filter(is_active=True)}
        self.fields["group"].choices = [
            ("", "Choose a group"),
            *[(pk, g.name) for pk, g in self.groups.items()],
            (OTHER_GROUP, "Another group (type its name below)"),
        ]
        self.category_objects = {str(c.pk): c for c in code.breach_categories.all()} if code else {}
        self.fields["categories"].choices = [
            (pk, c.name) for pk, c in self.category_objects.items()
        ]

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return value

    def clean_submission_key(self):
        value = self.cleaned_data["submission_key"]
        if not submission_key_valid(value):
            raise forms.ValidationError("This form has expired. Please submit it again.")
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("group") == OTHER_GROUP and not cleaned.get("other_group_name"):
            self.add_error("other_group_name", "Please type the name of the group.")
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def report_details(self) -> dict:
        """The Report fields, as the service takes them."""
        data = self.cleaned_data
        group = self.groups.get(data["group"])
        return {
            "reporter_name": data["reporter_name"],
            "reporter_email": data["reporter_email"],
            "reporter_phone": data["reporter_phone"],
            "group": group,
            "other_group_name": "" if group else data["other_group_name"],
            "occurred_on": data["occurred_on"],
            "occurred_at": data["occurred_at"],
            "description": data["description"],
            "person_concerned": data["person_concerned"],
            "safeguarding": data["safeguarding"],
        }

    def report_categories(self) -> list:
        return [self.category_objects[pk] for pk in self.cleaned_data["categories"]]


class FollowUpForm(KeepsScreenshotsForm):
    errors_name_their_field = True
    text = forms.CharField(
        label="Your message",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    screenshots = ScreenshotsField(
        label="Screenshots (optional)",
        help_text=PUBLIC_HELP_TEXT,
    )

    def clean(self):
        cleaned = super().clean()
        attached = cleaned.get("screenshots") or self.kept
        if not cleaned.get("text") and not attached and not self.errors:
            raise forms.ValidationError("Please write something or attach a screenshot.")
        return cleaned
