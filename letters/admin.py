from django import forms
from django.contrib import admin

from incidents.admin import CaseRecordAdmin
from letters.models import Letter, LetterRender, LetterTemplate
from letters.templating import VARIABLES, unknown_placeholders


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["school", "kind", "title", "body"]
        help_texts = {
            "body": "Placeholders: " + ", ".join("{{ %s }}" % n for n in VARIABLES)  # noqa: UP031
        }

    def clean_body(self):
        body = self.cleaned_data["body"]
        unknown = unknown_placeholders(body)
        if unknown:
            raise forms.ValidationError("Unknown placeholders: " + ", ".join(sorted(unknown)))
        return body


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    form = LetterTemplateForm
    list_display = ["school", "kind", "title", "updated_at"]
    list_filter = ["school", "kind"]


@admin.register(Letter)
class LetterAdmin(CaseRecordAdmin):
    list_display = ["case", "kind", "title", "status", "approved_at", "sent_at"]
    list_filter = ["status", "kind"]
    fields = [
        "case",
        "kind",
        "title",
        "status",
        "letter_date",
        "created_by",
        "created_at",
        "approved_by",
        "approved_at",
        "delivery",
        "sent_at",
    ]


@admin.register(LetterRender)
class LetterRenderAdmin(CaseRecordAdmin):
    list_display = ["letter", "status", "attempts", "finished_at"]
    fields = [
        "letter",
        "status",
        "attempts",
        "claimed_at",
        "finished_at",
        "sha256",
        "size",
        "pages",
        "last_error",
    ]

    def case_of(self, obj):
        return obj.letter.case
