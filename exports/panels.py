"""The case-bundle panel on the case page (receives incidents' case_page_panels)."""

from exports.selectors import bundles_for_case
from policies.permissions import Action, role_allows


def case_bundle_panel(*, case, role, **signal):
    if not role_allows(role, Action.DECIDE):  # bundles are for the headteacher only
        return None
    return ("exports/includes/case_panel.html", {"bundles": bundles_for_case(case=case)})
