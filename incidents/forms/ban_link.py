"""The parent's representations through their site-ban link."""

from django import forms

from incidents.forms.fields import PUBLIC_HELP_TEXT, KeepsScreenshotsForm, ScreenshotsField


class BanRepresentationsForm(KeepsScreenshotsForm):
    errors_name_their_field = True
    more_screenshots_label = "Add more documents or screenshots"
    text = forms.CharField(
        label="Your representations",
        help_text="Why you think the ban should not go ahead, or should be different.",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Please write your representations."},
    )
    screenshots = ScreenshotsField(
        label="Documents or screenshots (pictures or photos of them)",
        help_text=PUBLIC_HELP_TEXT,
    )
