"""The letters panel on the case page (registered with incidents' case_panels hook)."""

from letters.selectors import letters_for_case
from policies.permissions import Action, role_allows


def case_letters_panel(*, case, user, role, event_kinds=frozenset()):
    """The chronology records every letter, so a case without letter events costs no query."""
    from incidents.models import CaseEvent

    has_letters = CaseEvent.Kind.LETTER in event_kinds
    return (
        "letters/includes/case_panel.html",
        {
            "letters": letters_for_case(case) if has_letters else [],
            "can_work": role_allows(role, Action.WORK_CASES),
            "can_decide": role_allows(role, Action.DECIDE),
        },
    )
