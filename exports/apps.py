from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = "Exports"

    def ready(self):
        from exports.panels import case_bundle_panel
        from incidents.signals import case_page_panels

        case_page_panels.connect(case_bundle_panel)
