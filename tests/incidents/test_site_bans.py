import datetime

import pytest
from django.utils import timezone

from incidents.models import Case, CaseEvent, SiteBan
from incidents.selectors.bans import ban_register, bans_due_first
from policies.schooldays import add_school_days
from tests import imagefiles
from tests.factories import CaseFactory, ParentFactory, SiteBanFactory


@pytest.fixture
def case(school):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    case.parents.add(ParentFactory(school=school, full_name="Sam Threat"))
    return case


def ban_data(case, **overrides):
    today = timezone.localdate()
    data = {
        "parent": case.parents.get().pk,
        "reasons": "Threatening messages to the class teacher.",
        "rules_breached": [case.school.codes.get().breach_categories.last().pk],
        "starts_on": (today + datetime.timedelta(days=30)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=180)).isoformat(),
        "review_on": (today + datetime.timedelta(days=90)).isoformat(),
    }
    data.update(overrides)
    return data


def test_head_records_an_intended_ban_with_a_school_day_deadline(client, case, head):
    client.force_login(head)
    response = client.post(f"/staff/cases/{case.reference}/site-ban/", ban_data(case))
    assert response.status_code == 302
    ban = SiteBan.objects.get(case=case)
    expected = add_school_days(timezone.localdate(), 10, school=case.school)
    assert (ban.state, ban.representation_deadline) == (SiteBan.State.INTENDED, expected)
    assert list(ban.rules_breached.values_list("name", flat=True)) == ["Threatening behaviour"]
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SITE_BAN).exists()


def test_slt_cannot_record_a_ban(client, case, slt):
    client.force_login(slt)
    assert (
        client.post(f"/staff/cases/{case.reference}/site-ban/", ban_data(case)).status_code == 403
    )
    assert not SiteBan.objects.exists()


def test_ban_needs_the_case_at_the_site_ban_step(client, school, head):
    case = CaseFactory(school=school, status=Case.Status.MEETING)
    case.parents.add(ParentFactory(school=school))
    client.force_login(head)
    response = client.post(f"/staff/cases/{case.reference}/site-ban/", ban_data(case))
    assert "Escalate the case to a site ban" in response.content.decode()
    assert not SiteBan.objects.exists()


def test_decision_waits_for_representations_or_the_deadline(client, case, head):
    ban = SiteBanFactory(case=case, parent=case.parents.get())
    client.force_login(head)
    decision = {"decision": "confirm", "reasons": "Upheld", "review_on": "2027-03-01"}
    response = client.post(f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/", decision)
    assert "Wait for the parent" in response.content.decode()
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.INTENDED


def test_representations_then_confirmation_with_review_date(client, case, slt, head):
    ban = SiteBanFactory(case=case, parent=case.parents.get())
    client.force_login(slt)
    client.post(
        f"/staff/cases/{case.reference}/site-ban/{ban.pk}/representations/",
        {"representations": "I apologise.", "received_at": "2026-11-21T10:00", "method": "email"},
    )
    client.force_login(head)
    page_url = f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/"
    response = client.post(page_url, {"decision": "confirm", "reasons": "Upheld"})
    assert "needs a review date" in response.content.decode()
    review_on = timezone.localdate() + datetime.timedelta(days=30)
    client.post(page_url, {"decision": "confirm", "reasons": "Upheld", "review_on": review_on})
    ban.refresh_from_db()
    assert (ban.state, ban.review_on, ban.decided_by) == (
        SiteBan.State.CONFIRMED,
        review_on,
        head,
    )
    steps = list(
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SITE_BAN).values_list(
            "data__step", flat=True
        )
    )
    assert steps == ["representations", "confirm"]


def test_lifting_after_the_deadline(client, case, head):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ban = SiteBanFactory(case=case, parent=case.parents.get(), representation_deadline=yesterday)
    client.force_login(head)
    client.post(
        f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/",
        {"decision": "lift", "reasons": "No longer needed"},
    )
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.LIFTED


def test_register_lists_bans_and_reviews_due(client, case, slt):
    soon = timezone.localdate() + datetime.timedelta(days=5)
    SiteBanFactory(case=case, parent=case.parents.get(), state="confirmed", review_on=soon)
    client.force_login(slt)
    page = client.get("/staff/bans/").content.decode()
    assert page.count("Sam Threat") == 2  # in "needing action" and in the full register
    assert "Sam Threat" in client.get("/staff/").content.decode()


def test_dashboard_bans_due_are_the_first_of_the_register(school):
    today = timezone.localdate()
    for n in range(12):
        SiteBanFactory(
            case__school=school,
            state=SiteBan.State.CONFIRMED,
            review_on=today + datetime.timedelta(days=n % 20),
        )
        SiteBanFactory(
            case__school=school,
            state=SiteBan.State.INTENDED,
            representation_deadline=today - datetime.timedelta(days=n),
        )
    SiteBanFactory(case__school=school, state=SiteBan.State.CONFIRMED, review_on=None)
    register = list(ban_register(school=school, due_within_days=14))
    assert len(register) == 24
    first = bans_due_first(school=school, due_within_days=14, size=10)
    assert [b.pk for b in first] == [b.pk for b in register[:10]]


def _errors(response) -> str:
    assert response.status_code == 200  # the form again, not the case page
    return response.content.decode()


def test_review_date_before_the_start_is_refused_on_the_form_keeping_what_was_typed(
    client, case, head
):
    client.force_login(head)
    today = timezone.localdate()
    data = ban_data(
        case,
        reasons="Shouting at staff in the playground on 3 November.",
        review_on=(today + datetime.timedelta(days=20)).isoformat(),
    )
    page = _errors(client.post(f"/staff/cases/{case.reference}/site-ban/", data))
    assert "The review date must fall while the ban is in force" in page
    assert "Shouting at staff in the playground on 3 November." in page
    assert f'value="{data["ends_on"]}"' in page
    assert not SiteBan.objects.exists()


def test_review_date_after_the_end_is_refused(client, case, head):
    client.force_login(head)
    late = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    page = _errors(
        client.post(f"/staff/cases/{case.reference}/site-ban/", ban_data(case, review_on=late))
    )
    assert "before it ends" in page
    assert not SiteBan.objects.exists()


def test_ban_that_is_not_temporary_cannot_start_before_the_representations_deadline(
    client, case, head
):
    client.force_login(head)
    today = timezone.localdate()
    deadline = add_school_days(today, 10, school=case.school)
    data = ban_data(case, starts_on=deadline.isoformat())
    page = _errors(client.post(f"/staff/cases/{case.reference}/site-ban/", data))
    assert "the day after the deadline for representations" in page
    data["starts_on"] = (deadline + datetime.timedelta(days=1)).isoformat()
    assert client.post(f"/staff/cases/{case.reference}/site-ban/", data).status_code == 302
    assert SiteBan.objects.get().starts_on == deadline + datetime.timedelta(days=1)


def test_deadline_for_representations_cannot_be_in_the_past(client, case, head):
    client.force_login(head)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    data = ban_data(case, representation_deadline=yesterday)
    page = _errors(client.post(f"/staff/cases/{case.reference}/site-ban/", data))
    assert "cannot be in the past" in page
    assert not SiteBan.objects.exists()


def test_temporary_ban_may_start_at_once_and_its_letter_says_it_is_in_force(client, case, head):
    from letters.context import letter_context
    from letters.services.drafting import letter_html

    client.force_login(head)
    today = timezone.localdate()
    data = ban_data(case, starts_on=today.isoformat(), is_temporary="on")
    assert client.post(f"/staff/cases/{case.reference}/site-ban/", data).status_code == 302
    ban = SiteBan.objects.get()
    letter = ban.letters.get()
    html = letter_html(letter, letter_context(letter))
    assert f"it is in force from {today:%-d %B %Y}" in html
    assert (
        "Temporary ban (in force from its start)"
        in CaseEvent.objects.get(kind=CaseEvent.Kind.SITE_BAN).text
    )


def test_confirming_with_a_review_date_after_the_end_is_refused_on_the_decision_form(
    client, case, head
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ban = SiteBanFactory(case=case, parent=case.parents.get(), representation_deadline=yesterday)
    client.force_login(head)
    late = (ban.ends_on + datetime.timedelta(days=1)).isoformat()
    page = _errors(
        client.post(
            f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/",
            {"decision": "confirm", "reasons": "Upheld after the meeting", "review_on": late},
        )
    )
    assert "before it ends" in page and "Upheld after the meeting" in page
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.INTENDED


def test_decision_page_puts_the_ban_representations_letters_and_case_in_front_of_the_head(
    client, case, slt, head
):
    from letters.models import Letter

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ban = SiteBanFactory(
        case=case,
        parent=case.parents.get(),
        reasons="Abuse of the office staff.",
        conditions="May attend parents' evening by appointment.",
        representation_deadline=yesterday,
    )
    SiteBanFactory(case=case, parent=case.parents.get())  # a second ban on the same case
    Letter.objects.create(
        case=case,
        kind="site_ban_intended",
        site_ban=ban,
        title="Notice of an intended ban",
        body="x",
        status=Letter.Status.SENT,
        sent_at=timezone.now(),
    )
    client.force_login(slt)
    for text, when, how, files in [
        ("I was upset.", "2026-11-02T09:00", "letter", [imagefiles.png(name="letter.png")]),
        ("Sorry.", "2026-11-03T10:30", "email", []),
    ]:
        response = client.post(
            f"/staff/cases/{case.reference}/site-ban/{ban.pk}/representations/",
            {"representations": text, "received_at": when, "method": how, "screenshots": files},
        )
        assert response.status_code == 302
    client.force_login(head)
    page = client.get(f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/").content.decode()
    for fact in [
        ban.reference,
        "1 other ban",
        "Abuse of the office staff.",
        "May attend parents&#x27; evening by appointment.",
        "No: it starts only once confirmed",
        "the deadline has passed",
        "I was upset.",
        "2 Nov 2026 09:00 · Letter",
        "Sorry.",
        "3 Nov 2026 10:30 · E-mail",
        "Attachment 1, letter.png",
        f"Notice of an intended ban</a> — sent {timezone.localdate():%-d %b %Y}",
        'Parents concerned</dt><dd class="col-sm-8">Sam Threat',  # the case summary
    ]:
        assert fact in page, fact


@pytest.mark.parametrize(
    "decision, kind, words",
    [
        ("confirm", "site_ban_decision", "has decided to confirm the ban from the school site."),
        (
            "modify",
            "site_ban_modified",
            "to confirm the ban from the school site with these changes",
        ),
        ("lift", "site_ban_lifted", "has decided to lift the ban from the school site"),
    ],
)
def test_each_decision_drafts_its_own_letter_with_the_reasons_but_never_the_internal_note(
    client, case, head, decision, kind, words
):
    from letters.context import letter_context
    from letters.services.drafting import letter_html

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ban = SiteBanFactory(
        case=case, parent=case.parents.get(), is_temporary=True, representation_deadline=yesterday
    )
    client.force_login(head)
    response = client.post(
        f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/",
        {
            "decision": decision,
            "reasons": "Your messages to staff continued after our letter.",
            "note": "Chair of governors agrees; police log 123.",
            "review_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "ends_on": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 302
    ban.refresh_from_db()
    assert ban.decision_note == "Chair of governors agrees; police log 123."
    letter = ban.letters.get()
    html = letter_html(letter, letter_context(letter))
    assert letter.kind == kind and words in html
    assert "Your messages to staff continued after our letter." in html
    assert "police log" not in html and "temporary" not in html
    assert "has decided: " not in html


def test_decision_needs_reasons_for_the_parent(client, case, head):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ban = SiteBanFactory(case=case, parent=case.parents.get(), representation_deadline=yesterday)
    client.force_login(head)
    response = client.post(
        f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/",
        {"decision": "lift", "note": "Internal only"},
    )
    assert response.status_code == 200 and "Internal only" in response.content.decode()
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.INTENDED
