from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = "Retention and disposal"

    def ready(self):
        from incidents.signals import case_page_panels, dashboard_panels
        from policies.signals import school_created
        from retention.panels import disposal_review_panel, legal_hold_panel
        from retention.services.schedule import schedule_seed

        school_created.connect(schedule_seed)
        case_page_panels.connect(legal_hold_panel)
        dashboard_panels.connect(disposal_review_panel)
