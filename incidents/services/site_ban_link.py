"""The parent's own route to make representations about an intended site ban.

The link is as strong and as guarded as the reporter's follow-up link: 256 bits, only its hash
stored, never logged (config/log_redaction.py). A token is minted when the intended-ban letter is
approved and goes only into that letter's HTML (and so its PDF): the letter is the one place it
is shown. A re-issued notice mints a new token, so the old letter's link stops working.

The page shows only what the letters sent through the link stated: their words are recorded on
the ban (`link_letters`) when each letter is approved, never read from the case.
"""

import datetime
import re
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from incidents.models import CaseEvent, KeptScreenshot, Notification, SiteBan
from incidents.services.errors import NotNow
from incidents.services.evidence import evidence_files_delete, evidence_store_all
from incidents.services.kept_screenshots import kept_screenshots_delete, kept_screenshots_load
from incidents.services.notifications import deciders_tell
from incidents.services.site_bans import _representations_record
from incidents.tokens import follow_up_token_new, token_hash

PARENT = "Parent (online)"
AFTER_DEADLINE = "The deadline for representations has passed, so they can no longer be made here."


# The link as a letter prints it. The approved letter's HTML keeps it for its PDF, the copy the
# parent is sent; anywhere staff read that HTML it is replaced, so the letter stays the one place
# the link can be used from.
LINK_IN_LETTER = re.compile(r"https?://[^\s<>\"']+/ban/[A-Za-z0-9_-]+/")
LINK_HIDDEN = "[the parent's private link: printed only in the letter sent to them]"


class LinkLimitReached(Exception):
    """The parent has sent as many representations through the link as a day allows."""


def site_ban_link_url(token: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse('ban_link', args=[token])}"


def site_ban_link_hidden(html: str) -> str:
    return LINK_IN_LETTER.sub(LINK_HIDDEN, html)


def site_ban_link_issue(*, ban: SiteBan, notice: dict) -> str:
    """A fresh token for the notice being approved (`notice`: what it states, as text). Call
    inside the letter's approval; returns the raw token, which only that letter carries."""
    token = follow_up_token_new()
    ban.link_token_hash = token_hash(token)
    ban.link_letters = {"notice": notice, "later": []}
    ban.save(update_fields=["link_token_hash", "link_letters"])
    return token


def site_ban_link_letter_record(*, ban: SiteBan, letter: dict) -> None:
    """A later letter about the ban (decision, withdrawal, review), as sent, for the link."""
    if not ban.link_token_hash:
        return
    letters = dict(ban.link_letters or {})
    letters["later"] = [*letters.get("later", []), letter]
    ban.link_letters = letters
    ban.save(update_fields=["link_letters"])


def site_ban_for_link(token: str) -> SiteBan | None:
    if not token:
        return None
    return (
        SiteBan.objects.select_related("school", "case")
        .filter(link_token_hash=token_hash(token))
        .first()
    )


def site_ban_link_open(ban: SiteBan) -> bool:
    """The link takes representations while the ban is intended, until the deadline's end."""
    return (
        ban.state == SiteBan.State.INTENDED and timezone.localdate() <= ban.representation_deadline
    )


def _online_today(ban: SiteBan) -> int:
    return CaseEvent.objects.filter(
        case_id=ban.case_id,
        kind=CaseEvent.Kind.SITE_BAN,
        data__ban=ban.pk,
        data__step="representations",
        data__method=SiteBan.Arrival.ONLINE,
        created_at__gte=timezone.now() - datetime.timedelta(days=1),
    ).count()


def site_ban_link_allowed(ban: SiteBan) -> bool:
    return _online_today(ban) < settings.FOLLOW_UP_DAILY_LIMIT


def site_ban_representations_online(
    *, ban: SiteBan, text: str, images: list, kept: Sequence[KeptScreenshot] = ()
) -> None:
    """The parent's representations from the link: recorded as staff record them (how they
    arrived: online), pictures kept as the case's evidence, and the headteacher told by an
    e-mail that carries no content. The files go again if the rows are not written. `kept` are
    the pictures kept from the form's earlier attempts, attached before `images` and then
    deleted."""
    images = kept_screenshots_load(kept) + images
    stored = []
    try:
        with transaction.atomic():
            ban = (
                SiteBan.objects.select_for_update(of=("self",))
                .select_related("case")
                .get(pk=ban.pk)
            )
            if not site_ban_link_open(ban):
                raise NotNow(AFTER_DEADLINE)
            if not site_ban_link_allowed(ban):
                raise LinkLimitReached
            stored = evidence_store_all(case=ban.case, images=images)
            kept_screenshots_delete(kept)
            _representations_record(
                ban, None, text, None, SiteBan.Arrival.ONLINE, stored, actor_label=PARENT
            )
            _tell_deciders(ban)
    except Exception:
        evidence_files_delete(stored)
        raise


def _tell_deciders(ban: SiteBan) -> None:
    page = reverse("staff:case_ban_decision", args=[ban.case.reference, ban.pk])
    deciders_tell(
        case=ban.case,
        kind=Notification.Kind.REPRESENTATIONS_ONLINE,
        # each representation is news: one e-mail per arrival, not per ban
        subject_key=f"ban:{ban.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        template="incidents/email/representations_online.txt",
        context={"reference": ban.case.reference, "url": f"{settings.SITE_URL.rstrip('/')}{page}"},
    )
