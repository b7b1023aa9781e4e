"""What the case page puts first and how it arranges the rest.

A busy head opens a case to do the next thing. The page leads with one line saying what the case
is about, its state, and the one or two likely next steps for that state (`NEXT_STEPS`); every
other action this person may take is in a menu of its group (`GROUPS`), and the steps that end
a case are never among the first. Who may do what is decided elsewhere (policies.permissions and
the workflow service): this module only arranges what they allow. Everything here works on the
case as `incidents.selectors.case_detail.case_in_full` loaded it, so nothing costs a query per item.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from incidents.forms.staff import SIDE_ACTION_KINDS
from incidents.models import Case, CaseEvent, EscalationRequest, Evidence, SiteBan
from incidents.presentation import CONVERSATION_METHODS, DESTRUCTIVE, TRANSITION_LABELS
from incidents.services.workflow import DIRECT_TRANSITIONS, escalation_targets, user_transitions
from policies.models import Membership
from policies.permissions import Action, membership_allows, role_allows

S = Case.Status

# The menus, in the order the page shows them.
RECORD, ASK, ESCALATE, CLOSE = "record", "ask", "escalate", "close"
GROUPS = {RECORD: "Record", ASK: "Ask someone", ESCALATE: "Escalate", CLOSE: "Close"}

# The likely next steps in each state, best first. The page shows the first two this person may
# take that are not already done (`DONE`); the steps that end a case are never shown first.
NEXT_STEPS = {
    S.REPORTED: ("triage", "owner"),
    S.GATHERING_INFORMATION: ("decide_escalation", "parent", "categories", "speak_to_parent"),
    S.SPEAKING_TO_PARENT: (
        "decide_escalation",
        "conversation",
        "propose",
        "escalate_to_warning_letter",
    ),
    S.WARNING_LETTER: ("decide_escalation", "conversation", "propose", "escalate_to_meeting"),
    S.MEETING: ("decide_escalation", "meeting", "propose", "escalate_to_legal_advice"),
    S.LEGAL_ADVICE: ("decide_escalation", "note", "propose", "escalate_to_site_ban"),
    S.SITE_BAN: ("site_ban", "note"),
    S.CLOSED: ("reopen",),
}
# Steps that come before the state's in any state: a child who may be at risk waits for nobody.
URGENT_STEPS = ("safeguarding_decision",)

OPEN_BANS = {SiteBan.State.INTENDED, SiteBan.State.CONFIRMED, SiteBan.State.UNDER_REVIEW}

# A step already taken is no longer the next one.
DONE = {
    "owner": lambda case: case.owner_id is not None,
    "parent": lambda case: bool(case.parents.all()),
    "categories": lambda case: bool(case.breach_categories.all()),
    "meeting": lambda case: bool(case.meetings.all()),
    "site_ban": lambda case: any(ban.state in OPEN_BANS for ban in case.site_bans.all()),
}

# Pages for working on an open case: (key, label, URL name, menu). Each needs WORK_CASES, and
# those in FORM_RIGHTS the right named there too.
CASE_FORMS = [
    ("note", "Add a note", "staff:case_note", RECORD),
    ("message", "Message the reporter", "staff:case_message", ASK),
    ("conversation", "Record a conversation", "staff:case_conversation", RECORD),
    ("evidence", "Add evidence", "staff:case_evidence", RECORD),
    ("meeting", "Schedule a meeting", "staff:case_meeting", RECORD),
    ("parent", "Link the parent concerned", "staff:case_parent", RECORD),
    ("categories", "Set breach categories", "staff:case_categories", RECORD),
    ("owner", "Assign an owner", "staff:case_owner", RECORD),
    ("moderation", "Ask the moderator to remove a post", "staff:case_moderation", ASK),
    ("merge", "Merge into another case", "staff:case_merge", CLOSE),
]
# The codes of conduct's side actions (incidents.forms.staff.SIDE_ACTION_KINDS), by menu.
SIDE_ACTION_GROUPS = {"police": ASK, "safeguarding-advice": ASK, "removed-from-group": RECORD}
FORM_RIGHTS = {"message": Action.MESSAGE_REPORTER}
TRANSITION_GROUPS = {"dismiss": CLOSE, "close": CLOSE, "reopen": CLOSE}  # the rest: ESCALATE


@dataclass(frozen=True)
class CaseAction:
    key: str
    label: str
    url: str
    group: str
    destructive: bool = False


@dataclass
class Menu:
    key: str
    label: str
    actions: list[CaseAction]


@dataclass
class Offers:
    """What the page offers this person: the next steps first, the rest in menus."""

    primary: list[CaseAction]
    menus: list[Menu]

    def __bool__(self):
        return bool(self.primary or self.menus)


def _action(key, label, url, group) -> CaseAction:
    return CaseAction(key, label, url, group, destructive=key in DESTRUCTIVE)


def safeguarding_actions(case: Case, membership: Membership) -> list[CaseAction]:
    """Marking an open case as a safeguarding concern (anyone who works on cases); recording the
    decision on its waiting alert and clearing the flag (a designated safeguarding lead, on a
    closed case too: an alert left waiting when the case closed still needs the decision)."""
    ref = case.reference
    if not case.safeguarding:
        if not case.is_open or not membership_allows(membership, Action.WORK_CASES):
            return []
        url = reverse("staff:case_safeguarding_flag", args=[ref])
        return [_action("safeguarding_flag", "Mark as a safeguarding concern", url, ASK)]
    if not membership_allows(membership, Action.DECIDE_SAFEGUARDING):
        return []
    actions = []
    if any(alert.is_pending for alert in case.safeguarding_alerts.all()):
        url = reverse("staff:case_safeguarding_decision", args=[ref])
        label = "Record the safeguarding decision"
        actions.append(_action("safeguarding_decision", label, url, RECORD))
    url = reverse("staff:case_safeguarding_clear", args=[ref])
    actions.append(_action("safeguarding_clear", "Clear the safeguarding flag", url, RECORD))
    return actions


def available_actions(case: Case, user, membership: Membership) -> list[CaseAction]:
    """Exactly the actions this user may take on the case now, as links to their pages."""
    role = membership.role
    ref = case.reference
    allowed = user_transitions(case, user) & DIRECT_TRANSITIONS
    actions = [
        _action(
            name,
            label,
            reverse("staff:case_transition", args=[ref, name]),
            TRANSITION_GROUPS.get(name, ESCALATE),
        )
        for name, label in TRANSITION_LABELS.items()
        if name in allowed
    ]
    actions.extend(safeguarding_actions(case, membership))
    if not case.is_open or not role_allows(role, Action.WORK_CASES):
        return actions
    waiting = EscalationRequest.Decision.PENDING
    pending = [e for e in case.escalations.all() if e.decision == waiting]
    if pending and role_allows(role, Action.DECIDE):
        proposal = pending[0]
        actions.insert(
            0,
            _action(
                "decide_escalation",
                f"Decide on the proposed {proposal.get_target_display().lower()}",
                reverse("staff:decide_escalation", args=[proposal.pk]),
                ESCALATE,
            ),
        )
    if (
        role_allows(role, Action.PROPOSE_ESCALATION)
        and not role_allows(role, Action.DECIDE)
        and escalation_targets(case)
        and not pending
    ):
        actions.append(
            _action(
                "propose",
                "Propose an escalation",
                reverse("staff:case_propose", args=[ref]),
                ESCALATE,
            )
        )
    for key, label, url_name, group in CASE_FORMS:
        if not role_allows(role, FORM_RIGHTS.get(key, Action.WORK_CASES)):
            continue
        actions.append(_action(key, label, reverse(url_name, args=[ref]), group))
    for kind, (_, label) in SIDE_ACTION_KINDS.items():
        url = reverse("staff:case_side_action", args=[ref, kind])
        actions.append(_action(f"side:{kind}", label, url, SIDE_ACTION_GROUPS.get(kind, RECORD)))
    if case.status == S.SITE_BAN and role_allows(role, Action.DECIDE):
        url = reverse("staff:case_site_ban", args=[ref])
        actions.append(_action("site_ban", "Record an intended site ban", url, ESCALATE))
    return actions


def next_steps(case: Case, actions: list[CaseAction]) -> list[CaseAction]:
    """The first two of the state's likely next steps that this person may take and that are
    not done yet; never a step that ends the case."""
    by_key = {action.key: action for action in actions}
    steps = []
    for key in (*URGENT_STEPS, *NEXT_STEPS.get(case.status, ())):
        action = by_key.get(key)
        if action is None or action.destructive or DONE.get(key, lambda c: False)(case):
            continue
        steps.append(action)
        if len(steps) == 2:
            break
    return steps


def case_offers(case: Case, user, membership: Membership) -> Offers:
    actions = available_actions(case, user, membership)
    primary = next_steps(case, actions)
    rest = [action for action in actions if action not in primary]
    menus = [
        Menu(group, label, [action for action in rest if action.group == group])
        for group, label in GROUPS.items()
    ]
    return Offers(primary, [menu for menu in menus if menu.actions])


@dataclass
class Headline:
    """The case in one line: who, in which group, what, since when."""

    who: str
    who_is_linked: bool
    group: str
    what: str
    since: datetime.date
    days_open: int


def case_headline(case: Case) -> Headline:
    reports = list(case.reports.all())
    first = reports[0] if reports else None
    parents = "; ".join(parent.full_name for parent in case.parents.all())
    categories = [c.name for c in case.breach_categories.all()] or (
        [c.name for c in first.categories.all()] if first else []
    )
    return Headline(
        who=parents or (first.person_concerned if first else ""),
        who_is_linked=bool(parents),
        group=case.group.name if case.group else (first.group_name if first else ""),
        what="; ".join(categories),
        since=min((r.occurred_on for r in reports), default=timezone.localdate(case.opened_at)),
        days_open=(
            timezone.localdate(case.closed_at or timezone.now())
            - timezone.localdate(case.opened_at)
        ).days,
    )


@dataclass
class Conversation:
    """What a conversation record captured (incidents.services.actions.case_record_conversation)."""

    who: str
    held_at: datetime.datetime | None
    method: str
    summary: str
    recorded_by: str
    recorded_at: datetime.datetime


@dataclass
class FollowUp:
    """Something a reporter added through their follow-up link, or a message staff sent them
    (`to_reporter`, written by `by`)."""

    at: datetime.datetime
    text: str
    evidence: list[Evidence] = field(default_factory=list)
    to_reporter: bool = False
    by: str = ""


def conversation_of(event: CaseEvent) -> Conversation:
    held_at = event.data.get("held_at")
    return Conversation(
        who=event.data.get("who", ""),
        held_at=datetime.datetime.fromisoformat(held_at) if held_at else None,
        method=CONVERSATION_METHODS.get(event.data.get("method", ""), "not recorded"),
        summary=event.text,
        recorded_by=event.actor_name,
        recorded_at=event.created_at,
    )


# The longer side of a thumbnail on the page, in CSS pixels.
THUMB_BOX = 200


def thumb_size(evidence: Evidence) -> tuple[int, int]:
    """The whole picture scaled to fit THUMB_BOX (never enlarged), so nothing is cut off."""
    scale = min(1.0, THUMB_BOX / max(evidence.width, evidence.height, 1))
    return max(1, round(evidence.width * scale)), max(1, round(evidence.height * scale))


def arrange(case: Case, timeline: list[CaseEvent]) -> dict:
    """Put each conversation's details on its chronology entry; each reporter's additions (with
    their pictures) and the messages sent to them with their report; and number the pictures in
    the order they arrived. Returns the conversations and the pictures that belong to no report
    (added by staff, or with a parent's representations)."""
    evidence = list(case.evidence.all())
    for number, item in enumerate(evidence, 1):
        item.number = number
        item.thumb_width, item.thumb_height = thumb_size(item)
    by_id = {str(item.public_id): item for item in evidence}
    placed = set()
    follow_ups: dict[int, list[FollowUp]] = {}
    conversations = []
    for event in timeline:
        if event.kind == CaseEvent.Kind.CONVERSATION:
            event.conversation = conversation_of(event)
            conversations.append(event.conversation)
        elif event.kind == CaseEvent.Kind.REPORTER_UPDATE and event.data.get("report"):
            ids = [i for i in event.data.get("evidence", []) if i in by_id]
            placed.update(ids)
            follow_ups.setdefault(event.data["report"], []).append(
                FollowUp(event.created_at, event.text, [by_id[i] for i in ids])
            )
        elif event.kind == CaseEvent.Kind.REPORTER_MESSAGE and event.data.get("report"):
            follow_ups.setdefault(event.data["report"], []).append(
                FollowUp(event.created_at, event.text, to_reporter=True, by=event.actor_name)
            )
    for report in case.reports.all():
        report.follow_ups = follow_ups.get(report.pk, [])
        report.screenshots = [
            item
            for item in evidence
            if item.report_id == report.pk and str(item.public_id) not in placed
        ]
        placed.update(str(item.public_id) for item in report.screenshots)
    return {
        "conversations": conversations,
        "other_evidence": [item for item in evidence if str(item.public_id) not in placed],
    }
