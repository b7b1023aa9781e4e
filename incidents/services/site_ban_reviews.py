"""What happens to a confirmed site ban over time: on its review date it is under review until
the headteacher records the review's outcome; after its end date it has ended, by itself."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from incidents.models import CaseEvent, SiteBan
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow
from incidents.services.site_bans import site_ban_check_dates
from incidents.signals import site_ban_stepped
from policies.permissions import Action

REVIEWABLE = (SiteBan.State.CONFIRMED, SiteBan.State.UNDER_REVIEW)
REVIEWED = {
    "continue": "continues to its end date",
    "modify": "continues with changes",
    "lift": "is lifted",
}


@transaction.atomic
def site_ban_review(
    *,
    ban: SiteBan,
    by: User,
    outcome: str,
    reasons: str,
    ends_on: datetime.date | None = None,
    review_on: datetime.date | None = None,
) -> SiteBan:
    """The headteacher reviews a confirmed ban: it continues to its end date, continues with a
    new end date, or is lifted; with reasons, and a letter to the parent. A next review date
    is optional: without one the ban runs to its end date."""
    ban = SiteBan.objects.select_for_update(of=("self",)).select_related("case").get(pk=ban.pk)
    require(by, ban.case, Action.DECIDE)
    if ban.state not in REVIEWABLE:
        raise NotNow(f"Only a confirmed ban is reviewed; this one is {ban.get_state_display()}.")
    if outcome not in REVIEWED:
        raise NotNow("Choose continue, modify or lift.", field="outcome")
    if not reasons.strip():
        raise NotNow("Give the reasons for the review's outcome.", field="reasons")
    today = timezone.localdate()
    if outcome == "lift":
        ban.state = SiteBan.State.LIFTED
    else:
        if outcome == "modify":
            if ends_on is None:
                raise NotNow("Give the ban's new end date.", field="ends_on")
            if ends_on < today:
                raise NotNow("The new end date cannot be in the past.", field="ends_on")
            ban.ends_on = ends_on
        if review_on is not None and review_on <= today:
            raise NotNow("The next review date must be after today.", field="review_on")
        site_ban_check_dates(
            starts_on=ban.starts_on,
            ends_on=ban.ends_on,
            review_on=review_on,
            deadline=ban.representation_deadline,
            is_temporary=True,  # the start was checked when the ban was recorded
        )
        ban.state = SiteBan.State.CONFIRMED
        ban.review_on = review_on
    ban.decision_reasons = reasons
    ban.save(update_fields=["state", "ends_on", "review_on", "decision_reasons"])
    next_review = f" Next review {ban.review_on:%-d %B %Y}." if ban.review_on else ""
    event_add(
        ban.case,
        CaseEvent.Kind.SITE_BAN,
        by=by,
        text=f"Ban reviewed: it {REVIEWED[outcome]} (to {ban.ends_on:%-d %B %Y}).{next_review} "
        f"{reasons}".strip(),
        ban=ban.pk,
        step=f"review_{outcome}",
    )
    site_ban_stepped.send(sender=SiteBan, ban=ban, step=f"review_{outcome}", by=by)
    return ban


def site_bans_move_on(today: datetime.date | None = None) -> tuple[int, int]:
    """Bans whose review date came are under review; bans past their end date have ended.
    Each ban in its own transaction, re-read under lock, so two runs at once (or a run during
    the headteacher's review) change each ban once. Returns (under review, ended)."""
    today = today or timezone.localdate()
    due = SiteBan.objects.filter(
        state=SiteBan.State.CONFIRMED, review_on__lte=today, ends_on__gte=today
    )
    over = SiteBan.objects.filter(state__in=REVIEWABLE, ends_on__lt=today)
    reviews = sum(_move(pk, SiteBan.State.UNDER_REVIEW, today) for pk in _ids(due))
    ended = sum(_move(pk, SiteBan.State.ENDED, today) for pk in _ids(over))
    return reviews, ended


def _ids(bans) -> list[int]:
    return list(bans.order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def _move(pk: int, target: str, today: datetime.date) -> bool:
    ban = (
        SiteBan.objects.select_for_update(of=("self",)).select_related("case", "parent").get(pk=pk)
    )
    if target == SiteBan.State.ENDED:
        if ban.state not in REVIEWABLE or ban.ends_on >= today:
            return False
        text = f"The ban of {ban.parent.full_name} ended on {ban.ends_on:%-d %B %Y}."
    else:
        if ban.state != SiteBan.State.CONFIRMED or not ban.review_on or ban.review_on > today:
            return False
        text = f"The ban of {ban.parent.full_name} is due for review today: the headteacher "
        text += "records whether it continues, changes or is lifted."
    ban.state = target
    ban.save(update_fields=["state"])
    event_add(ban.case, CaseEvent.Kind.SITE_BAN, text=text, ban=ban.pk, step=target)
    return True
