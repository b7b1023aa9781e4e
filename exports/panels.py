"""The case-bundle panel on the case page (receives incidents' case_page_panels)."""

from exports.selectors import bundles_for_case, disclosures_in_review
from policies.permissions import Action, role_allows


def case_bundle_panel(*, case, role, **signal):
    if not role_allows(role, Action.PREPARE_DISCLOSURE):
        return None
    # SLT prepare disclosures; the bundles themselves are the headteacher's.
    bundles = bundles_for_case(case=case) if role_allows(role, Action.DECIDE) else []
    return (
        "exports/includes/case_panel.html",
        {"bundles": bundles, "in_review": disclosures_in_review(case=case)},
    )
