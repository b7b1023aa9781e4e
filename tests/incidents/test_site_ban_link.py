"""The parent's own route to make representations: the private link in the intended-ban letter.

The attacker's tests put a marker string in every field the parent must not see and check that
none reaches the page.
"""

import datetime
import logging
import re
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from config.log_redaction import RedactFollowUpLinks, redact
from incidents.models import CaseEvent, Evidence, Notification, SiteBan
from incidents.services.site_ban_link import LINK_HIDDEN
from incidents.services.site_bans import (
    site_ban_decide,
    site_ban_intend,
    site_ban_record_representations,
    site_ban_withdraw,
)
from incidents.tokens import token_hash
from letters.models import Kind, Letter
from letters.services.drafting import letter_approve, letter_draft
from tests import imagefiles
from tests.factories import CaseFactory, EvidenceFactory, ParentFactory, ReportFactory
from tests.letters.helpers import pdf_text

LINK = re.compile(r"https?://[^/\s<\"]+(/ban/[A-Za-z0-9_-]{43}/)")
SECRET = "MARKER-SECRET"


@pytest.fixture
def case(school):
    case = CaseFactory(school=school, status="site_ban")
    case.parents.add(ParentFactory(school=school, full_name="Sam Threat", email="s@example.org"))
    return case


def intend(case, head, **extra):
    today = timezone.localdate()
    return site_ban_intend(
        case=case,
        by=head,
        parent=case.parents.get(),
        reasons="Threatening messages to the class teacher.",
        conditions="You may wait at the gate at home time.",
        rules_breached=[case.school.codes.get().breach_categories.last()],
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=180),
        review_on=today + datetime.timedelta(days=90),
        **extra,
    )


def approve_notice(ban, head) -> str:
    """Approves the ban's drafted notice with the link in its wording; returns the link's path."""
    letter = ban.letters.get(kind=Kind.SITE_BAN_INTENDED, status=Letter.Status.DRAFT)
    letter.body += "\n\nOr make them online: {{ representation_url }}"
    letter.save(update_fields=["body"])
    letter_approve(letter=letter, by=head)
    letter.refresh_from_db()
    return LINK.search(letter.html).group(1)


@pytest.fixture
def ban(case, head):
    return intend(case, head)


@pytest.fixture
def link(ban, head):
    return approve_notice(ban, head)


def test_the_notice_carries_a_link_whose_token_is_stored_only_hashed(ban, link, head):
    token = link.split("/")[2]
    ban.refresh_from_db()
    assert ban.link_token_hash == token_hash(token)
    assert token not in str(SiteBan.objects.filter(pk=ban.pk).values().get())
    assert not CaseEvent.objects.filter(text__contains=token).exists()


def test_the_parent_sees_the_reasons_conditions_and_deadline_from_the_letter(client, ban, link):
    response = client.get(link)
    page = response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "Threatening messages to the class teacher." in page
    assert "You may wait at the gate at home time." in page
    assert f"{ban.representation_deadline:%-d %B %Y}" in page
    assert "Send my representations" in page


def test_the_parents_page_shows_nothing_but_what_the_letter_said(client, case, head, slt, ban):
    """The attacker's test: a marker in every field of the case the parent must not see."""
    report = ReportFactory(
        case=case,
        school=case.school,
        reporter_name=f"{SECRET}-reporter",
        reporter_email="marker-secret@example.org",
        description=f"{SECRET}-description",
        person_concerned=f"{SECRET}-person",
    )
    EvidenceFactory(case=case, report=report, original_name=f"{SECRET}-evidence.png")
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.NOTE, actor=slt, text=f"{SECRET}-note")
    site_ban_record_representations(
        ban=ban,
        by=slt,
        representations=f"{SECRET}-staff-recorded",
        method="email",
        attachments=[("staff.png", _processed())],
    )
    link = approve_notice(ban, head)
    ban.refresh_from_db()
    site_ban_decide(
        ban=ban,
        by=head,
        decision="confirm",
        reasons="Your messages frightened staff.",
        note=f"{SECRET}-internal-note",
        review_on=ban.starts_on + datetime.timedelta(days=30),
    )
    decision = ban.letters.get(kind=Kind.SITE_BAN_DECISION)
    letter_approve(letter=decision, by=head)
    page = Client().get(link).content.decode()
    assert "Your messages frightened staff." in page
    assert SECRET not in page and "marker-secret" not in page.lower()
    assert case.reference not in page
    assert "/evidence/" not in page and "<img" not in page


def _visible(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _page_values(page: str) -> list[str]:
    """Each value the parent's page states from a letter: every line of every <dd> and <li>,
    and the reasons under a decision."""
    items = re.findall(r"<li>(.*?)</li>", page, re.S)
    items += [dd for dd in re.findall(r"<dd>(.*?)</dd>", page, re.S) if "<li>" not in dd]
    return [_visible(line) for item in items for line in item.split("<br>") if _visible(line)]


def _letters_text(ban) -> str:
    """What the approved letters about the ban said (the notice's link hidden, as staff see)."""
    approved = ban.letters.filter(status=Letter.Status.APPROVED).order_by("pk")
    return " ".join(_visible(letter.html) for letter in approved)


def test_the_parents_page_states_only_what_its_letters_said_and_nothing_of_other_bans(
    client, school, case, head, slt, ban
):
    """Another parent's ban on the same case, another case's ban with its own link and online
    representations, the ban's register description and the case's summary are all marked;
    none reaches the page. Every value the page does state is in a letter the parent was
    sent."""
    ban.description = f"{SECRET}-how-to-recognise"
    ban.save(update_fields=["description"])
    other_parent = ParentFactory(school=school, full_name=f"{SECRET}-other-parent")
    case.parents.add(other_parent)
    same_case = site_ban_intend(
        case=case,
        by=head,
        parent=other_parent,
        reasons=f"{SECRET}-same-case-reasons",
        conditions=f"{SECRET}-same-case-conditions",
        rules_breached=[school.codes.get().breach_categories.first()],
        starts_on=ban.starts_on,
        ends_on=ban.ends_on,
        review_on=ban.review_on,
    )
    other_case = CaseFactory(school=school, status="site_ban")
    other_case.parents.add(ParentFactory(school=school, full_name=f"{SECRET}-third-parent"))
    elsewhere = intend(other_case, head)
    SiteBan.objects.filter(pk=elsewhere.pk).update(reasons=f"{SECRET}-other-case-reasons")
    for other in (same_case, elsewhere):
        other_link = approve_notice(SiteBan.objects.get(pk=other.pk), head)
        Client().post(other_link, {"text": f"{SECRET}-other-online"})
    assert CaseEvent.objects.filter(data__step="representations").count() == 2

    link = approve_notice(ban, head)
    ban.refresh_from_db()
    before = Client().get(link).content.decode()
    site_ban_record_representations(
        ban=ban, by=slt, representations=f"{SECRET}-staff-recorded", method="letter"
    )
    site_ban_decide(
        ban=ban,
        by=head,
        decision="confirm",
        reasons="Your messages frightened staff.",
        note=f"{SECRET}-internal-note",
        review_on=ban.review_on,
    )
    letter_approve(letter=ban.letters.get(kind=Kind.SITE_BAN_DECISION), by=head)
    after = Client().get(link).content.decode()

    letters = _letters_text(ban)
    for page in (before, after):
        assert SECRET not in page
        for reference in (case.reference, other_case.reference):
            assert reference not in page
        assert "<img" not in page and "/evidence/" not in page and "/staff/" not in page
        values = _page_values(page)
        assert len(values) >= 5  # reasons, rule, conditions, dates, deadline
        for value in values:
            assert value in letters, value
    reasons = "Your messages frightened staff."
    assert reasons in after and reasons in letters


def _processed():
    from incidents.forms.fields import ScreenshotsField

    return ScreenshotsField().clean([imagefiles.png()])[0][1]


def test_representations_at_the_link_arrive_on_the_ban_and_tell_the_head(
    client, case, ban, link, head
):
    response = client.post(
        link, {"text": "I did not send those messages.", "screenshots": [imagefiles.png()]}
    )
    assert response.status_code == 302
    assert "received by the school" in client.get(response["Location"]).content.decode()
    ban.refresh_from_db()
    assert ban.representations == "I did not send those messages."
    event = CaseEvent.objects.get(case=case, data__step="representations")
    assert (event.data["method"], event.actor_label) == ("online", "Parent (online)")
    assert Evidence.objects.filter(public_id=event.data["evidence"][0], case=case).exists()
    told = Notification.objects.get(kind=Notification.Kind.REPRESENTATIONS_ONLINE)
    assert told.recipient == head.email
    assert "did not send" not in told.body  # no content in the e-mail
    assert f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/" in told.body
    assert told.subject == f"Site ban on {case.reference}: representations received online"
    client.force_login(head)
    decision_page = client.get(
        f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/"
    ).content.decode()
    assert "I did not send those messages." in decision_page
    assert "Online, through the letter" in decision_page


def test_a_bad_attachment_is_refused_and_the_text_kept(client, ban, link):
    response = client.post(
        link, {"text": "My side of it.", "screenshots": [imagefiles.svg_with_script()]}
    )
    assert response.status_code == 200
    assert "My side of it." in response.content.decode()
    assert not CaseEvent.objects.filter(data__step="representations").exists()


def test_after_the_deadline_the_link_takes_nothing_and_says_how_to_contact_the_school(
    client, ban, link
):
    SiteBan.objects.filter(pk=ban.pk).update(
        representation_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = client.get(link).content.decode()
    assert "Send my representations" not in page
    assert "deadline for representations" in page and ban.school.concern_email in page
    response = client.post(link, {"text": "Too late?"})
    assert response.status_code == 409
    assert not CaseEvent.objects.filter(data__step="representations").exists()


def test_wrong_token_is_404(client, link):
    assert client.get("/ban/" + "x" * 43 + "/").status_code == 404


def test_a_reissued_notice_invalidates_the_old_link(client, case, head, ban, link):
    draft = letter_draft(
        case=case, kind=Kind.SITE_BAN_INTENDED, by=head, parent=ban.parent, site_ban=ban
    )
    ban.refresh_from_db()
    new_link = approve_notice(ban, head)
    assert draft.pk
    assert new_link != link
    assert client.get(link).status_code == 404
    assert client.get(new_link).status_code == 200


def test_a_withdrawn_ban_says_so_as_the_withdrawal_letter_does(client, ban, link, head):
    site_ban_withdraw(ban=ban, by=head, reason="Recorded against the wrong parent.")
    page = client.get(link).content.decode()
    assert "will be sent to you in a letter" in page
    letter_approve(letter=ban.letters.get(kind=Kind.SITE_BAN_WITHDRAWN), by=head)
    page = client.get(link).content.decode()
    assert "The ban is withdrawn." in page
    assert "Recorded against the wrong parent." in page
    assert "Send my representations" not in page


def test_posts_to_the_link_are_rate_limited(client, ban, link, settings):
    settings.CONCERN_RATE_LIMIT = "1/10m"
    client.get(link)  # the browser's id, which the limit counts by
    client.post(link, {"text": "First."})
    response = client.post(link, {"text": "Second."})
    assert response.status_code == 429
    assert CaseEvent.objects.filter(data__step="representations").count() == 1


def test_the_link_is_hidden_in_logs():
    line = 'GET /ban/abcDEF123_-xyz/ HTTP/1.1" 200 "https://school.example.org/ban/abcDEF/?sent=1"'
    assert "abcDEF" not in redact(line)
    record = logging.LogRecord("django.request", 40, "", 0, "Error: %s", ("/ban/abcDEF/",), None)
    RedactFollowUpLinks().filter(record)
    assert record.args == ("/ban/[hidden]/",)
    assert redact("/staff/bans/") == "/staff/bans/"


def test_the_public_body_limit_covers_the_link(client, ban, link, settings):
    settings.PUBLIC_MAX_BODY_MB = 1
    response = client.generic(
        "POST", link, b"x" * (2 * 1024 * 1024), content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert not CaseEvent.objects.filter(data__step="representations").exists()


def test_staff_reading_the_sent_notice_never_see_a_usable_link(
    client, ban, head, slt, django_capture_on_commit_callbacks
):
    """The PDF (the letter the parent is sent) carries the link; the letter's page and its HTML
    preview show staff only that it is there, whoever reads them and whatever the letter's
    state."""
    letter = ban.letters.get(kind=Kind.SITE_BAN_INTENDED)
    with django_capture_on_commit_callbacks(execute=True):
        link = approve_notice(ban, head)
    token = link.split("/")[2]
    letter.refresh_from_db()
    assert token in pdf_text(letter.render).replace(" ", "")
    for state in (Letter.Status.APPROVED, Letter.Status.SENT):
        Letter.objects.filter(pk=letter.pk).update(status=state)
        for user in (head, slt):
            client.force_login(user)
            detail = client.get(f"/staff/letters/{letter.pk}/").content.decode()
            preview = client.get(f"/staff/letters/{letter.pk}/preview/").content.decode()
            assert token not in detail and token not in preview
            assert "/ban/" not in preview
            assert LINK_HIDDEN in preview


def test_the_link_never_reaches_the_log_even_when_its_page_fails(ban, head, monkeypatch):
    """Every step the link goes through, with the console handler's output captured: approval,
    the parent's visits, a wrong link, and a server error on the link's page (which Django logs
    with its path)."""
    import io

    # the console handler from settings.LOGGING, with the redaction filter
    handler = next(h for h in logging.getLogger("django.request").handlers if h.filters)
    captured = io.StringIO()
    previous = handler.setStream(captured)
    try:
        link = approve_notice(ban, head)
        parent = Client(raise_request_exception=False)
        parent.get(link)
        parent.post(link, {"text": "My side."})
        parent.get(link[:-5] + "abcd/")

        def broken(**kwargs):
            raise RuntimeError("the disk is full")

        monkeypatch.setattr("incidents.views.ban_link.site_ban_representations_online", broken)
        assert parent.post(link, {"text": "Again."}).status_code == 500
    finally:
        handler.setStream(previous)
    output = captured.getvalue()
    assert "Internal Server Error: /ban/[hidden]/" in output
    assert link.split("/")[2] not in output


def test_the_page_gives_each_later_letters_outcome_and_dates_as_that_letter_did(
    client, ban, link, head
):
    """A ban confirmed with a new end date, then reviewed: the parent's page says what each
    letter said, in a sentence, with the dates the letter gave."""
    from incidents.services.site_ban_reviews import site_ban_review

    site_ban_record_representations(ban=ban, by=head, representations="Sorry.", method="letter")
    new_end = ban.ends_on - datetime.timedelta(days=30)
    site_ban_decide(
        ban=ban,
        by=head,
        decision="modify",
        reasons="Your apology is accepted in part.",
        review_on=ban.review_on,
        ends_on=new_end,
    )
    letter_approve(letter=ban.letters.get(kind=Kind.SITE_BAN_MODIFIED), by=head)
    page = client.get(link).content.decode()
    assert (
        "The ban is confirmed with these changes: it runs from "
        f"{ban.starts_on:%-d %B %Y} to {new_end:%-d %B %Y}." in page
    )
    assert "Intended ban from the school site" not in page
    assert "Send my representations" not in page

    ban.refresh_from_db()
    site_ban_review(ban=ban, by=head, outcome="continue", reasons="No further incidents.")
    letter_approve(letter=ban.letters.get(kind=Kind.BAN_REVIEW), by=head)
    page = client.get(link).content.decode()
    assert f"The ban continues until {new_end:%-d %B %Y}." in page
    assert "No further incidents." in page
    assert "The ban is the ban" not in page
