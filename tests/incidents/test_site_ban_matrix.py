"""Every site-ban state x every step the school can take on a ban, by the headteacher: the
steps allowed are exactly those of the procedure (README, "Site bans"); every other one is
refused and changes nothing."""

import datetime

import pytest
from django.utils import timezone

from incidents.models import Case, CaseEvent, SiteBan
from incidents.services.errors import NotNow
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


STEPS = {
    "representations": (
        lambda ban, by: site_ban_record_representations(ban=ban, by=by, representations="Sorry"),
        {B.INTENDED},
    ),
    "decide": (
        lambda ban, by: site_ban_decide(
            ban=ban, by=by, decision="confirm", reasons="Upheld", review_on=ban.review_on
        ),
        {B.INTENDED},
    ),
    "correct": (_correct, {B.INTENDED}),
    "withdraw": (lambda ban, by: site_ban_withdraw(ban=ban, by=by, reason="Mistake"), {B.INTENDED}),
    "review": (
        lambda ban, by: site_ban_review(ban=ban, by=by, outcome="continue", reasons="Calm now"),
        {B.CONFIRMED, B.UNDER_REVIEW},
    ),
}


@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("state", list(B))
def test_site_ban_step_matrix(school, head, state, step):
    today = timezone.localdate()
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    parent = ParentFactory(school=school)
    case.parents.add(parent)
    ban = SiteBanFactory(
        case=case,
        parent=parent,
        state=state,
        is_temporary=True,  # in force already, while representations are considered
        starts_on=today - 10 * DAY,
        ends_on=today + 60 * DAY,
        review_on=today + 30 * DAY,
        representation_deadline=today - DAY,  # a decision may be made now
    )
    run, allowed_from = STEPS[step]
    if state in allowed_from:
        run(ban, head)
        assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SITE_BAN).exists()
    else:
        with pytest.raises(NotNow):
            run(ban, head)
        ban.refresh_from_db()
        assert ban.state == state
        assert not CaseEvent.objects.filter(case=case).exists()


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
    site_bans_move_on(today)
    ban.refresh_from_db()
    assert ban.state == MOVES[state][0]
    site_bans_move_on(today + 31 * DAY)
    ban.refresh_from_db()
    assert ban.state == MOVES[state][1]
