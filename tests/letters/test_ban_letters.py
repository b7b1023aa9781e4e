"""The starting wording of the intended-ban, decision and review letters follows the DfE
guidance on controlling access to school premises; approval still refuses a ban letter that
leaves out what the parent must be told."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.utils import timezone

from incidents.models import Case, SiteBan
from incidents.services.errors import NotNow
from incidents.services.site_ban_reviews import site_ban_review
from incidents.services.site_bans import site_ban_decide, site_ban_intend
from letters.context import letter_context
from letters.defaults import BODIES
from letters.models import Kind, Letter, LetterRender, LetterTemplate
from letters.services.drafting import letter_approve, letter_html
from tests.factories import CaseFactory, ParentFactory, SiteBanFactory

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)
CONDITIONS = (
    "May drop off at the gate but not enter the playground.\nContact through the office only."
)


@pytest.fixture
def case(school):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    case.parents.add(ParentFactory(school=school, full_name="Alex Banned"))
    return case


def intend(case, head, conditions=CONDITIONS):
    return site_ban_intend(
        case=case,
        by=head,
        parent=case.parents.get(),
        reasons="Threatening messages to the class teacher.",
        rules_breached=list(case.school.codes.get().breach_categories.all()[:1]),
        starts_on=TODAY() + 30 * DAY,
        ends_on=TODAY() + 120 * DAY,
        review_on=TODAY() + 60 * DAY,
        conditions=conditions,
    )


def text_of(letter: Letter) -> str:
    html = letter_html(letter, letter_context(letter))
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#x27;", "'")


def test_the_intended_ban_notice_says_what_the_guidance_asks(case, head):
    ban = intend(case, head)
    text = text_of(Letter.objects.get(site_ban=ban, kind=Kind.SITE_BAN_INTENDED))
    rule = ban.rules_breached.get().name
    for words in [
        "Threatening messages to the class teacher.",  # the behaviour
        rule,  # the rule it breached
        "trespasser under section 547 of the Education Act 1996",
        "May drop off at the gate but not enter the playground.",  # the conditions, as bullets
        "arrangements for your child's drop-off and collection",
        f"by {ban.representation_deadline:%-d %B %Y}",
        f"in writing to the Headteacher at {case.school.concern_email}",
        "make representations online at",
        f"the Headteacher will review it on {ban.review_on:%-d %B %Y}",
        f"from {ban.starts_on:%-d %B %Y} to {ban.ends_on:%-d %B %Y}",
    ]:
        assert words in text, words


def test_a_ban_without_conditions_says_the_parent_stays_off_site_and_how_the_child_gets_in(
    case, head
):
    ban = intend(case, head, conditions="")
    text = text_of(Letter.objects.get(site_ban=ban))
    assert "None: you may not come onto the school premises at any time." in text
    assert "how your child will be brought to school and collected" in text


@pytest.mark.parametrize("decision", ["confirm", "modify"])
def test_the_decision_letter_gives_the_behaviour_trespass_conditions_and_the_review(
    case, head, decision
):
    ban = SiteBanFactory(
        case=case,
        parent=case.parents.get(),
        conditions=CONDITIONS,
        representation_deadline=TODAY() - DAY,
    )
    site_ban_decide(
        ban=ban,
        by=head,
        decision=decision,
        reasons="Your representations did not address the threats.",
        review_on=TODAY() + 40 * DAY,
        ends_on=TODAY() + 80 * DAY if decision == "modify" else None,
    )
    ban.refresh_from_db()
    kind = Kind.SITE_BAN_DECISION if decision == "confirm" else Kind.SITE_BAN_MODIFIED
    text = text_of(Letter.objects.get(site_ban=ban, kind=kind))
    for words in [
        "Your representations did not address the threats.",
        "Threatening messages to staff.",  # the behaviour (the ban's reasons)
        "trespasser under section 547 of the Education Act 1996",
        "Contact through the office only.",
        f"The Headteacher will review the ban on {ban.review_on:%-d %B %Y}",
        f"until {ban.ends_on:%-d %B %Y}",
    ]:
        assert words in text, words


def test_the_review_letter_says_who_reviews_it_next_and_when(case, head):
    ban = SiteBanFactory(
        case=case,
        parent=case.parents.get(),
        state=SiteBan.State.UNDER_REVIEW,
        conditions=CONDITIONS,
        starts_on=TODAY() - 60 * DAY,
        review_on=TODAY(),
        representation_deadline=TODAY() - 70 * DAY,
    )
    site_ban_review(
        ban=ban, by=head, outcome="continue", reasons="No change.", review_on=TODAY() + 30 * DAY
    )
    text = text_of(Letter.objects.get(site_ban=ban, kind=Kind.BAN_REVIEW))
    assert (
        f"the ban continues until {ban.ends_on:%-d %B %Y}, and the Headteacher will review it "
        f"again on {TODAY() + 30 * DAY:%-d %B %Y}"
    ) in text
    assert "trespasser under section 547 of the Education Act 1996" in text
    assert "May drop off at the gate but not enter the playground." in text


@pytest.mark.parametrize(
    "placeholder, statement",
    [
        ("{{ ban_reasons }}", "The reasons for the site ban"),
        ("{{ ban_end }}", "The last day of the site ban"),
        ("{{ representation_how }}", "How to make representations"),
        ("{{ review_date }}", "When the ban will be reviewed"),
    ],
)
def test_a_ban_notice_without_reasons_duration_route_or_review_date_is_not_approved(
    case, head, placeholder, statement
):
    letter = Letter.objects.get(site_ban=intend(case, head))
    assert placeholder in letter.body
    letter.body = letter.body.replace(placeholder, "")
    letter.save()
    with pytest.raises(NotNow, match=statement):
        letter_approve(letter=letter, by=head)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT and not LetterRender.objects.exists()


def test_a_school_that_edited_its_ban_notice_keeps_its_wording(school, other_school):
    migration = importlib.import_module("letters.migrations.0007_site_ban_letters_follow_guidance")
    before, after = migration.WORDING["site_ban_intended"]
    LetterTemplate.objects.filter(school=school, kind=Kind.SITE_BAN_INTENDED).update(body=before)
    LetterTemplate.objects.filter(school=other_school, kind=Kind.SITE_BAN_INTENDED).update(
        body="Our own words. {{ ban_reasons }}"
    )
    migration.update_unedited(apps, None)
    bodies = dict(
        LetterTemplate.objects.filter(kind=Kind.SITE_BAN_INTENDED).values_list("school", "body")
    )
    assert bodies == {school.pk: after, other_school.pk: "Our own words. {{ ban_reasons }}"}
    # the wording the migration writes, greeting as 0008 makes it, is today's starting wording
    greeted = importlib.import_module("letters.migrations.0008_greet_by_salutation")
    assert {
        kind: new.replace(greeted.BEFORE[0], greeted.AFTER, 1)
        for kind, (_, new) in migration.WORDING.items()
    } == {kind: BODIES[kind][1] for kind in migration.WORDING}


def test_the_approved_notice_with_its_link_is_one_page_signed_on_the_same_page(
    case, head, django_capture_on_commit_callbacks
):
    """A notice for a ban with a line of reasons and two conditions, with the private link's
    full address in it, prints on one page; the sign-off never sits alone on another."""
    ban = intend(case, head)
    Letter.objects.filter(site_ban=ban).update(recipient_address="1 Any Street\nExampleton")
    letter = Letter.objects.get(site_ban=ban, kind=Kind.SITE_BAN_INTENDED)
    with django_capture_on_commit_callbacks(execute=True):
        letter_approve(letter=letter, by=head)
    render = LetterRender.objects.get(letter=letter)
    assert "/ban/" in Letter.objects.get(pk=letter.pk).html
    assert render.status == LetterRender.Status.DONE
    assert render.pages == 1
