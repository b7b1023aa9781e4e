from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff sign-in: password, then a second factor (TOTP or a backup code); session limits."""

    name = "accounts"
    verbose_name = "Staff sign-in"

    def ready(self):
        from accounts import signals  # noqa: F401
