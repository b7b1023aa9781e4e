from django import forms
from django.utils import timezone

from sar.models import SubjectAccessRequest


class LogForm(forms.ModelForm):
    class Meta:
        model = SubjectAccessRequest
        fields = [
            "requester_name",
            "requester_email",
            "requester_phone",
            "received_on",
            "channel",
            "identity_verified",
        ]
        labels = {
            "requester_name": "Requester's name",
            "requester_email": "Requester's e-mail",
            "requester_phone": "Requester's phone",
            "received_on": "Received on",
            "channel": "How it arrived",
        }
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "identity_verified": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "received_on": "The deadline is one calendar month from this day.",
            "requester_phone": "Any spelling: 07700 900123 and +44 7700 900123 both match.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["identity_verified"].required = True


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        coerce=int, choices=[(1, "One month"), (2, "Two months")], label="Extend by"
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the request is complex or numerous. Tell the requester within the month.",
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirmed", "confirmed"), ("rejected", "rejected")])


class NothingForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why nothing of this case is disclosed",
        help_text="e.g. every item is withheld under an exemption, named here.",
    )
