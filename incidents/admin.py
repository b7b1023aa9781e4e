"""Admin: case history is for looking up only, never for changing.

Every change to a case goes through the staff pages' services, which check the acting user's
role at the case's school and write the chronology. So the admin can add, change and delete
none of these rows; each admin lists the few fields it shows (`fields`), which leave out
report text, reporter contact, notes and letters' wording; and opening one is written to the
access audit, like opening a case on the staff pages.
"""

from django.contrib import admin

from audit.services import Action as AccessAction
from audit.services import access_record
from incidents.models import (
    Case,
    CaseEvent,
    Evidence,
    Notification,
    Parent,
    Report,
    StandardReply,
)
from policies.permissions import ADMIN_SITE_ROLE


class CaseRecordAdmin(admin.ModelAdmin):
    """Read-only and audited. Subclasses set `fields` (what is shown) and `case_of`."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def case_of(self, obj) -> Case | None:
        return getattr(obj, "case", None)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            self.record_view(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def record_view(self, request, obj):
        """One access-audit row per opening. A row that belongs to a case is recorded against
        the case, so it shows in "who has viewed this case"."""
        case = self.case_of(obj)
        if case is None:
            object_type, object_id = obj._meta.model_name, obj.pk
            # Never a person's name: the audit outlives a case disposed of with its parents.
            label = f"{obj._meta.verbose_name} {obj.pk}"
            school_id = getattr(obj, "school_id", None)
        else:
            object_type, object_id, school_id = "case", case.pk, case.school_id
            label = case.reference
            if not isinstance(obj, Case):
                which = getattr(obj, "reference", obj.pk)
                label = f"{case.reference} ({obj._meta.verbose_name} {which})"
        access_record(
            request=request,
            action=AccessAction.VIEW_CASE,
            school_id=school_id,
            role=ADMIN_SITE_ROLE,
            object_type=object_type,
            object_id=object_id,
            object_label=label,
            case_id=case.pk if case is not None else None,
        )


@admin.register(Parent)
class ParentAdmin(CaseRecordAdmin):
    list_display = ["full_name", "school", "year_groups"]
    list_filter = ["school"]
    search_fields = ["full_name"]
    fields = ["full_name", "school", "year_groups", "created_at"]

    def case_of(self, obj):
        return None


@admin.register(Case)
class CaseAdmin(CaseRecordAdmin):
    list_display = ["reference", "school", "status", "owner", "opened_at"]
    list_filter = ["school", "status"]
    search_fields = ["reference"]
    fields = [
        "reference",
        "school",
        "status",
        "owner",
        "outcome",
        "merged_into",
        "opened_at",
        "closed_at",
    ]

    def case_of(self, obj):
        return obj


@admin.register(Report)
class ReportAdmin(CaseRecordAdmin):
    list_display = ["reference", "school", "case", "submitted_at"]
    list_filter = ["school"]
    search_fields = ["reference"]
    fields = ["reference", "school", "case", "group", "occurred_on", "submitted_at"]


@admin.register(Evidence)
class EvidenceAdmin(CaseRecordAdmin):
    list_display = ["public_id", "case", "content_type", "size", "added_at"]
    fields = [
        "public_id",
        "case",
        "report",
        "added_by",
        "added_by_reporter",
        "content_type",
        "size",
        "width",
        "height",
        "added_at",
    ]


@admin.register(CaseEvent)
class CaseEventAdmin(CaseRecordAdmin):
    list_display = ["case", "kind", "actor", "actor_label", "created_at"]
    list_filter = ["kind"]
    fields = ["case", "kind", "actor", "actor_label", "source", "target", "created_at"]


@admin.register(Notification)
class NotificationAdmin(CaseRecordAdmin):
    list_display = ["kind", "recipient", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    fields = [
        "kind",
        "school",
        "case",
        "recipient",
        "due_on",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "finished_at",
    ]


@admin.register(StandardReply)
class StandardReplyAdmin(admin.ModelAdmin):
    """A school's standard replies to reporters: its settings, not case history, so editable."""

    list_display = ["title", "school", "outcome", "position"]
    list_filter = ["school", "outcome"]
    search_fields = ["title", "text"]
