"""Every staff form that can fail comes back with the error and what was typed: the page itself
(200), not a redirect to the case that drops the text; and nothing was recorded."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.views.generic.edit import ProcessFormView

from incidents.models import Case, CaseEvent, EscalationRequest, SafeguardingAlert, SiteBan
from letters.models import Letter
from policies.models import Membership
from tests.factories import (
    CaseFactory,
    EscalationRequestFactory,
    LetterFactory,
    MeetingFactory,
    ModerationRequestFactory,
    ParentFactory,
    ReportFactory,
    SafeguardingAlertFactory,
    SiteBanFactory,
)

TYPED = "Typed before the error, 4471"
LONG = "x" * 10001
TODAY = timezone.localdate().isoformat()


@pytest.fixture
def world(school, head, slt):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN, safeguarding=True)
    ReportFactory(case=case)
    # A safeguarding alert waits, and the head is the school's DSL: her decision's form is
    # walked too.
    SafeguardingAlertFactory(case=case)
    Membership.objects.filter(user=head, school=school).update(
        safeguarding_lead=Membership.SafeguardingLead.DSL
    )
    parent = ParentFactory(school=school, full_name="Sam Parent")
    case.parents.add(parent)
    return {
        "case": case,
        "meeting": MeetingFactory(case=case, created_by=head),
        "moderation": ModerationRequestFactory(case=case, created_by=slt),
        "ban": SiteBanFactory(case=case, parent=parent, created_by=head),
        "escalation": EscalationRequestFactory(case=case, requested_by=slt),
        "draft": LetterFactory(case=case, parent=parent),
    }


def on_case(tail):
    return lambda w: f"/staff/cases/{w['case'].reference}/{tail}"


def on_ban(step):
    return lambda w: f"/staff/cases/{w['case'].reference}/site-ban/{w['ban'].pk}/{step}/"


REQUIRED = "This field is required."
# url name -> (path, an invalid post with something typed in it, the error it shows, the text
# that must come back). Forms with nothing to type but the failing field say None.
CASES = {
    "staff:case_transition": (
        on_case("do/close/"),
        {"note": TYPED, "outcome": ""},
        REQUIRED,
        TYPED,
    ),
    "staff:case_owner": (on_case("owner/"), {"owner": "999999"}, "Select a valid choice", None),
    "staff:case_parent": (
        on_case("parent/"),
        {"parent": "", "full_name": "", "email": "new@example.org", "year_groups": TYPED},
        "Choose an existing parent or type the new parent",
        TYPED,
    ),
    "staff:case_parent_details": (
        lambda w: on_case(f"parent/{w['ban'].parent_id}/")(w),
        {"full_name": "", "title": "Mx", "postal_address": TYPED},
        REQUIRED,
        TYPED,
    ),
    "staff:case_categories": (
        on_case("categories/"),
        {"categories": ["999999"]},
        "Select a valid choice",
        None,
    ),
    "staff:case_merge": (
        on_case("merge/"),
        {"into": "NO-SUCH-CASE", "note": TYPED},
        "Select a valid choice",
        TYPED,
    ),
    "staff:case_note": (on_case("note/"), {"text": TYPED + LONG}, "at most 10000", TYPED),
    "staff:case_evidence": (on_case("evidence/"), {}, REQUIRED, None),
    "staff:case_message": (on_case("message/"), {"text": TYPED + LONG}, "at most 10000", TYPED),
    "staff:case_conversation": (
        on_case("conversation/"),
        {"who": "Mrs Price", "held_at": "not a date", "method": "phone", "summary": TYPED},
        "Enter a valid date/time.",
        TYPED,
    ),
    "staff:case_meeting": (
        on_case("meeting/"),
        {"starts_at": "", "place": TYPED, "attendees": "Headteacher"},
        REQUIRED,
        TYPED,
    ),
    "staff:case_meeting_outcome": (
        lambda w: on_case(f"meeting/{w['meeting'].pk}/outcome/")(w),
        {"outcome": ""},
        REQUIRED,
        None,
    ),
    "staff:case_moderation": (
        on_case("moderation/"),
        {"group": "", "moderator": TYPED, "follow_up_on": "not a date", "note": ""},
        "Enter a valid date.",
        TYPED,
    ),
    "staff:case_moderation_answer": (
        lambda w: on_case(f"moderation/{w['moderation'].pk}/answer/")(w),
        {"answer": "", "note": TYPED},
        REQUIRED,
        TYPED,
    ),
    "staff:case_side_action": (
        on_case("action/police/"),
        {"note": TYPED + LONG},
        "at most 10000",
        TYPED,
    ),
    "staff:case_propose": (
        on_case("escalate/"),
        {"target": "no_such_step", "reason": TYPED},
        "Select a valid choice",
        TYPED,
    ),
    "staff:case_site_ban": (
        on_case("site-ban/"),
        {"parent": "", "reasons": TYPED, "starts_on": TODAY, "ends_on": TODAY},
        REQUIRED,
        TYPED,
    ),
    "staff:case_ban_representations": (
        on_ban("representations"),
        {"representations": TYPED, "received_at": "not a date", "method": "letter"},
        "Enter a valid date/time.",
        TYPED,
    ),
    "staff:case_ban_correct": (
        on_ban("correct"),
        {"reasons": TYPED, "starts_on": "not a date", "ends_on": TODAY, "review_on": TODAY},
        "Enter a valid date.",
        TYPED,
    ),
    "staff:case_ban_withdraw": (on_ban("withdraw"), {"reason": ""}, REQUIRED, None),
    "staff:case_ban_review": (
        on_ban("review"),
        {"outcome": "", "reasons": TYPED},
        REQUIRED,
        TYPED,
    ),
    "staff:case_ban_decision": (
        on_ban("decision"),
        {"decision": "", "reasons": TYPED, "note": "Internal"},
        REQUIRED,
        TYPED,
    ),
    "staff:case_safeguarding_flag": (
        on_case("safeguarding/flag/"),
        {"reason": TYPED + LONG},
        "at most 10000",
        TYPED,
    ),
    "staff:case_safeguarding_clear": (
        on_case("safeguarding/clear/"),
        {"reason": TYPED + LONG},
        "at most 10000",
        TYPED,
    ),
    "staff:case_safeguarding_decision": (
        on_case("safeguarding/decision/"),
        {"decision": "logged", "system_reference": "", "note": TYPED},
        "Give the reference the safeguarding system gave this record.",
        TYPED,
    ),
    "staff:decide_escalation": (
        lambda w: f"/staff/approvals/{w['escalation'].pk}/",
        {"decision": "", "note": TYPED},
        REQUIRED,
        TYPED,
    ),
    "letters:new": (
        lambda w: f"/staff/letters/new/{w['case'].reference}/",
        {"kind": "no_such_kind", "recipient_name": TYPED},
        "Select a valid choice",
        TYPED,
    ),
    "letters:edit": (
        lambda w: f"/staff/letters/{w['draft'].pk}/edit/",
        {"title": "Warning", "recipient_address": "", "body": TYPED + " {{ no_such_thing }}"},
        "These placeholders do not exist: no_such_thing.",
        TYPED,
    ),
    "exports:form": (
        lambda w: "/staff/exports/",
        {"opened_from": "2026-11-20", "opened_to": "2026-11-01", "state": "", "format": "csv"},
        "The end of the date range is before its start.",
        'value="2026-11-20"',
    ),
    "retention:hold": (
        lambda w: f"/staff/retention/cases/{w['case'].reference}/hold/",
        {"reason": ""},
        REQUIRED,
        None,
    ),
    "retention:extend": (
        lambda w: f"/staff/retention/cases/{w['case'].reference}/extend/",
        {"keep_until": "not a date", "reason": TYPED},
        "Enter a valid date.",
        TYPED,
    ),
    "exports:disclosure_new": (
        lambda w: f"/staff/exports/disclosures/new/{w['case'].reference}/",
        {"purpose": ""},
        REQUIRED,
        None,
    ),
}


# Form views with nothing typed in them, and where they send an invalid post instead.
NOTHING_TYPED = {
    # the ticks are posted from the list of items due; a stale tick goes back to that list,
    # which says why
    "retention:dispose",
}


def recorded(world) -> tuple:
    """What a successful post would have changed somewhere."""
    case = world["case"]
    return (
        CaseEvent.objects.filter(case=case).count(),
        Case.objects.values_list("status", "safeguarding").get(pk=case.pk),
        list(SafeguardingAlert.objects.values_list("decision", flat=True)),
        EscalationRequest.objects.get(pk=world["escalation"].pk).decision,
        list(SiteBan.objects.values_list("state", "reasons")),
        list(Letter.objects.values_list("title", "body")),
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_invalid_staff_form_comes_back_with_the_error_and_what_was_typed(
    client, head, world, name
):
    path, data, error, typed = CASES[name]
    client.force_login(head)
    before = recorded(world)
    response = client.post(path(world), data)
    assert response.status_code == 200, response.get("Location")
    page = response.content.decode()
    assert error in page
    assert "There is a problem" in page
    if typed:
        assert typed in page
    assert recorded(world) == before


def _form_views(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _form_views(pattern, inner)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", None)
            if view is not None and issubclass(view, ProcessFormView):
                yield f"{namespace}{pattern.name}"


def test_every_staff_form_view_is_in_the_list_above():
    staff = {
        name
        for name in _form_views(get_resolver())
        if name.split(":")[0] in {"staff", "letters", "exports", "retention"}
    }
    assert staff - set(CASES) - NOTHING_TYPED == set()


def test_a_proposal_decided_meanwhile_keeps_the_note_typed(client, head, world):
    proposal = world["escalation"]
    proposal.decision = EscalationRequest.Decision.REJECTED
    proposal.decided_by = head
    proposal.decided_at = timezone.now()
    proposal.save()
    client.force_login(head)
    response = client.post(
        f"/staff/approvals/{proposal.pk}/", {"decision": "approve", "note": TYPED}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This proposal was already rejected" in page and TYPED in page


def test_a_letter_approved_meanwhile_keeps_the_wording_typed(client, head, world):
    draft = world["draft"]
    Letter.objects.filter(pk=draft.pk).update(status=Letter.Status.APPROVED)
    client.force_login(head)
    response = client.post(
        f"/staff/letters/{draft.pk}/edit/",
        {"title": "Warning", "recipient_address": "", "body": TYPED},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Only a draft can be edited." in page and TYPED in page
    draft.refresh_from_db()
    assert TYPED not in draft.body


def test_a_close_the_case_refuses_after_the_form_validated_keeps_the_note(client, head, world):
    """The form is valid, but the service refuses (an intended site ban and a safeguarding alert
    wait): the page comes back with the reason, the note and the reporter's message typed, and
    the case is as it was."""
    client.force_login(head)
    before = recorded(world)
    response = client.post(
        on_case("do/close/")(world),
        {
            "outcome": Case.Outcome.RESOLVED,
            "note": TYPED,
            "reporter_message": "Message for the reporter, 8812",
        },
    )
    assert response.status_code == 200, response.get("Location")
    page = response.content.decode()
    assert "There is a problem" in page and "cannot be closed yet" in page
    assert TYPED in page and "Message for the reporter, 8812" in page
    assert recorded(world) == before
