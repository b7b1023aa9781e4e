"""Several screenshots in one field, each validated by content through the evidence rules."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy

from incidents.services.images import (
    BudgetExceeded,
    ImageRejected,
    ProcessedImage,
    UploadBudget,
    image_process,
)

MAX_FILES = 10
ACCEPT = "image/png,image/jpeg,image/webp,image/gif,image/heic,image/heif,.heic,.heif"


def _public_help_text() -> str:
    return (
        f"Up to {MAX_FILES} pictures, each up to 10 MB and {settings.PUBLIC_MAX_BODY_MB} MB in "
        "all: PNG, JPEG, WebP, GIF or HEIC (iPhone). Very large photos are saved smaller."
    )


# Lazy, so the limit is read from settings when the form is shown, not when it is imported.
PUBLIC_HELP_TEXT = lazy(_public_help_text, str)()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    """Cleans to a list of (original name, ProcessedImage).

    `kept` (set by the form) are pictures kept from the form's earlier attempts: they count with
    the new ones against the number of files and the submission's budget, so sending the form
    again and again never attaches more than one submission may. `accepted` holds the new
    pictures that passed even when another was refused, so the form can keep them.
    """

    kept = ()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.accepted = []

    def clean(self, data, initial=None) -> list[tuple[str, ProcessedImage]]:
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if not uploads and not self.kept:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(self.kept) + len(uploads) > MAX_FILES:
            raise ValidationError(self._too_many(len(uploads)), code="too_many")
        budget = UploadBudget(
            max_pixels=settings.UPLOAD_BUDGET_MEGAPIXELS * 1_000_000,
            max_bytes=settings.UPLOAD_BUDGET_MB * 1024 * 1024,
        )
        processed, errors = [], []
        try:
            for item in self.kept:  # decoded on an earlier attempt: charged, not decoded again
                budget.charge_pixels(item.decoded_pixels)
                budget.charge_bytes(item.size)
            for upload in uploads:  # one at a time: each decoded image is freed before the next
                try:
                    image = image_process(upload, budget=budget)
                    processed.append((upload.name or "screenshot", image))
                except ImageRejected as exc:
                    if isinstance(exc, BudgetExceeded):
                        raise
                    errors.append(ValidationError(str(exc), code="rejected"))
        except BudgetExceeded as exc:
            raise ValidationError(str(exc), code="over_budget") from None
        self.accepted = processed
        if errors:
            raise ValidationError(errors)
        return processed

    def _too_many(self, chosen: int) -> str:
        if not self.kept:
            return (
                f"You can attach up to {MAX_FILES} screenshots at a time; you chose {chosen}. "
                f"Please choose the {MAX_FILES} that show the most."
            )
        return (
            f"You can attach up to {MAX_FILES} screenshots at a time; {len(self.kept)} are "
            f"already attached and you chose {chosen} more. Please remove some, or choose "
            f"at most {max(MAX_FILES - len(self.kept), 0)}."
        )


class KeepsScreenshotsForm(forms.Form):
    """A public form with a `screenshots` field whose pictures are kept when it comes back with
    an error (incidents/views/kept.py): shown again, it lists them as attached, and they count
    with new ones against every limit."""

    keeps_screenshots = True
    more_screenshots_label = "Add more screenshots"
    # Binds the pictures kept to this rendering of the form; without a valid one none are kept.
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kept=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.keep_screenshots(kept)

    def keep_screenshots(self, kept) -> None:
        """Pictures kept from earlier attempts: shown as attached, counted in the limits."""
        self.kept = list(kept)
        field = self.fields["screenshots"]
        field.kept = self.kept
        field.label = (
            self.more_screenshots_label if self.kept else self.base_fields["screenshots"].label
        )
        self._bound_fields_cache.pop("screenshots", None)  # a bound field copies the label

    def new_screenshots(self) -> list:
        """The pictures chosen this time that passed, taken from the form (the caller holds the
        only reference, so they are freed with it), even if another field or picture failed."""
        field = self.fields["screenshots"]
        new = self.cleaned_data.pop("screenshots", None) or field.accepted
        field.accepted = []
        return new
