"""Several screenshots in one field, each validated by content through the evidence rules."""

from django import forms
from django.core.exceptions import ValidationError

from incidents.services.images import ImageRejected, ProcessedImage, image_process

MAX_FILES = 10
ACCEPT = "image/png,image/jpeg,image/webp,image/gif,image/heic,image/heif,.heic,.heif"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    """Cleans to a list of (original name, ProcessedImage)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list[tuple[str, ProcessedImage]]:
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > MAX_FILES:
            raise ValidationError(
                f"You can attach up to {MAX_FILES} screenshots at a time; you chose "
                f"{len(uploads)}. Please choose the {MAX_FILES} that show the most.",
                code="too_many",
            )
        processed, errors = [], []
        for upload in uploads:
            try:
                processed.append((upload.name or "screenshot", image_process(upload)))
            except ImageRejected as exc:
                errors.append(ValidationError(str(exc), code="rejected"))
        if errors:
            raise ValidationError(errors)
        return processed
