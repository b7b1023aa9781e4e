"""Messages between the school and a reporter, kept in the case's chronology.

A message to a reporter is a chronology entry (REPORTER_MESSAGE) naming the report whose
reporter it is for; a reporter's reply is their addition to the concern (REPORTER_UPDATE,
`incidents.services.reports.report_add_information`). The chronology is append-only, so neither
side's words can be edited afterwards, and the case page, its cache stamp and the case bundle
carry them with everything else. The reporter is told by e-mail that there is a message, never
what it says and never their link.
"""

from django.contrib.auth.models import User
from django.db import transaction

from incidents.models import Case, CaseEvent, Report, StandardReply
from incidents.services.chronology import require
from incidents.services.errors import NotNow
from incidents.services.notifications import reporter_tell_of_message
from incidents.services.workflow import case_apply_transition
from policies.models import School
from policies.permissions import Action

Outcome = Case.Outcome

# (title, text, outcome) for every new school; the administrator edits them afterwards.
DEFAULT_REPLIES = [
    (
        "Thank you, we are looking into it",
        "Thank you for your message. We are looking into your concern and will write to you "
        "here if we need anything more.",
        "",
    ),
    (
        "We need more information",
        "Thank you for raising this concern. To look into it properly we need more "
        "information. Could you please reply here with what happened, when, and a screenshot "
        "if you have one?",
        "",
    ),
    (
        "We have taken action",
        "Thank you for telling us. We have taken action on your concern. We cannot share "
        "details about another family, but please be assured the school has acted.",
        "",
    ),
    (
        "Closed: resolved",
        "We have finished looking into your concern and have taken action. We cannot share "
        "details about another family. Thank you for telling us.",
        Outcome.RESOLVED,
    ),
    (
        "Closed: no further action",
        "We have finished looking into your concern and have decided that no further action "
        "is needed. Thank you for telling us.",
        Outcome.NO_FURTHER_ACTION,
    ),
    (
        "Closed: unfounded",
        "We have looked into your concern carefully and did not find that the code of conduct "
        "was broken. Thank you for telling us.",
        Outcome.UNFOUNDED,
    ),
    (
        "Closed: withdrawn",
        "As you asked, we have closed your concern. If anything new happens, please raise a "
        "new concern.",
        Outcome.WITHDRAWN,
    ),
    (
        "Dismissed",
        "Thank you for telling us. Having read your concern, the school will not be taking it "
        "further under the code of conduct. If anything new happens, please raise a new concern.",
        Outcome.DISMISSED,
    ),
]


def standard_replies_seed(*, school: School, **signal) -> list[StandardReply]:
    """Create the school's missing standard replies (receives school_created). Idempotent;
    keeps the administrator's edits."""
    if StandardReply.objects.filter(school=school).exists():
        return []
    return StandardReply.objects.bulk_create(
        StandardReply(school=school, title=title, text=text, outcome=outcome, position=number)
        for number, (title, text, outcome) in enumerate(DEFAULT_REPLIES)
    )


def standard_replies(*, school_id: int) -> list[StandardReply]:
    """The everyday replies offered on the "Message the reporter" page."""
    return list(StandardReply.objects.filter(school_id=school_id, outcome=""))


def outcome_messages(*, school_id: int) -> dict[str, str]:
    """The message proposed to the reporter for each outcome a case may close with."""
    rows = StandardReply.objects.filter(school_id=school_id).exclude(outcome="")
    return {reply.outcome: reply.text for reply in rows}


def _message(*, report: Report, case: Case, text: str, by: User) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.REPORTER_MESSAGE,
        actor=by,
        text=text,
        data={"report": report.pk},
    )
    if report.reporter_email:
        reporter_tell_of_message(report=report, case=case, event=event)
    return event


@transaction.atomic
def reporter_message_send(*, report: Report, text: str, by: User) -> CaseEvent:
    """Staff write to the reporter of `report` while its case is open. The message shows on
    that reporter's follow-up page only; they are e-mailed that it is there, if they gave an
    address."""
    case = Case.objects.select_for_update().select_related("school").get(pk=report.case_id)
    require(by, case, Action.MESSAGE_REPORTER)
    if not text.strip():
        raise NotNow("Please write the message.", field="text")
    return _message(report=report, case=case, text=text.strip(), by=by)


@transaction.atomic
def case_close_telling_reporters(
    *, case: Case, name: str, by: User, note: str = "", message: str = "", **arguments
) -> Case:
    """Close or dismiss the case (`name`) and, if `message` is given, send it to each of the
    case's reporters, in one transaction: the reporter is never told of a closing that did not
    happen."""
    closed = case_apply_transition(case=case, name=name, by=by, note=note, **arguments)
    if message.strip():
        require(by, closed, Action.MESSAGE_REPORTER, open_case=False)
        for report in Report.objects.filter(case=closed):
            _message(report=report, case=closed, text=message.strip(), by=by)
    return closed
