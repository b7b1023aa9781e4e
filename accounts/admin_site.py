"""The admin site decides access itself, so a prefix (SCRIPT_NAME) in front of /admin/ or a
missing middleware does not open it to a password-only session."""

from django.contrib import admin

from accounts.sessions import sign_in_redirect


class StaffAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and sign_in_redirect(request) is None

    def login(self, request, extra_context=None):
        # Staff who have not finished signing in go to the step they are missing, rather than
        # to a password form that says they are not allowed in.
        user = request.user
        if user.is_active and user.is_staff:
            unfinished = sign_in_redirect(request)
            if unfinished is not None:
                return unfinished
        return super().login(request, extra_context)
