"""The administrator edits each school's retention schedule here. Holds, extensions and records
of destruction are the headteacher's, at /staff/retention/; the admin shows the records only."""

from django.contrib import admin

from retention.models import DisposalRecord, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["school", "series", "years", "trigger", "updated_at"]
    list_filter = ["school", "series"]
    list_editable = ["years"]
    readonly_fields = ["school", "series"]
    fields = ["school", "series", "years", "trigger", "basis"]

    def has_add_permission(self, request):
        return False  # every school has every row, from its creation

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DisposalRecord)
class DisposalRecordAdmin(admin.ModelAdmin):
    list_display = ["reference", "school", "series", "approved_by_name", "approved_at"]
    list_filter = ["school", "series"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
