"""Users in the admin: a password an administrator sets is temporary, and an administrator can
reset someone's second factor (recorded in the access audit)."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.template.response import TemplateResponse

from accounts.services import password_set_by_administrator, second_factor_reset

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    actions = ["reset_second_factor"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            password_set_by_administrator(user=obj, by=request.user)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        before = user.password if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if user is not None:
            user.refresh_from_db(fields=["password"])
            if user.password != before and user.has_usable_password():
                password_set_by_administrator(user=user, by=request.user)
        return response

    @admin.action(description="Reset second factor of selected users", permissions=["change"])
    def reset_second_factor(self, request, queryset):
        if request.POST.get("confirmed") == "yes":
            for user in queryset:
                second_factor_reset(request=request, user=user, by=request.user)
            self.message_user(
                request,
                f"Second factor reset for {len(queryset)} user(s). They set up an authenticator "
                "app again at their next sign-in.",
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Reset second factor?",
            "opts": self.opts,
            "users": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/accounts/reset_second_factor.html", context)
