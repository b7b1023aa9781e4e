from django import forms

from letters.models import Kind, Letter
from letters.templating import VARIABLES, unknown_placeholders


class LetterEditForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    recipient_address = forms.CharField(
        label="Postal address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label="Wording",
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="Placeholders you can use: "
        + ", ".join("{{ %s }}" % name for name in VARIABLES)  # noqa: UP031
        + ".",
    )

    def __init__(self, *args, letter=None, **kwargs):
        super().__init__(*args, **kwargs)
        if letter is not None and letter.parent_id:
            # a parent's address is on their details, for every letter to them
            del self.fields["recipient_address"]

    def clean_body(self):
        body = self.cleaned_data["body"]
        unknown = unknown_placeholders(body)
        if unknown:
            raise forms.ValidationError(
                "These placeholders do not exist: " + ", ".join(sorted(unknown)) + "."
            )
        return body


class LetterNewForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of letter", choices=Kind.choices)
    parent = forms.ModelChoiceField(label="To the parent", queryset=None, required=False)
    recipient_name = forms.CharField(
        label="Or to (name)", required=False, help_text="e.g. the group's moderator"
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = case.parents.all()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("parent") and not cleaned.get("recipient_name"):
            raise forms.ValidationError("Choose the parent or type who the letter is to.")
        return cleaned


class LetterSendForm(forms.Form):
    delivery = forms.ChoiceField(
        label="How", choices=Letter.Delivery.choices, widget=forms.RadioSelect
    )
