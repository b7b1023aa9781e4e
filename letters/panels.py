"""The letters panel on the case page (receives incidents' case_page_panels)."""

from incidents.models import CaseEvent
from letters.selectors import letters_for_case
from policies.permissions import Action, role_allows


def case_letters_panel(*, case, role, event_kinds, **signal):
    """The chronology records every letter, so a case without letter events costs no query."""
    return (
        "letters/includes/case_panel.html",
        {
            "letters": letters_for_case(case) if CaseEvent.Kind.LETTER in event_kinds else [],
            "can_work": role_allows(role, Action.WORK_CASES),
            "can_decide": role_allows(role, Action.DECIDE),
        },
    )
