from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Concerns and cases"

    def ready(self):
        from incidents.services.reporter_messages import standard_replies_seed
        from policies.signals import school_created

        school_created.connect(standard_replies_seed)
