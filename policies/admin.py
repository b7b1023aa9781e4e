from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models

from policies.models import (
    BreachCategory,
    ClosureDate,
    CodeOfConduct,
    Membership,
    MessagingGroup,
    Response,
    School,
)
from policies.signals import school_created


class ClosureDateInline(admin.TabularInline):
    model = ClosureDate
    extra = 0


class MessagingGroupInline(admin.TabularInline):
    model = MessagingGroup
    extra = 0


class PrivateFileWidget(AdminFileWidget):
    """The admin's file input naming the current file without linking to it: a private file
    has no address (the storage's url() is never asked for)."""

    template_name = "widgets/private_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", ""))


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    formfield_overrides = {models.ImageField: {"widget": PrivateFileWidget}}
    list_display = ["name", "reference_code", "decision_maker_title", "concern_email"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MessagingGroupInline, ClosureDateInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            school_created.send(sender=School, school=obj)


class BreachCategoryInline(admin.TabularInline):
    model = BreachCategory
    extra = 0


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0


@admin.register(CodeOfConduct)
class CodeOfConductAdmin(admin.ModelAdmin):
    list_display = ["school", "title", "version", "effective_date", "review_date"]
    list_filter = ["school"]
    inlines = [BreachCategoryInline, ResponseInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role", "safeguarding_lead"]
    list_filter = ["school", "role", "safeguarding_lead"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]


@admin.register(MessagingGroup)
class MessagingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "platform", "year_group", "moderators", "is_active"]
    list_filter = ["school", "platform", "is_active"]
    search_fields = ["name", "moderators"]
