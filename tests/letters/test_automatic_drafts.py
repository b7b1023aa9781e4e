"""Letters drafted by what the headteacher does (an approved or direct escalation, a ban step):
in the headteacher's name, tied to the escalation; and a school's templates exist from the day
the school is created, never made in the middle of a transition."""

import datetime

import pytest
from django.utils import timezone

from incidents.models import Case, CaseEvent
from letters.models import Kind, Letter, LetterTemplate
from policies.models import School
from tests.factories import CaseFactory, EscalationRequestFactory, ParentFactory


@pytest.fixture
def case(school):
    case = CaseFactory(school=school, status=Case.Status.SPEAKING_TO_PARENT)
    case.parents.add(ParentFactory(school=school, full_name="Robin Example"))
    return case


def drafted_event(case) -> CaseEvent:
    return CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.LETTER, data__step="drafted")


def test_approved_escalation_drafts_in_the_heads_name_tied_to_the_escalation(
    client, case, slt, head
):
    head.first_name, head.last_name = "Harriet", "Head"
    head.save()
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    client.force_login(head)
    client.post(f"/staff/approvals/{proposal.pk}/", {"decision": "approve", "note": ""})
    letter = Letter.objects.get(case=case)
    assert (letter.kind, letter.escalation, letter.created_by) == (Kind.WARNING, proposal, head)
    assert drafted_event(case).actor_name == "Harriet Head"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "System" not in page


def test_direct_escalation_drafts_in_the_heads_name(client, case, head):
    client.force_login(head)
    client.post(f"{case.get_absolute_url()}do/escalate_to_meeting/", {"note": "Straight on."})
    letter = Letter.objects.get(case=case)
    assert (letter.kind, letter.escalation, letter.created_by) == (
        Kind.MEETING_INVITATION,
        None,
        head,
    )
    assert drafted_event(case).actor == head


def test_intended_ban_notice_is_drafted_in_the_heads_name(client, school, head):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    parent = ParentFactory(school=school)
    case.parents.add(parent)
    today = timezone.localdate()
    client.force_login(head)
    client.post(
        f"/staff/cases/{case.reference}/site-ban/",
        {
            "parent": parent.pk,
            "reasons": "Threatening messages.",
            "rules_breached": [school.codes.get().breach_categories.first().pk],
            "starts_on": (today + datetime.timedelta(days=30)).isoformat(),
            "ends_on": (today + datetime.timedelta(days=90)).isoformat(),
            "review_on": (today + datetime.timedelta(days=60)).isoformat(),
        },
    )
    letter = Letter.objects.get(case=case)
    assert (letter.kind, letter.created_by) == (Kind.SITE_BAN_INTENDED, head)
    assert drafted_event(case).actor == head


def test_a_school_added_in_the_admin_starts_with_every_letter_template(admin_client):
    response = admin_client.post(
        "/admin/policies/school/add/",
        {
            "name": "Ashgrove Primary School",
            "slug": "ashgrove",
            "reference_code": "AG",
            "nation": School.Nation.ENGLAND,
            "concern_email": "concerns@ashgrove.example.org",
            "decision_maker_title": "Headteacher",
            "representation_school_days": 10,
            **{
                f"{prefix}-{field}": 0
                for prefix in ("groups", "closure_dates")
                for field in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    school = School.objects.get(slug="ashgrove")
    assert set(school.letter_templates.values_list("kind", flat=True)) == set(Kind.values)


def test_escalating_at_a_school_without_the_template_is_refused_and_makes_none(client, case, head):
    LetterTemplate.objects.filter(school=case.school).delete()
    client.force_login(head)
    response = client.post(f"{case.get_absolute_url()}do/escalate_to_warning_letter/", {})
    assert response.status_code == 200  # the step's page again, with the reason
    assert "This school has no template for “Warning letter”" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.SPEAKING_TO_PARENT
    assert not LetterTemplate.objects.exists() and not Letter.objects.exists()
