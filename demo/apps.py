from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and scale data. Sits above every other app, so it may import them all."""

    name = "demo"
    verbose_name = "Demo data"
