"""The dashboard's list of subject access requests due within a week or overdue (receives
incidents' dashboard_panels)."""

from policies.permissions import Action, role_allows
from sar.selectors import sars_due_soon


def sars_due_panel(*, school, role, today, limit, **signal):
    if not role_allows(role, Action.PREPARE_SAR):
        return None
    due = list(sars_due_soon(school=school, today=today)[: limit + 1])
    return (
        "sar/includes/dashboard_panel.html",
        {"sars": due[:limit], "more": len(due) > limit, "today": today},
    )
