"""A confirmed ban is reviewed on its review date and ends by itself after its end date; a
case cannot be closed while a ban waits for the headteacher."""

import datetime

import pytest
from django.utils import timezone

from incidents.models import Case, CaseEvent, Notification, SiteBan
from incidents.selectors.bans import ban_register
from incidents.services.reminders import reminders_due, reminders_plan
from incidents.tasks import move_site_bans_on
from letters.models import Kind
from tests.factories import CaseFactory, ParentFactory, SiteBanFactory

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def case(school):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    case.parents.add(ParentFactory(school=school, full_name="Sam Threat"))
    return case


def confirmed(case, **fields):
    values = {
        "state": SiteBan.State.CONFIRMED,
        "starts_on": TODAY() - 60 * DAY,
        "ends_on": TODAY() + 60 * DAY,
        "review_on": TODAY(),
        "representation_deadline": TODAY() - 70 * DAY,
    }
    values.update(fields)
    return SiteBanFactory(case=case, parent=case.parents.get(), **values)


def ban_events(ban):
    return CaseEvent.objects.filter(case=ban.case, kind=CaseEvent.Kind.SITE_BAN, data__ban=ban.pk)


def test_on_its_review_date_a_ban_goes_under_review_in_the_heads_queue_and_reminders(case, head):
    ban = confirmed(case)
    later = confirmed(case, review_on=TODAY() + 20 * DAY)
    assert move_site_bans_on() == [1, 0]
    ban.refresh_from_db()
    later.refresh_from_db()
    assert (ban.state, later.state) == (SiteBan.State.UNDER_REVIEW, SiteBan.State.CONFIRMED)
    assert "due for review today" in ban_events(ban).get().text
    assert [b.pk for b in ban_register(school=case.school, due_within_days=14)] == [ban.pk]
    reminders = [d for d in reminders_due() if d.kind == Notification.Kind.BAN_REVIEW_DUE]
    assert [(d.subject_key, d.recipients) for d in reminders] == [(f"ban:{ban.pk}", [head.email])]
    assert move_site_bans_on() == [0, 0]  # idempotent
    assert ban_events(ban).count() == 1


def test_a_ban_past_its_end_date_ends_by_itself_and_slt_are_told(case, slt, head):
    ban = confirmed(case, ends_on=TODAY() - DAY, review_on=TODAY() - 30 * DAY)
    assert move_site_bans_on() == [0, 1]
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.ENDED
    assert "ended on" in ban_events(ban).get().text
    reminders_plan()
    reminders_plan()
    told = Notification.objects.filter(kind=Notification.Kind.BAN_ENDED)
    assert sorted(told.values_list("recipient", flat=True)) == sorted([slt.email, head.email])
    assert move_site_bans_on() == [0, 0]


def test_a_ban_that_ended_a_year_ago_never_shows_as_needing_action(client, case, slt):
    ban = confirmed(
        case,
        starts_on=TODAY() - 500 * DAY,
        ends_on=TODAY() - 365 * DAY,
        review_on=TODAY() - 400 * DAY,
        representation_deadline=TODAY() - 510 * DAY,
    )
    assert list(ban_register(school=case.school, due_within_days=14)) == []  # before the task
    move_site_bans_on()
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.ENDED
    assert list(ban_register(school=case.school)) == []
    client.force_login(slt)
    assert "Sam Threat" not in client.get("/staff/bans/").content.decode()


@pytest.mark.parametrize(
    "outcome, state, ends_after",
    [
        ("continue", SiteBan.State.CONFIRMED, 60),
        ("modify", SiteBan.State.CONFIRMED, 30),
        ("lift", SiteBan.State.LIFTED, 60),
    ],
)
def test_head_records_the_reviews_outcome_with_reasons_and_a_letter(
    client, case, head, outcome, state, ends_after
):
    ban = confirmed(case, state=SiteBan.State.UNDER_REVIEW)
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.SITE_BAN, data={"step": "confirm"})
    client.force_login(head)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f"/site-ban/{ban.pk}/review/" in page
    response = client.post(
        f"/staff/cases/{case.reference}/site-ban/{ban.pk}/review/",
        {
            "outcome": outcome,
            "reasons": "No further incidents since the ban began.",
            "ends_on": (TODAY() + 30 * DAY).isoformat(),
        },
    )
    assert response.status_code == 302
    ban.refresh_from_db()
    assert (ban.state, ban.ends_on) == (state, TODAY() + ends_after * DAY)
    assert ban.review_on is None or outcome == "lift"  # no next review was given
    assert ban.letters.get().kind == Kind.BAN_REVIEW
    event = ban_events(ban).exclude(data__step="confirm").get()
    assert event.data["step"] == f"review_{outcome}" and "No further incidents" in event.text
    assert move_site_bans_on() == [0, 0]  # reviewed: not put under review again


def test_a_review_needs_reasons_and_a_next_review_inside_the_ban(client, case, head):
    ban = confirmed(case, state=SiteBan.State.UNDER_REVIEW)
    client.force_login(head)
    url = f"/staff/cases/{case.reference}/site-ban/{ban.pk}/review/"
    response = client.post(url, {"outcome": "continue", "reasons": " "})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    late = (ban.ends_on + DAY).isoformat()
    response = client.post(
        url, {"outcome": "continue", "reasons": "Typed reasons kept", "review_on": late}
    )
    page = response.content.decode()
    assert "before it ends" in page and "Typed reasons kept" in page
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.UNDER_REVIEW


@pytest.mark.parametrize(
    "state, closes",
    [
        (SiteBan.State.INTENDED, False),
        (SiteBan.State.UNDER_REVIEW, False),
        (SiteBan.State.CONFIRMED, True),
        (SiteBan.State.ENDED, True),
        (SiteBan.State.WITHDRAWN, True),
        (SiteBan.State.LIFTED, True),
    ],
)
def test_a_case_cannot_be_closed_while_a_ban_is_intended_or_under_review(
    client, case, head, state, closes
):
    SiteBanFactory(case=case, parent=case.parents.get(), state=state)
    client.force_login(head)
    status = case.status
    response = client.post(
        f"/staff/cases/{case.reference}/do/close/",
        {"note": "Closing note 5521", "outcome": Case.Outcome.RESOLVED},
    )
    case.refresh_from_db()
    assert (case.status == Case.Status.CLOSED) is closes
    closing = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.TRANSITION)
    if closes:
        assert response.status_code == 302 and closing.get().text == "Closing note 5521"
    else:
        # the form again, with the reason and the note typed; nothing recorded
        assert response.status_code == 200 and case.status == status
        page = response.content.decode()
        verb = "decide" if state == SiteBan.State.INTENDED else "review"
        assert "There is a problem" in page
        assert f"cannot be closed yet: first {verb} the site ban of Sam Threat" in page
        assert "Closing note 5521" in page
        assert not closing.exists()


def test_the_dashboard_says_what_each_ban_needing_action_waits_for(client, case, head):
    """A ban under review is not waiting for representations; representations that arrived
    before the deadline let the headteacher decide now."""
    confirmed(case, state=SiteBan.State.UNDER_REVIEW, review_on=TODAY() - DAY)
    answered = SiteBanFactory(
        case=case,
        parent=case.parents.get(),
        representation_deadline=TODAY() + 5 * DAY,
        representations="I apologise.",
        representations_received_at=timezone.now(),
    )
    client.force_login(head)
    page = client.get("/staff/").content.decode()
    assert f"under review since {TODAY() - DAY:%-d %b %Y}: record its outcome" in page
    assert "representations received" in page and "ready to decide" in page
    assert "representations deadline passed" not in page
    assert answered in ban_register(school=case.school, due_within_days=14)


def test_the_review_page_shows_the_ban_and_its_decision_beside_the_form(
    client, case, head, slt, django_assert_max_num_queries
):
    """The headteacher reviews with the facts on screen: which ban, its dates and conditions,
    the reasons the parent was given and the representations it was decided on."""
    ban = confirmed(
        case,
        state=SiteBan.State.UNDER_REVIEW,
        conditions="Contact through the office only.",
        decision_reasons="Your messages frightened staff.",
        decided_by=head,
        decided_at=timezone.now(),
    )
    confirmed(case)  # a second ban on the case: the page says which one it is about
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.SITE_BAN,
        actor=slt,
        text="I regret the messages.",
        data={"ban": ban.pk, "step": "representations", "method": "letter"},
    )
    client.force_login(head)
    with django_assert_max_num_queries(25):
        page = client.get(f"/staff/cases/{case.reference}/site-ban/{ban.pk}/review/")
    page = page.content.decode()
    assert f"Review the site ban {ban.reference}" in page
    assert "1 other ban" in page
    assert f"{ban.ends_on:%-d %b %Y}" in page
    assert "Contact through the office only." in page
    assert "Your messages frightened staff." in page
    assert "I regret the messages." in page
    assert 'name="outcome"' in page
