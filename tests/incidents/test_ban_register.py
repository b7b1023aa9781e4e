"""The office's site-ban register: on the page and printed on one A4 page, for SLT and the
headteacher of the school only, each printing audited."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AccessEvent
from incidents.models import Case, CaseEvent, SiteBan
from letters.models import Kind, Letter
from policies.models import Membership
from tests.factories import CaseFactory, ParentFactory, SiteBanFactory
from tests.incidents.test_site_ban_corrections import correction, url
from tests.incidents.test_site_bans import ban_data


def pdf_pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def ban(school):
    today = timezone.localdate()
    return SiteBanFactory(
        case__school=school,
        parent__full_name="Jordan Example",
        description="Tall, grey hooded coat, usually with a black spaniel.",
        conditions="May drop off at the gate but not enter the playground.",
        state=SiteBan.State.CONFIRMED,
        starts_on=today,
        ends_on=datetime.date(today.year + 1, 3, 31),
        review_on=today + datetime.timedelta(days=40),
    )


def test_the_register_page_shows_who_how_to_recognise_them_and_the_conditions(client, slt, ban):
    client.force_login(slt)
    page = client.get("/staff/bans/").content.decode()
    assert "Jordan Example" in page
    assert "black spaniel" in page
    assert "not enter the playground" in page
    assert ban.reference in page
    assert 'href="/staff/bans/print/"' in page


@pytest.mark.parametrize("who", ["slt", "head"])
def test_the_printed_register_is_one_page_with_names_descriptions_conditions_and_dates(
    client, request, school, ban, who
):
    for _ in range(7):  # a normal register: a handful of bans with a line or two each
        SiteBanFactory(
            case__school=school,
            description="Red coat; often with a pushchair.",
            conditions="Contact through the office only.",
        )
    client.force_login(request.getfixturevalue(who))
    pages = pdf_pages(client.get("/staff/bans/print/"))
    assert len(pages) == 1
    text = flat(pages[0])
    assert "Jordan Example" in text
    assert "black spaniel" in text
    assert "not enter the playground" in text
    assert "Contact through the office only." in text
    assert ban.starts_on.strftime("%-d %b %Y") in text
    assert ban.ends_on.strftime("%-d %b %Y") in text
    assert ban.review_on.strftime("%-d %b %Y") in text


def test_each_printing_of_the_register_writes_one_school_access_row(client, head, school, ban):
    client.force_login(head)
    client.get("/staff/bans/print/")
    client.get("/staff/bans/print/")
    rows = AccessEvent.objects.filter(action=AccessEvent.Action.PRINT_BAN_REGISTER)
    assert rows.count() == 2
    row = rows.first()
    assert (row.actor, row.school_id, row.case_id) == (head, school.pk, None)
    assert row.role == Membership.Role.HEADTEACHER


def test_the_bursar_cannot_see_or_print_the_register(client, bursar, ban):
    client.force_login(bursar)
    assert client.get("/staff/bans/").status_code == 403
    assert client.get("/staff/bans/print/").status_code == 403
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.PRINT_BAN_REGISTER).exists()
    assert 'href="/staff/bans/"' not in client.get("/staff/").content.decode()


def test_another_schools_staff_never_see_this_schools_bans(client, other_head, ban):
    client.force_login(other_head)
    assert "Jordan Example" not in client.get("/staff/bans/").content.decode()
    assert "Jordan Example" not in flat(pdf_pages(client.get("/staff/bans/print/"))[0])


def test_hostile_text_in_the_register_is_printed_as_text(client, slt, school):
    SiteBanFactory(
        case__school=school,
        parent__full_name="<b>Eve</b>",
        description='<img src="file:///etc/passwd">Hat',
        conditions="<script>alert(1)</script> &amp; gate",
    )
    client.force_login(slt)
    page = client.get("/staff/bans/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    # spaces dropped: a narrow column wraps the text anywhere
    text = "".join(pdf_pages(client.get("/staff/bans/print/"))[0].split())
    assert "<b>Eve</b>" in text
    assert '<imgsrc="file:///etc/passwd">Hat' in text
    assert "<script>alert(1)</script>&amp;gate" in text


def test_ended_lifted_and_withdrawn_bans_are_not_on_the_printed_register(client, slt, school):
    for state in (SiteBan.State.ENDED, SiteBan.State.LIFTED, SiteBan.State.WITHDRAWN):
        SiteBanFactory(case__school=school, state=state, parent__full_name=f"Gone {state}")
    client.force_login(slt)
    text = flat(pdf_pages(client.get("/staff/bans/print/"))[0])
    assert "Gone" not in text and "There are no site bans." in text


def test_the_head_writes_how_to_recognise_the_parent_on_the_ban_form(client, school, head):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    case.parents.add(ParentFactory(school=school))
    client.force_login(head)
    response = client.post(
        f"/staff/cases/{case.reference}/site-ban/",
        ban_data(case, description="Green van, parks by the north gate."),
    )
    assert response.status_code == 302
    assert SiteBan.objects.get(case=case).description == "Green van, parks by the north gate."


def test_a_correction_changes_the_description_and_the_chronology_says_so(client, head, school):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    today = timezone.localdate()
    ban = SiteBanFactory(
        case=case,
        description="Blue coat.",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=120),
        review_on=today + datetime.timedelta(days=60),
    )
    client.force_login(head)
    assert "Blue coat." in client.get(url(ban, "correct")).content.decode()
    response = client.post(url(ban, "correct"), correction(ban, description="Red coat."))
    assert response.status_code == 302
    ban.refresh_from_db()
    assert ban.description == "Red coat."
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.SITE_BAN)
    assert "How to recognise the parent: Blue coat. → Red coat." in event.text


def test_a_sent_notice_is_redrafted_for_new_reasons_but_not_for_a_new_description(
    client, head, school
):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    today = timezone.localdate()
    ban = SiteBanFactory(
        case=case,
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=120),
        review_on=today + datetime.timedelta(days=60),
    )
    Letter.objects.create(
        case=case,
        kind=Kind.SITE_BAN_INTENDED,
        parent=ban.parent,
        site_ban=ban,
        title="Notice",
        body="{{ ban_reasons }}",
        status=Letter.Status.SENT,
        created_by=head,
    )
    client.force_login(head)
    client.post(url(ban, "correct"), correction(ban, description="Red coat."))
    assert not Letter.objects.filter(site_ban=ban, status=Letter.Status.DRAFT).exists()
    ban.refresh_from_db()
    client.post(url(ban, "correct"), correction(ban, reasons="Threats at the gate."))
    assert Letter.objects.filter(site_ban=ban, status=Letter.Status.DRAFT).count() == 1


REGISTER_NAMES = [
    "Inforce Confirmed",
    "Inforce Reviewing",
    "Inforce Temporary",
    "Later Confirmed",
    "Later Temporary",
    "Intended Notyet",
    "Intended Undecided",
    "Over Unended",
]


def _register_bans(school):
    """One ban of each kind the office must tell apart, named for where it belongs."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    B = SiteBan.State
    kinds = {
        "Inforce Confirmed": {"state": B.CONFIRMED, "starts_on": today - 5 * day},
        "Inforce Reviewing": {"state": B.UNDER_REVIEW, "starts_on": today - 50 * day},
        "Inforce Temporary": {"state": B.INTENDED, "is_temporary": True, "starts_on": today},
        "Later Confirmed": {"state": B.CONFIRMED, "starts_on": today + 10 * day},
        "Later Temporary": {
            "state": B.INTENDED,
            "is_temporary": True,
            "starts_on": today + 3 * day,
        },
        "Intended Notyet": {"state": B.INTENDED, "starts_on": today + 20 * day},
        "Intended Undecided": {"state": B.INTENDED, "starts_on": today - 2 * day},
        "Over Unended": {
            "state": B.CONFIRMED,
            "starts_on": today - 90 * day,
            "ends_on": today - day,
        },
    }
    assert list(kinds) == REGISTER_NAMES
    for name, fields in kinds.items():
        fields.setdefault("ends_on", today + 60 * day)
        SiteBanFactory(case__school=school, parent__full_name=name, **fields)


def _sections(text: str, headings: list[str]) -> dict[str, str]:
    """The text under each heading, up to the next one."""
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    ends = [*positions[1:], len(text)]
    return {h: text[p:e] for h, p, e in zip(headings, positions, ends, strict=True)}


REGISTER_GROUPS = ["In force today", "Starting later: not in force yet", "Intended: not in force"]
EXPECTED = {
    "In force today": {"Inforce"},
    "Starting later: not in force yet": {"Later"},
    "Intended: not in force": {"Intended"},
}


def _names_in(section: str) -> set[str]:
    """Where the bans in the section belong, by the first word of their parents' names."""
    return {name.split()[0] for name in REGISTER_NAMES if name in section}


def test_the_register_lists_who_is_banned_today_apart_from_bans_starting_later_or_undecided(
    client, slt, school, django_assert_max_num_queries
):
    """A confirmed ban whose start is still to come, or an intended ban that is not temporary,
    does not keep the parent off the site today: the office must not read them as if it did.
    A ban past its end date is not listed, even before the hourly task ends it."""
    _register_bans(school)
    client.force_login(slt)
    with django_assert_max_num_queries(20):
        page = client.get("/staff/bans/").content.decode()
    whole = page[page.index(">In force today<") :]
    sections = _sections(whole, [f">{h}<" for h in REGISTER_GROUPS])
    for heading, expected in EXPECTED.items():
        assert _names_in(sections[f">{heading}<"]) == expected, heading
    assert "Over Unended" not in page
    assert "Temporary ban: in force from its start" in sections[">In force today<"]

    text = flat(pdf_pages(client.get("/staff/bans/print/"))[0])
    sections = _sections(text, REGISTER_GROUPS)
    for heading, expected in EXPECTED.items():
        assert _names_in(sections[heading]) == expected, heading
    assert "Over Unended" not in text
    assert "may come on site unless the ban is confirmed" in sections["Intended: not in force"]


def test_the_register_says_so_when_no_ban_is_in_force_today(client, head, school):
    SiteBanFactory(
        case__school=school,
        parent__full_name="Sam Later",
        state=SiteBan.State.CONFIRMED,
        starts_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    client.force_login(head)
    page = client.get("/staff/bans/").content.decode()
    assert "No ban is in force today." in page
    assert "Sam Later" in page[page.index("Starting later") :]
