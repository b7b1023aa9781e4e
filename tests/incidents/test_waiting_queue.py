"""The headteacher's queue (/staff/approvals/ and the dashboard): everything waiting for them,
oldest first with its age; SLT see what they sent that still waits."""

import datetime
import re

import pytest
from django.utils import timezone

from incidents.models import Case, SiteBan
from letters.models import Letter
from tests.factories import (
    CaseFactory,
    EscalationRequestFactory,
    LetterEmailFactory,
    LetterFactory,
    SiteBanFactory,
)

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


def today_minus(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def waiting(school, slt):
    """One of each kind, ages 6 to 0 days, created out of order."""
    case = CaseFactory(school=school, status=Case.Status.SPEAKING_TO_PARENT)
    return {
        "review": SiteBanFactory(
            case__school=school,
            state=SiteBan.State.CONFIRMED,
            representation_deadline=today_minus(40),
            review_on=today_minus(0),
        ),
        "to_send": LetterFactory(
            case__school=school, status=Letter.Status.APPROVED, approved_at=days_ago(1)
        ),
        "proposal": EscalationRequestFactory(case=case, requested_by=slt, requested_at=days_ago(6)),
        "decide": SiteBanFactory(case__school=school, representation_deadline=today_minus(4)),
        "to_approve": LetterFactory(
            case__school=school, approval_requested_by=slt, approval_requested_at=days_ago(2)
        ),
    }


def positions(page: str, *needles: str) -> list[int]:
    return [page.index(needle) for needle in needles]


def test_the_queue_lists_every_kind_oldest_first_with_its_age(client, head, waiting):
    client.force_login(head)
    page = client.get("/staff/approvals/").content.decode()
    shown = positions(
        page,
        waiting["proposal"].case.reference,
        waiting["decide"].reference,
        waiting["to_approve"].case.reference,
        waiting["to_send"].case.reference,
        waiting["review"].reference,
    )
    assert shown == sorted(shown)
    ages = ("Waiting 6 days", "Waiting 4 days", "Waiting 2 days", "Waiting 1 day", "since today")
    assert all(age in page for age in ages)
    assert f'href="/staff/approvals/{waiting["proposal"].pk}/"' in page
    assert f'href="/staff/letters/{waiting["to_approve"].pk}/"' in page
    ban = waiting["decide"]
    assert f'href="/staff/cases/{ban.case.reference}/site-ban/{ban.pk}/decision/"' in page
    review = waiting["review"]
    assert f'href="/staff/cases/{review.case.reference}/site-ban/{review.pk}/review/"' in page


def test_the_dashboard_shows_the_same_queue(client, head, waiting):
    client.force_login(head)
    page = client.get("/staff/").content.decode()
    assert "Waiting for you" in page
    assert all(
        reference in page
        for reference in (waiting["proposal"].case.reference, waiting["to_approve"].case.reference)
    )


def test_what_does_not_wait_for_the_headteacher_is_not_listed(client, school, head, slt):
    nothing = [
        LetterFactory(case__school=school),  # a draft SLT have not sent
        LetterFactory(case__school=school, status=Letter.Status.SENT),
        LetterFactory(
            case__school=school,
            status=Letter.Status.CANCELLED,
            approval_requested_by=slt,
            approval_requested_at=days_ago(1),
        ),
        LetterEmailFactory(letter__case__school=school, letter__approved_at=days_ago(1)).letter,
        SiteBanFactory(case__school=school, representation_deadline=today_minus(-3)),
        SiteBanFactory(
            case__school=school,
            state=SiteBan.State.CONFIRMED,
            representation_deadline=today_minus(40),
            review_on=today_minus(-5),
        ),
        SiteBanFactory(
            case__school=school,
            state=SiteBan.State.UNDER_REVIEW,
            representation_deadline=today_minus(90),
            starts_on=today_minus(80),
            ends_on=today_minus(1),  # ended yesterday; the hourly task has not said so yet
        ),
    ]
    client.force_login(head)
    page = client.get("/staff/approvals/").content.decode()
    assert "Nothing is waiting for you." in page
    assert not any(row.case.reference in page for row in nothing)


def test_representations_received_put_an_intended_ban_in_the_queue(client, school, head):
    ban = SiteBanFactory(
        case__school=school,
        representation_deadline=today_minus(-5),
        representations="I was not there.",
        representations_received_at=days_ago(1),
    )
    client.force_login(head)
    page = client.get("/staff/approvals/").content.decode()
    assert ban.reference in page and "representations received" in page
    assert "Waiting 1 day" in page
    dashboard = client.get("/staff/").content.decode()
    needing_action = dashboard[dashboard.index("Site bans needing action") :]
    assert ban.case.reference in needing_action  # the register and dashboard agree


def test_another_schools_items_never_show(client, head, other_school, other_slt):
    proposal = EscalationRequestFactory(case__school=other_school, requested_by=other_slt)
    letter = LetterFactory(
        case__school=other_school, status=Letter.Status.APPROVED, approved_at=days_ago(1)
    )
    ban = SiteBanFactory(case__school=other_school, representation_deadline=today_minus(3))
    client.force_login(head)
    for url in ("/staff/approvals/", "/staff/"):
        page = client.get(url).content.decode()
        assert not any(r.case.reference in page for r in (proposal, letter, ban))


@pytest.mark.parametrize("who", ["slt", "bursar"])
def test_only_the_headteacher_opens_the_queue(client, request, waiting, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/staff/approvals/")
    assert response.status_code == 403
    assert waiting["proposal"].case.reference not in response.content.decode()


def test_slt_see_what_they_sent_waiting_for_the_headteacher(client, school, slt, waiting):
    from tests.conftest import _member

    colleague = _member(school, "slt", "oak-slt-2")
    theirs = EscalationRequestFactory(case__school=school, requested_by=colleague)
    client.force_login(slt)
    page = client.get("/staff/").content.decode()
    start = page.index("Waiting for the headteacher")
    section = page[start : page.index("<section", start)]
    assert waiting["proposal"].case.reference in section
    assert waiting["to_approve"].case.reference in section
    # Not theirs, and not what only the headteacher can act on:
    assert theirs.case.reference not in page
    for name in ("to_send", "decide", "review"):
        assert waiting[name].case.reference not in section
    assert "Decide<" not in section  # SLT cannot decide: no button


def test_deciding_and_sending_empty_the_queue(
    client, school, head, slt, django_capture_on_commit_callbacks
):
    from incidents.services.workflow import escalation_decide
    from letters.services.delivery import letter_send
    from letters.services.drafting import letter_approve
    from tests.factories import ParentFactory

    case = CaseFactory(school=school, status=Case.Status.SPEAKING_TO_PARENT)
    case.parents.add(ParentFactory(school=school, postal_address="1 Any Street\nExampleton"))
    case.breach_categories.add(school.codes.get().breach_categories.first())
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    client.force_login(head)

    def listed() -> set[str]:
        page = client.get("/staff/approvals/").content.decode()
        return set(re.findall(r'badge text-bg-\w+">([^<]+)<', page))

    assert listed() == {"Escalation"}
    escalation_decide(escalation=proposal, by=head, approve=True)
    assert listed() == {"Letter to approve"}  # drafted in the headteacher's name
    letter = Letter.objects.get(case=case)
    with django_capture_on_commit_callbacks(execute=True):
        letter_approve(letter=letter, by=head)
    assert listed() == {"Letter to send"}
    letter_send(letter=letter, delivery=Letter.Delivery.POST, by=head)
    assert listed() == set()


def test_a_long_queue_is_paged_without_losing_or_repeating_anything(client, school, head, slt):
    made = []
    for n in range(25):  # several on one day, of different kinds
        when = days_ago(n // 3)
        if n % 3 == 0:
            made.append(EscalationRequestFactory(case__school=school, requested_at=when))
        elif n % 3 == 1:
            made.append(
                LetterFactory(
                    case__school=school, approval_requested_by=slt, approval_requested_at=when
                )
            )
        else:
            made.append(
                LetterFactory(case__school=school, status=Letter.Status.APPROVED, approved_at=when)
            )
    client.force_login(head)
    first = client.get("/staff/approvals/").content.decode()
    after = re.search(r'href="\?after=([^"]+)">Next<', first).group(1)
    second = client.get(f"/staff/approvals/?after={after}").content.decode()
    assert "Next<" not in second and "First page" in second
    for row in made:
        assert (row.case.reference in first) != (row.case.reference in second), row
    assert sum(row.case.reference in first for row in made) == 20
    # made[n] waits n // 3 days: the second page holds the five that waited least
    newest = [n for n, row in enumerate(made) if row.case.reference in second]
    assert len(newest) == 5 and max(newest) <= 5


def test_a_broken_cursor_shows_the_first_page(client, head, waiting):
    client.force_login(head)
    page = client.get("/staff/approvals/?after=not-a-cursor").content.decode()
    assert waiting["proposal"].case.reference in page
