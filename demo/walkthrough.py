"""A handful of cases per school at different steps, so a newcomer running `make run` finds the
dashboard and the headteacher's queue populated (`seed_demo --walkthrough`).

Every step goes through the services staff use, as the demo's SLT and headteacher, so each
case has the chronology, letters and counters a real one would. A case is found again by its
report's submission key, so running the seeding again adds nothing.

- **Awaiting approval**: SLT propose a warning letter; a meeting with the parent is tomorrow;
  SLT asked the reporter for more information and the reporter replied.
- **Draft letter**: the headteacher approved a warning letter, whose draft waits for their
  approval; the group's moderator was asked to remove the post and is due an answer today.
- **Intended ban with a representation**: the headteacher intends a site ban; its notice was
  approved and posted; the parent's representations arrived by e-mail, so the ban can be
  decided now.
- **Closed**: triaged, spoken to the parent, closed as resolved, the reporter sent the
  school's standard message for that outcome.
"""

import datetime
from contextlib import suppress
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from incidents.models import Case, Parent, Report
from incidents.services.actions import (
    case_record_conversation,
    meeting_schedule,
    moderation_request,
)
from incidents.services.errors import NotNow
from incidents.services.reporter_messages import (
    case_close_telling_reporters,
    outcome_messages,
    reporter_message_send,
)
from incidents.services.reports import report_add_information, report_submit
from incidents.services.site_bans import site_ban_intend, site_ban_record_representations
from incidents.services.triage import case_assign_owner, case_link_parent, case_set_categories
from incidents.services.workflow import (
    case_apply_transition,
    escalation_decide,
    escalation_propose,
)
from letters.models import Kind, Letter
from letters.services.delivery import letter_send
from letters.services.drafting import letter_approve
from policies.models import School

Outcome = Case.Outcome
SCENARIOS = ("awaiting-approval", "draft-letter", "intended-ban", "closed")


def walkthrough_seed(*, school: School) -> int:
    """Add the school's walk-through cases that are missing; returns how many were added."""
    users = get_user_model().objects.in_bulk(
        [f"{school.slug}-slt", f"{school.slug}-head"], field_name="username"
    )
    slt, head = users[f"{school.slug}-slt"], users[f"{school.slug}-head"]
    parents = list(Parent.objects.filter(school=school).order_by("pk")[: len(SCENARIOS)])
    added = 0
    for number, (name, parent) in enumerate(zip(SCENARIOS, parents, strict=True)):
        key = f"demo-walkthrough:{school.slug}:{name}"
        if Report.objects.filter(submission_key=key).exists():
            continue
        STEPS[name](
            new_case=partial(_triaged_case, school, key, parent, slt, days_ago=number + 2),
            parent=parent,
            slt=slt,
            head=head,
        )
        added += 1
    return added


def _triaged_case(school, key, parent, slt, *, days_ago: int) -> Case:
    """A concern from a parent in the class group, accepted for triage by SLT (who own it), with
    the parent it is about and the first of the school's breach categories."""
    group = school.groups.order_by("name").first()
    category = school.codes.order_by("-effective_date").first().breach_categories.first()
    report, _ = report_submit(
        school=school,
        details={
            "reporter_name": "Jordan Reporter",
            "reporter_email": f"jordan.reporter.{school.slug}@example.org",
            "group": group,
            "occurred_on": timezone.localdate() - datetime.timedelta(days=days_ago),
            "description": f"{parent.full_name} posted insulting comments about a teacher in "
            "the class group and kept going after other parents asked them to stop.",
            "person_concerned": parent.full_name,
        },
        categories=[category],
        images=[],
        submission_key=key,
    )
    case = report.case
    case = case_apply_transition(case=case, name="triage", by=slt)
    case_assign_owner(case=case, owner=slt, by=slt)
    case_link_parent(case=case, by=slt, parent=parent)
    case_set_categories(case=case, categories=[category], by=slt)
    return case


@transaction.atomic
def _awaiting_approval(*, new_case, parent, slt, head) -> None:
    case = new_case()
    case = case_apply_transition(case=case, name="speak_to_parent", by=slt)
    escalation_propose(
        case=case,
        target=Case.Status.WARNING_LETTER,
        reason="Personal comments about a teacher, repeated after other parents objected.",
        by=slt,
    )
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    meeting_schedule(
        case=case,
        by=slt,
        starts_at=tomorrow.replace(hour=15, minute=30, second=0, microsecond=0),
        place="The school office",
        attendees=f"{parent.full_name} (parent)\n{slt.get_full_name()} (SLT)",
    )
    report = case.reports.get()
    reporter_message_send(
        report=report,
        text="Thank you for raising this concern. When did it start, and is it still going on?",
        by=slt,
    )
    report_add_information(
        report=report,
        text="It started on the Monday evening and went on until Wednesday. Other parents "
        "asked them to stop twice.",
        images=[],
    )


@transaction.atomic
def _draft_letter(*, new_case, parent, slt, head) -> None:
    case = new_case()
    proposal = escalation_propose(
        case=case,
        target=Case.Status.WARNING_LETTER,
        reason="A second breach of the code this term.",
        by=slt,
    )
    escalation_decide(escalation=proposal, by=head, approve=True)  # drafts the warning letter
    moderation_request(
        case=case,
        by=slt,
        group=case.group,
        moderator="The group's moderator",
        follow_up_on=timezone.localdate(),
    )


def _intended_ban(*, new_case, parent, slt, head) -> None:
    with transaction.atomic():
        case = case_apply_transition(case=new_case(), name="escalate_to_site_ban", by=head)
        today = timezone.localdate()
        ban = site_ban_intend(
            case=case,
            by=head,
            parent=parent,
            reasons="Threatening messages to staff in the class group.",
            rules_breached=list(case.breach_categories.all()),
            starts_on=today,
            ends_on=today + datetime.timedelta(days=90),
            review_on=today + datetime.timedelta(days=45),
            is_temporary=True,
            conditions="You may wait at the school gate to collect your child.",
        )
        notice = Letter.objects.get(site_ban=ban, kind=Kind.SITE_BAN_INTENDED)
        letter_approve(letter=notice, by=head)
    # The notice's PDF is rendered after that commit (at once when tasks run in-process).
    with transaction.atomic():
        with suppress(NotNow):  # the PDF is not ready (a worker renders it): it waits to be sent
            letter_send(letter=notice, delivery=Letter.Delivery.POST, by=slt)
        site_ban_record_representations(
            ban=ban,
            by=slt,
            representations="I accept my messages were out of order and have apologised to "
            "the teacher. I ask to be allowed to bring my child to the classroom door.",
            method="email",
        )


@transaction.atomic
def _closed(*, new_case, parent, slt, head) -> None:
    case = new_case()
    case_record_conversation(
        case=case,
        by=slt,
        who=parent.full_name,
        held_at=timezone.now(),
        method="phone",
        summary="They apologised and removed the messages.",
    )
    case_close_telling_reporters(
        case=case,
        name="close",
        by=slt,
        outcome=Outcome.RESOLVED,
        message=outcome_messages(school_id=case.school_id)[Outcome.RESOLVED],
    )


STEPS = {
    "awaiting-approval": _awaiting_approval,
    "draft-letter": _draft_letter,
    "intended-ban": _intended_ban,
    "closed": _closed,
}
