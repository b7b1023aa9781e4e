from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin, on a site that asks for the whole sign-in (see accounts.admin_site)."""

    default_site = "accounts.admin_site.StaffAdminSite"
