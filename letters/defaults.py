"""Starting wording for each kind of letter; administrators edit it per school in the admin."""

import re

from letters.models import Kind, LetterTemplate
from policies.models import Response, School

WARNING_TITLE = re.compile(r"(warning letter|cautionary notice)", re.IGNORECASE)

# The parts of the DfE guidance's letter that the decision letters share: the behaviour and the
# rules it breached, trespass (s.547 Education Act 1996), the child's drop-off and collection
# (written in the ban's conditions), who reviews the ban and when, and how to write in.
_BAN_TERMS = (
    "The ban was made because of this behaviour:\n\n{{ ban_reasons }}\n\n"
    "It breached these rules of the school's {{ code_title }}:\n\n{{ breached_rules }}\n\n"
)
_TRESPASS = (
    "While the ban is in force you must not enter the school premises except as the "
    "conditions below allow. If you do, the school may treat you as a trespasser under "
    "section 547 of the Education Act 1996 and have you removed from the premises.\n\n"
    "The conditions, including the arrangements for your child's drop-off and "
    "collection:\n\n{{ ban_conditions }}\n\n"
)
_REVIEW = (
    "The {{ decision_maker_title }} will review the ban on {{ review_date }}. You may send "
    "anything you would like the review to take into account {{ representation_how }}."
)

BODIES = {
    Kind.ACKNOWLEDGEMENT: (
        "Your concern {{ reference }}",
        "Dear {{ salutation }}\n\n"
        "Thank you for raising your concern with {{ school_name }}. It has been received in "
        "confidence by the senior leadership team and will be handled under our "
        "{{ code_title }}.\n\n"
        "Your reference is {{ reference }}. Please quote it if you contact us about this.",
    ),
    Kind.MODERATOR_REQUEST: (
        "Request to remove a post",
        "Dear {{ salutation }}\n\n"
        "As the moderator of the {{ group_name }} group, we ask you to remove a post made on "
        "{{ incident_date }} which breaches the school's {{ code_title }}:\n\n"
        "{{ breached_rules }}\n\n"
        "Please let us know once it has been removed. Thank you for your help in keeping the "
        "group a respectful place for everyone.",
    ),
    Kind.WARNING: (
        "Warning letter",
        "Dear {{ salutation }}\n\n"
        "We are writing about your messages in the {{ group_name }} group on {{ incident_date }}. "
        "Having gathered information and spoken with you, the school considers that they breach "
        "its {{ code_title }}, which all parents are asked to follow:\n\n"
        "{{ breached_rules }}\n\n"
        "This letter is a {{ response_name }}. We ask you to follow the code from now on. If "
        "further breaches occur, the school may take further steps, which can include a "
        "meeting, legal advice and a ban from the school site.\n\n"
        "The final decision on how the school responds rests with the {{ decision_maker_title }}.",
    ),
    Kind.MEETING_INVITATION: (
        "Invitation to a meeting",
        "Dear {{ salutation }}\n\n"
        "We would like to meet you to discuss your messages in the {{ group_name }} group, "
        "which the school considers breach its {{ code_title }}:\n\n"
        "{{ breached_rules }}\n\n"
        "The meeting will be on {{ meeting_date }} at {{ meeting_time }}, at {{ meeting_place }}. "
        "Please confirm that you can attend, or suggest another time.",
    ),
    Kind.SITE_BAN_INTENDED: (
        "Notice of an intended ban from the school site",
        "Dear {{ salutation }}\n\n"
        "The {{ decision_maker_title }} intends to ban you from the premises of "
        "{{ school_name }} because of this behaviour:\n\n{{ ban_reasons }}\n\n"
        "It breached these rules of the school's {{ code_title }}:\n\n"
        "{{ breached_rules }}\n\n"
        "The ban would run from {{ ban_start }} to {{ ban_end }}. While it is in force you must "
        "not enter the school premises except as the conditions below allow. If you do, the "
        "school may treat you as a trespasser under section 547 of the Education Act 1996 "
        "and have you removed from the premises.\n\n"
        "The conditions, including the arrangements for your child's drop-off and "
        "collection:\n\n{{ ban_conditions }}\n\n"
        "No decision has been made yet: first you may make representations, anything you "
        "would like the {{ decision_maker_title }} to take into account.\n"
        "You can make representations online at {{ representation_url }}, or "
        "{{ representation_how }}, by {{ representation_deadline }}.\n"
        "The {{ decision_maker_title }} will consider them and write to you with the decision. "
        "If the ban is confirmed, the {{ decision_maker_title }} will review it on "
        "{{ review_date }}.",
    ),
    Kind.SITE_BAN_DECISION: (
        "Decision on the ban from the school site",
        "Dear {{ salutation }}\n\n"
        "Having considered the matter, and any representations you made, the "
        "{{ decision_maker_title }} has decided to confirm the ban from the school site.\n\n"
        "{{ decision_note }}\n\n"
        + _BAN_TERMS
        + "The ban runs from {{ ban_start }} until {{ ban_end }}. "
        + _TRESPASS
        + _REVIEW,
    ),
    Kind.SITE_BAN_MODIFIED: (
        "Decision on the ban from the school site",
        "Dear {{ salutation }}\n\n"
        "Having considered the matter, and any representations you made, the "
        "{{ decision_maker_title }} has decided to confirm the ban from the school site with "
        "these changes: it runs from {{ ban_start }} until {{ ban_end }}.\n\n"
        "{{ decision_note }}\n\n" + _BAN_TERMS + _TRESPASS + _REVIEW,
    ),
    Kind.SITE_BAN_LIFTED: (
        "Decision on the intended ban from the school site",
        "Dear {{ salutation }}\n\n"
        "Having considered the matter, and any representations you made, the "
        "{{ decision_maker_title }} has decided to lift the ban from the school site: you are "
        "not banned from the school site.\n\n{{ decision_note }}",
    ),
    Kind.SITE_BAN_WITHDRAWN: (
        "The intended ban from the school site is withdrawn",
        "Dear {{ salutation }}\n\n"
        "We wrote to you about an intended ban from the school site. The "
        "{{ decision_maker_title }} has withdrawn it: you are not banned from the school site, "
        "and you do not need to make representations about it.\n\n{{ decision_note }}",
    ),
    Kind.BAN_REVIEW: (
        "Review of the ban from the school site",
        "Dear {{ salutation }}\n\n"
        "The {{ decision_maker_title }} has reviewed your ban from the premises of "
        "{{ school_name }}, made because of this behaviour:\n\n{{ ban_reasons }}\n\n"
        "The outcome of the review is: {{ ban_decision }}.\n\n{{ decision_note }}\n\n"
        "While the ban continues you must not enter the school premises except as its "
        "conditions allow; if you do, the school may treat you as a trespasser under section "
        "547 of the Education Act 1996. The conditions, including the arrangements for your "
        "child's drop-off and collection:\n\n{{ ban_conditions }}\n\n"
        "You may send anything you would like the {{ decision_maker_title }} to take into "
        "account {{ representation_how }}.",
    ),
    Kind.CASE_OUTCOME: (
        "Outcome of the matter {{ reference }}",
        "Dear {{ salutation }}\n\n"
        "The school has now concluded the matter {{ reference }}. The outcome is: "
        "{{ outcome }}.\n\n"
        "Thank you for your cooperation in keeping our class groups respectful.",
    ),
}

# What a letter of each kind must state before the headteacher can approve it.
REQUIRED = {
    Kind.WARNING: {"breached_rules"},
    Kind.MEETING_INVITATION: {"meeting_date", "meeting_time", "meeting_place"},
    Kind.SITE_BAN_INTENDED: {
        "ban_reasons",
        "breached_rules",
        "ban_start",
        "ban_end",
        "representation_how",
        "representation_deadline",
        "review_date",
    },
    Kind.SITE_BAN_DECISION: {"decision_note", "ban_end", "review_date"},
    Kind.SITE_BAN_MODIFIED: {"decision_note", "ban_start", "ban_end", "review_date"},
    Kind.SITE_BAN_LIFTED: {"decision_note"},
    Kind.SITE_BAN_WITHDRAWN: {"decision_note"},
    Kind.BAN_REVIEW: {"ban_decision", "decision_note"},
}


def warning_title(school: School) -> str:
    """The school's own name for a warning letter, e.g. St John's "Cautionary notice"."""
    wording = (
        Response.objects.filter(code__school=school, kind=Response.Kind.WARNING_LETTER)
        .values_list("wording", flat=True)
        .first()
    )
    match = WARNING_TITLE.search(wording or "")
    return match.group(1).capitalize() if match else "Warning letter"


def letter_templates_seed(*, school: School, **signal) -> list[LetterTemplate]:
    """Create the school's missing templates (receives school_created). Idempotent; keeps edits."""
    existing = set(LetterTemplate.objects.filter(school=school).values_list("kind", flat=True))
    missing = [
        LetterTemplate(
            school=school,
            kind=kind,
            title=warning_title(school) if kind == Kind.WARNING else title,
            body=body,
        )
        for kind, (title, body) in BODIES.items()
        if kind not in existing
    ]
    return LetterTemplate.objects.bulk_create(missing, ignore_conflicts=True)
