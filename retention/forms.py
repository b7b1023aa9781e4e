from django import forms


class HoldForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="e.g. a claim has been brought; the police are investigating.",
    )


class ExtendForm(forms.Form):
    keep_until = forms.DateField(label="Keep until", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class ChooseForm(forms.Form):
    """The items the headteacher ticked on the list; `confirmed` after the confirmation page."""

    items = forms.TypedMultipleChoiceField(coerce=int, choices=())
    confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, item_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(pk, pk) for pk in item_ids]
        self.fields["items"].error_messages["required"] = "Tick at least one item to dispose of."
