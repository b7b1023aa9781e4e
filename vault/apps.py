from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "vault"
    verbose_name = "Encryption at rest"

    def ready(self):
        from vault import checks  # noqa: F401  (registers the deploy check)
