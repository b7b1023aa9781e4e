from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "Letters"

    def ready(self):
        from incidents.services import hooks
        from letters.panels import case_letters_panel
        from letters.services.drafting import drafts_after_ban_step, drafts_after_transition

        hooks.listen("case_transitioned", drafts_after_transition)
        hooks.listen("site_ban_step", drafts_after_ban_step)
        hooks.listen("case_panels", case_letters_panel)
