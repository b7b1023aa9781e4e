"""Forms for staff actions on a case. Choices are limited to the case's own school."""

from django import forms
from django.utils.functional import cached_property

from incidents.forms.fields import ScreenshotsField
from incidents.models import Case, CaseEvent, ModerationRequest
from incidents.presentation import CONVERSATION_METHODS
from incidents.selectors.cases import merge_candidates, open_cases_for_merge, school_parents
from incidents.services.triage import staff_who_can_own
from incidents.services.workflow import escalation_targets
from policies.selectors import code_in_force

DATE = {"type": "date"}
DATETIME = {"type": "datetime-local"}


class CaseForm(forms.Form):
    """A form about one case; subclasses read `self.case` to build their choices."""

    def __init__(self, *args, case: Case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)


# The steps that end a case, on whose form staff may write to the reporter.
ENDING = frozenset({"close", "dismiss"})
REPORTER_MESSAGE_HELP = (
    "Sent to the reporter when the case closes, on their follow-up page; they are e-mailed that "
    "there is a message. Leave it empty to send none."
)


class TransitionForm(CaseForm):
    note = forms.CharField(
        label="Note for the chronology", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(label="Outcome", required=False)
    reporter_message = forms.CharField(
        label="Message to the reporter",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=REPORTER_MESSAGE_HELP,
    )

    def __init__(
        self, *args, transition: str, outcome_messages: dict[str, str] | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.outcome_messages = outcome_messages
        if transition not in ENDING or outcome_messages is None:
            del self.fields["reporter_message"]
        elif transition == "dismiss":
            self.fields["reporter_message"].initial = outcome_messages.get(Case.Outcome.DISMISSED)
        else:
            # Filled in from the outcome chosen (static/js/app.js); chosen again after an error.
            outcome = self.data.get("outcome") if self.is_bound else ""
            self.fields["reporter_message"].initial = outcome_messages.get(outcome, "")
        if transition == "close":
            self.fields["outcome"].required = True
            self.fields["outcome"].choices = [("", "Choose the outcome")] + [
                (value, label)
                for value, label in Case.Outcome.choices
                if value not in {Case.Outcome.DUPLICATE, Case.Outcome.DISMISSED}
            ]
        else:
            del self.fields["outcome"]
        if transition == "dismiss":
            self.fields["note"].label = "Why is it dismissed?"
            self.fields["note"].required = True


class ReporterMessageForm(CaseForm):
    report = forms.ModelChoiceField(label="To the reporter of", queryset=None, empty_label=None)
    text = forms.CharField(
        label="Message",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The reporter reads this on their follow-up page. Name nobody else's family.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = self.case.reports.all()
        self.fields["report"].label_from_instance = lambda report: (
            f"{report.reference}: "
            + ("anonymous" if report.is_anonymous else report.reporter_name or "(no name)")
        )
        reports = list(self.fields["report"].queryset)
        if len(reports) == 1:
            self.fields["report"].widget = forms.HiddenInput()
            self.fields["report"].initial = reports[0].pk


class AssignOwnerForm(CaseForm):
    owner = forms.ModelChoiceField(label="Owner", queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_who_can_own(school_id=self.case.school_id)
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username


class LinkParentForm(CaseForm):
    parent = forms.ModelChoiceField(
        label="An existing parent", queryset=None, required=False, empty_label="— new parent —"
    )
    title = forms.CharField(
        label="Title", max_length=20, required=False, help_text="e.g. Mr, Mrs, Ms, Miss, Mx, Dr."
    )
    full_name = forms.CharField(label="New parent's name", max_length=200, required=False)
    surname = forms.CharField(
        label="Surname",
        max_length=100,
        required=False,
        help_text='For "Dear Mr Price"; the last word of the name if left empty.',
    )
    email = forms.EmailField(label="New parent's e-mail", required=False)
    postal_address = forms.CharField(
        label="Postal address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text="One line each, postcode last. A letter that is posted needs it.",
    )
    year_groups = forms.CharField(
        label="Year group(s) of their children", max_length=100, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = school_parents(school=self.case.school)
        if not self.is_bound:
            reported = next(
                (r.person_concerned for r in self.case.reports.all() if r.person_concerned), ""
            )
            self.initial.setdefault("full_name", reported)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("parent") and not cleaned.get("full_name"):
            raise forms.ValidationError("Choose an existing parent or type the new parent's name.")
        return cleaned


class ParentDetailsForm(CaseForm):
    """How the school writes to a parent: every letter to them reads these."""

    title = forms.CharField(
        label="Title", max_length=20, required=False, help_text="e.g. Mr, Mrs, Ms, Miss, Mx, Dr."
    )
    full_name = forms.CharField(label="Name", max_length=200)
    surname = forms.CharField(
        label="Surname",
        max_length=100,
        required=False,
        help_text='Letters greet them by title and surname ("Dear Mr Price"); with no title, by '
        "their full name. The last word of the name if left empty.",
    )
    email = forms.EmailField(label="E-mail address", required=False)
    postal_address = forms.CharField(
        label="Postal address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One line each, postcode last. A letter that is posted needs it.",
    )
    year_groups = forms.CharField(
        label="Year group(s) of their children", max_length=100, required=False
    )


class CategoriesForm(CaseForm):
    categories = forms.ModelMultipleChoiceField(
        label="Breach categories",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = code_in_force(school=self.case.school, with_responses=False)
        self.fields["categories"].queryset = (
            code.breach_categories.all() if code else Case.objects.none()
        )
        if not self.is_bound:
            self.initial["categories"] = [c.pk for c in self.case.breach_categories.all()]


class MergeForm(CaseForm):
    """Offers `candidates` (a search's results or the likely duplicates: merge_candidates);
    accepts any open case of the school, so a choice is never refused for being unlisted."""

    into = forms.ModelChoiceField(
        label="Merge into case",
        queryset=None,
        to_field_name="reference",
        error_messages={"required": "Choose the case to merge into."},
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, q: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = open_cases_for_merge(
            school=self.case.school, exclude=self.case
        )
        self.q = q.strip()

    @cached_property
    def candidates(self) -> list[Case]:
        return merge_candidates(case=self.case, q=self.q)


class NoteForm(CaseForm):
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


class EvidenceForm(CaseForm):
    # The pictures that pass are added even when others are refused (EvidenceView), so the
    # form never asks for one of them again: no "choose them again" note.
    keeps_screenshots = True
    screenshots = ScreenshotsField(
        label="Files",
        required=True,
        help_text="Up to 10 images, each up to 10 MB: PNG, JPEG, WebP, GIF or HEIC.",
    )


class ConversationForm(CaseForm):
    METHODS = list(CONVERSATION_METHODS.items())
    who = forms.CharField(label="Who took part", max_length=300)
    held_at = forms.DateTimeField(label="When", widget=forms.DateTimeInput(attrs=DATETIME))
    method = forms.ChoiceField(label="How", choices=METHODS)
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )


class MeetingForm(CaseForm):
    starts_at = forms.DateTimeField(
        label="Date and time", widget=forms.DateTimeInput(attrs=DATETIME)
    )
    place = forms.CharField(label="Place", max_length=200)
    attendees = forms.CharField(
        label="Attendees (one per line)", widget=forms.Textarea(attrs={"rows": 3})
    )


class MeetingOutcomeForm(CaseForm):
    outcome = forms.CharField(
        label="Outcome of the meeting", widget=forms.Textarea(attrs={"rows": 5})
    )


class ModerationForm(CaseForm):
    group = forms.ModelChoiceField(label="Group", queryset=None, required=False)
    moderator = forms.CharField(label="Moderator asked", max_length=200)
    follow_up_on = forms.DateField(label="Follow up on", widget=forms.DateInput(attrs=DATE))
    send_email = forms.BooleanField(
        label="E-mail the request to the moderator now",
        required=False,
        help_text="Sent to the moderator's address on the class-group register, from the "
        "school; replies go to the school office. Leave unticked to record a request made "
        "another way.",
    )
    message = forms.CharField(
        label="Which post to remove (in the e-mail)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="e.g. the message posted at 21:40 on 3 March. The moderator sees only this, "
        "never the report.",
    )
    note = forms.CharField(
        label="Note for the chronology", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = self.case.school.groups.filter(is_active=True)
        self.fields["group"].label_from_instance = lambda g: (
            f"{g.name} ({g.moderator_email or 'no moderator e-mail on the register'})"
        )
        if not self.is_bound and self.case.group_id:
            self.initial.update(group=self.case.group_id, moderator=self.case.group.moderators)


class ModerationAnswerForm(CaseForm):
    answer = forms.ChoiceField(
        label="Answer",
        choices=[
            c for c in ModerationRequest.Answer.choices if c[0] != ModerationRequest.Answer.AWAITING
        ],
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SideActionForm(CaseForm):
    note = forms.CharField(
        label="Details", widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class ProposeEscalationForm(CaseForm):
    target = forms.ChoiceField(label="Proposed step")
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (s, Case.Status(s).label) for s in escalation_targets(self.case)
        ]


class DecideEscalationForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("reject", "Reject")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note (required when rejecting)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("note", "").strip():
            self.add_error("note", "Please give the reason for rejecting the proposal.")
        return cleaned


SIDE_ACTION_KINDS = {
    "police": (CaseEvent.Kind.POLICE_REFERRAL, "Refer to the police"),
    "safeguarding-advice": (
        CaseEvent.Kind.SAFEGUARDING_ADVICE,
        "Seek the local authority safeguarding team's advice",
    ),
    "removed-from-group": (
        CaseEvent.Kind.REMOVED_FROM_GROUP,
        "Record that the moderator removed the parent from the group",
    ),
}
