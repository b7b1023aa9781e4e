from django.apps import AppConfig


class SarConfig(AppConfig):
    name = "sar"
    verbose_name = "Subject access requests"

    def ready(self):
        from incidents.signals import dashboard_panels
        from sar.panels import sars_due_panel

        dashboard_panels.connect(sars_due_panel)
