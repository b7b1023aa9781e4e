"""Every site-ban state x every step the school (or the parent, at the letter's link) can take
on a ban: the steps allowed are exactly those of the procedure (README, "Site bans"), each
leaves the ban in the state it names and writes its chronology entry; every other one is
refused and changes nothing. The periodic task moves only confirmed and under-review bans."""

import datetime
import itertools

import pytest
from django.utils import timezone

from incidents.models import Case, CaseEvent, SiteBan
from incidents.services.errors import NotNow, NotPermitted
from incidents.services.site_ban_link import site_ban_representations_online
from incidents.services.site_ban_reviews import site_ban_review, site_bans_move_on
from incidents.services.site_bans import (
    site_ban_correct,
    site_ban_decide,
    site_ban_record_representations,
    site_ban_withdraw,
)
from tests.factories import CaseFactory, ParentFactory, SiteBanFactory

B = SiteBan.State
DAY = datetime.timedelta(days=1)


def _correct(ban, by):
    return site_ban_correct(
        ban=ban,
        by=by,
        reasons="Corrected reasons",
        conditions="",
        starts_on=ban.starts_on,
        ends_on=ban.ends_on,
        review_on=ban.review_on,
        representation_deadline=ban.representation_deadline,
    )


def _online(ban, by):
    """The parent at the link (no staff user): the deadline is kept open so only the state
    decides."""
    SiteBan.objects.filter(pk=ban.pk).update(representation_deadline=timezone.localdate())
    return site_ban_representations_online(ban=ban, text="Sorry", images=[])


# step -> (how the headteacher, or the parent at the link, takes it; the states it is allowed
# from; the state it leaves the ban in; the chronology step it writes)
STEPS = {
    "representations": (
        lambda ban, by: site_ban_record_representations(ban=ban, by=by, representations="Sorry"),
        {B.INTENDED},
        B.INTENDED,
        "representations",
    ),
    "online representations": (_online, {B.INTENDED}, B.INTENDED, "representations"),
    "decide": (
        lambda ban, by: site_ban_decide(
            ban=ban, by=by, decision="confirm", reasons="Upheld", review_on=ban.review_on
        ),
        {B.INTENDED},
        B.CONFIRMED,
        "confirm",
    ),
    "lift": (
        lambda ban, by: site_ban_decide(ban=ban, by=by, decision="lift", reasons="Enough"),
        {B.INTENDED},
        B.LIFTED,
        "lift",
    ),
    "correct": (_correct, {B.INTENDED}, B.INTENDED, "corrected"),
    "withdraw": (
        lambda ban, by: site_ban_withdraw(ban=ban, by=by, reason="Mistake"),
        {B.INTENDED},
        B.WITHDRAWN,
        "withdrawn",
    ),
    "review": (
        lambda ban, by: site_ban_review(ban=ban, by=by, outcome="continue", reasons="Calm now"),
        {B.CONFIRMED, B.UNDER_REVIEW},
        B.CONFIRMED,
        "review_continue",
    ),
    "review and lift": (
        lambda ban, by: site_ban_review(ban=ban, by=by, outcome="lift", reasons="Calm now"),
        {B.CONFIRMED, B.UNDER_REVIEW},
        B.LIFTED,
        "review_lift",
    ),
}


def _ban(school, state):
    today = timezone.localdate()
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    parent = ParentFactory(school=school)
    case.parents.add(parent)
    return SiteBanFactory(
        case=case,
        parent=parent,
        state=state,
        is_temporary=True,  # in force already, while representations are considered
        starts_on=today - 10 * DAY,
        ends_on=today + 60 * DAY,
        review_on=today + 30 * DAY,
        representation_deadline=today - DAY,  # a decision may be made now
    )


@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("state", list(B))
def test_site_ban_step_matrix(school, head, state, step):
    ban = _ban(school, state)
    run, allowed_from, target, written = STEPS[step]
    if state in allowed_from:
        run(ban, head)
        ban.refresh_from_db()
        assert ban.state == target
        entry = CaseEvent.objects.get(case=ban.case, kind=CaseEvent.Kind.SITE_BAN)
        assert (entry.data["ban"], entry.data["step"]) == (ban.pk, written)
    else:
        with pytest.raises(NotNow):
            run(ban, head)
        ban.refresh_from_db()
        assert ban.state == state
        assert not CaseEvent.objects.filter(case=ban.case).exists()


HEAD_ONLY = ["decide", "lift", "correct", "withdraw", "review", "review and lift"]


@pytest.mark.parametrize("step", HEAD_ONLY)
@pytest.mark.parametrize("who", ["slt", "bursar", "other_head"])
def test_only_the_schools_headteacher_takes_the_decisions(request, school, who, step):
    """Even in a state the step is allowed from, SLT, the bursar and another school's
    headteacher are refused and nothing changes."""
    run, allowed_from, _, _ = STEPS[step]
    state = sorted(allowed_from)[0]
    ban = _ban(school, state)
    with pytest.raises(NotPermitted):
        run(ban, request.getfixturevalue(who))
    ban.refresh_from_db()
    assert ban.state == state
    assert not CaseEvent.objects.filter(case=ban.case).exists()


# state -> (state after the periodic task on the review date, ... after the end date)
MOVES = {
    B.INTENDED: (B.INTENDED, B.INTENDED),
    B.CONFIRMED: (B.UNDER_REVIEW, B.ENDED),
    B.UNDER_REVIEW: (B.UNDER_REVIEW, B.ENDED),
    B.LIFTED: (B.LIFTED, B.LIFTED),
    B.ENDED: (B.ENDED, B.ENDED),
    B.WITHDRAWN: (B.WITHDRAWN, B.WITHDRAWN),
}


@pytest.mark.parametrize("state", list(B))
def test_periodic_task_moves_only_confirmed_bans_on(school, state):
    assert set(MOVES) == set(B)
    today = timezone.localdate()
    ban = SiteBanFactory(
        case__school=school,
        state=state,
        starts_on=today - 30 * DAY,
        ends_on=today + 30 * DAY,
        review_on=today,
    )
    seen = [state]
    for day, expected in zip((today, today + 31 * DAY), MOVES[state], strict=True):
        site_bans_move_on(day)
        site_bans_move_on(day)  # a second run changes nothing
        ban.refresh_from_db()
        assert ban.state == expected
        seen.append(expected)
    # one chronology entry for each move the task made, naming the state it moved to
    moves = [after for before, after in itertools.pairwise(seen) if before != after]
    entries = CaseEvent.objects.filter(case=ban.case, kind=CaseEvent.Kind.SITE_BAN)
    assert list(entries.order_by("pk").values_list("data__step", flat=True)) == moves
