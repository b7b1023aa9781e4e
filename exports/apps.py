from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = "Exports"

    def ready(self):
        from exports.panels import case_bundle_panel
        from incidents.services import hooks

        hooks.listen("case_panels", case_bundle_panel)
