"""The legal-hold panel on the case page (receives incidents' case_page_panels) and the
dashboard's count of what awaits disposal review (receives incidents' dashboard_panels). Setting and
clearing a hold each write a chronology entry in the same transaction, which raises the case's
stamp, so a cached page never shows a stale hold."""

from incidents.models import CaseEvent
from policies.permissions import Action, role_allows
from retention.selectors import awaiting_disposal_count, standing_hold


def legal_hold_panel(*, case, role, event_kinds, **signal):
    if not role_allows(role, Action.RETENTION):
        return None
    # A case never held has no retention entry in its chronology: no query for it.
    held = CaseEvent.Kind.RETENTION in event_kinds and standing_hold(case=case)
    return ("retention/includes/case_panel.html", {"hold": held or None})


def disposal_review_panel(*, school, role, **signal):
    if not role_allows(role, Action.RETENTION):
        return None
    return (
        "retention/includes/dashboard_panel.html",
        {"awaiting": awaiting_disposal_count(school=school)},
    )
