"""The words staff read about the workflow, whose rules are in incidents.services.workflow."""

from incidents.models import Case

# In the order the case page lists them.
TRANSITION_LABELS = {
    "triage": "Accept for triage",
    "dismiss": "Dismiss",
    "speak_to_parent": "Move to speaking to the parent",
    "escalate_to_warning_letter": "Escalate to a warning letter",
    "escalate_to_meeting": "Escalate to a meeting",
    "escalate_to_legal_advice": "Escalate to legal advice",
    "escalate_to_site_ban": "Escalate to a site ban",
    "close": "Close",
    "close_as_duplicate": "Close as a duplicate",
    "reopen": "Reopen",
}

# Steps that end the work on a case. The case page never offers them first and shows them
# apart; their pages say what they do before anyone confirms.
DESTRUCTIVE = frozenset({"dismiss", "close", "merge"})
CONFIRMATIONS = {
    "dismiss": (
        "Dismiss the concern",
        "Dismissing closes the case as “Dismissed at triage”. The reporter's follow-up link "
        "will say it is closed and take no more information; only the headteacher can reopen it.",
    ),
    "close": (
        "Close the case",
        "Closing ends the work on this case: nothing more can be recorded on it until the "
        "headteacher reopens it.",
    ),
}

# How a conversation with a parent was held (recorded with it, shown on the case page).
CONVERSATION_METHODS = {
    "in_person": "In person",
    "phone": "Telephone",
    "video": "Video call",
    "email": "E-mail",
}


def transition_refusal(name: str) -> str:
    """Why this person's role may not apply the transition."""
    if name.startswith("escalate_to_"):
        return "Only the headteacher can escalate a case. You can propose the escalation instead."
    if name == "reopen":
        return "Only the headteacher can reopen a case."
    if name in {"close", "close_as_duplicate"}:
        return "At this stage only the headteacher can close the case."
    return "Your role does not allow you to do that."


def transition_too_late(case: Case, name: str) -> str:
    return (
        f"This case is now “{case.get_status_display()}”, so “{TRANSITION_LABELS[name]}” "
        "is not possible. The page has been refreshed."
    )
