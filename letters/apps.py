from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "Letters"

    def ready(self):
        from incidents.signals import (
            case_page_panels,
            case_transitioned,
            site_ban_stepped,
            waiting_for_head,
        )
        from letters.defaults import letter_templates_seed
        from letters.panels import case_letters_panel
        from letters.queue import letters_waiting
        from letters.services.drafting import drafts_after_ban_step, drafts_after_transition
        from policies.signals import school_created

        school_created.connect(letter_templates_seed)
        case_transitioned.connect(drafts_after_transition)
        site_ban_stepped.connect(drafts_after_ban_step)
        case_page_panels.connect(case_letters_panel)
        waiting_for_head.connect(letters_waiting)
