"""Admin: cases and reports are for looking up; the chronology and evidence are read-only."""

from django.contrib import admin

from incidents.models import Case, CaseEvent, Evidence, Notification, Parent, Report


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Parent)
class ParentAdmin(admin.ModelAdmin):
    list_display = ["full_name", "school", "year_groups"]
    list_filter = ["school"]
    search_fields = ["full_name", "email"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "school", "status", "owner", "opened_at"]
    list_filter = ["school", "status"]
    search_fields = ["reference"]
    readonly_fields = ["reference", "school", "status", "merged_into", "opened_at", "closed_at"]
    fields = [*readonly_fields, "owner", "outcome"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["reference", "school", "submitted_at", "safeguarding"]
    list_filter = ["school", "safeguarding"]
    search_fields = ["reference"]
    exclude = ["token_hash", "submission_key"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "case", "content_type", "size", "added_at"]
    exclude = ["file", "thumbnail"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "actor", "actor_label", "created_at"]
    list_filter = ["kind"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["kind", "recipient", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
