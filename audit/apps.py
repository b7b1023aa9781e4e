from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who saw what: an append-only access log. Imports none of our other apps."""

    name = "audit"
    verbose_name = "Access audit"

    def ready(self):
        from audit import signals  # noqa: F401  (sign-in success and failure)
