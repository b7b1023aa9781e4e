"""The case page leads with the next step: a line saying what the case is about, the state, and
the one or two likely next steps as its only primary buttons; everything else in menus, the
steps that end a case apart and confirmed. It shows what conversations captured, a reporter's
additions with their report, the whole of each screenshot, and past reminders as overdue.

The expected next steps are written from the workflow (docs/workflow.md) as a head of year
would take them, independently of incidents.case_page.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from incidents.models import Case, CaseEvent
from incidents.services.images import image_process
from incidents.services.reminders import case_reminders
from incidents.services.reports import report_add_information
from tests import imagefiles
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    EscalationRequestFactory,
    EvidenceFactory,
    MessagingGroupFactory,
    ModerationRequestFactory,
    ParentFactory,
    ReportFactory,
    SiteBanFactory,
)

S = Case.Status
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)

# A case as intake leaves it: no owner, no parent linked, no categories, nothing scheduled.
FRESH = {
    S.REPORTED: {
        "slt": ["Accept for triage", "Assign an owner"],
        "head": ["Accept for triage", "Assign an owner"],
    },
    S.GATHERING_INFORMATION: {
        "slt": ["Link the parent concerned", "Set breach categories"],
        "head": ["Link the parent concerned", "Set breach categories"],
    },
    S.SPEAKING_TO_PARENT: {
        "slt": ["Record a conversation", "Propose an escalation"],
        "head": ["Record a conversation", "Escalate to a warning letter"],
    },
    S.WARNING_LETTER: {
        "slt": ["Record a conversation", "Propose an escalation"],
        "head": ["Record a conversation", "Escalate to a meeting"],
    },
    S.MEETING: {
        "slt": ["Schedule a meeting", "Propose an escalation"],
        "head": ["Schedule a meeting", "Escalate to legal advice"],
    },
    S.LEGAL_ADVICE: {
        "slt": ["Add a note", "Propose an escalation"],
        "head": ["Add a note", "Escalate to a site ban"],
    },
    S.SITE_BAN: {"slt": ["Add a note"], "head": ["Record an intended site ban", "Add a note"]},
    S.CLOSED: {"slt": [], "head": ["Reopen"]},
}
ENDING = {"Dismiss", "Close", "Merge into another case"}


def page_of(client, user, case) -> str:
    client.force_login(user)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def primary(page: str) -> list[str]:
    return re.findall(r'class="btn btn-primary case-next" href="[^"]*">([^<]+)</a>', page)


def menu(page: str, key: str) -> list[tuple[str, str]]:
    """(label, classes) of each item in one of the page's menus."""
    found = re.search(
        rf'<details class="case-menu[^"]*" data-menu="{key}">(.*?)</details>', page, re.S
    )
    if not found:
        return []
    return [
        (label, classes)
        for classes, label in re.findall(r'<a class="([^"]*)" href="[^"]*">([^<]+)</a>', found[1])
    ]


def section(page: str, title_id: str) -> str:
    """The HTML of the page's section labelled by the heading with this id."""
    found = re.search(rf'<section aria-labelledby="{title_id}".*?</section>', page, re.S)
    return found[0] if found else ""


@pytest.mark.parametrize("role", ["slt", "head"])
@pytest.mark.parametrize("state", list(S))
def test_each_state_leads_with_its_likely_next_steps(client, school, request, role, state):
    case = CaseFactory(school=school, status=state)
    page = page_of(client, request.getfixturevalue(role), case)
    assert primary(page) == FRESH[state][role]
    assert not ENDING & set(primary(page))
    # Nothing offered twice, and nothing offered first is hidden in a menu as well.
    in_menus = [
        label for key in ("record", "ask", "escalate", "close") for label, _ in menu(page, key)
    ]
    assert len(in_menus) == len(set(in_menus)) and not set(in_menus) & set(primary(page))


@pytest.mark.parametrize(
    "role, state, ending",
    [
        ("slt", S.REPORTED, ["Dismiss", "Merge into another case"]),
        ("slt", S.GATHERING_INFORMATION, ["Close", "Merge into another case"]),
        ("head", S.LEGAL_ADVICE, ["Close", "Merge into another case"]),
    ],
)
def test_steps_that_end_a_case_are_apart_in_the_close_menu_and_marked(
    client, school, request, role, state, ending
):
    case = CaseFactory(school=school, status=state)
    page = page_of(client, request.getfixturevalue(role), case)
    close_menu = menu(page, "close")
    assert [label for label, _ in close_menu] == ending
    assert all("case-destructive" in classes for _, classes in close_menu)
    for key in ("record", "ask", "escalate"):
        assert not {label for label, _ in menu(page, key)} & ENDING


def test_slt_cannot_close_late_so_the_close_menu_offers_only_the_merge(client, school, slt):
    page = page_of(client, slt, CaseFactory(school=school, status=S.MEETING))
    assert [label for label, _ in menu(page, "close")] == ["Merge into another case"]


def test_a_step_already_taken_is_no_longer_next(client, school, slt):
    case = CaseFactory(school=school, status=S.GATHERING_INFORMATION)
    case.parents.add(ParentFactory(school=school))
    case.breach_categories.add(school.codes.get().breach_categories.first())
    page = page_of(client, slt, case)
    assert primary(page) == ["Move to speaking to the parent"]
    assert ("Link the parent concerned", "case-menu-item") in menu(page, "record")


def test_a_proposal_waiting_for_the_head_is_her_first_step_and_not_slts(client, school, slt, head):
    case = CaseFactory(school=school, status=S.SPEAKING_TO_PARENT)
    proposal = EscalationRequestFactory(case=case, requested_by=slt, target=S.MEETING)
    CaseEventFactory(case=case, kind=CaseEvent.Kind.ESCALATION_PROPOSED)  # as proposing writes
    head_page = page_of(client, head, case)
    assert primary(head_page)[0] == "Decide on the proposed meeting"
    assert f'href="/staff/approvals/{proposal.pk}/"' in head_page
    slt_page = page_of(client, slt, case)
    assert "Decide on the proposed" not in slt_page
    # SLT may not propose twice: the proposal waiting is the head's.
    assert primary(slt_page) == ["Record a conversation"]


def test_the_page_opens_with_who_which_group_what_and_since_when(client, school, slt):
    group = MessagingGroupFactory(school=school, name="Year 4 parents")
    case = CaseFactory(school=school, status=S.GATHERING_INFORMATION, group=group)
    ReportFactory(case=case, group=group, occurred_on=datetime.date(2026, 11, 2))
    case.parents.add(ParentFactory(school=school, full_name="Jordan Bloggs"))
    case.breach_categories.add(school.codes.get().breach_categories.get(key="threatening"))
    page = page_of(client, slt, case)
    headline = re.search(r'<p class="case-headline[^"]*">(.*?)</p>', page, re.S)[1]
    text = re.sub(r"<[^>]+>", "", headline)
    assert text == "Jordan Bloggs · Year 4 parents · Threatening behaviour · since 2 Nov 2026"
    # The headline and state come before any action.
    assert page.index("case-headline") < page.index("case-status") + 2000
    assert page.index("case-status") < page.index("case-next")


def test_before_a_parent_is_linked_the_headline_names_who_the_reporter_named(client, school, slt):
    case = CaseFactory(school=school)
    ReportFactory(case=case, person_concerned="<b>Sam</b> Poster")
    page = page_of(client, slt, case)
    named = '&lt;b&gt;Sam&lt;/b&gt; Poster</strong> <span class="text-body-secondary">(named by'
    assert named in page


def test_ending_a_case_is_confirmed_on_a_page_that_says_what_it_does(client, school, slt):
    case = CaseFactory(school=school, status=S.REPORTED)
    client.force_login(slt)
    page = client.get(f"{case.get_absolute_url()}do/dismiss/").content.decode()
    assert "Dismissing closes the case" in page
    assert '<button type="submit" class="btn btn-danger">Dismiss the concern</button>' in page
    case.refresh_from_db()
    assert case.status == S.REPORTED  # opening the page changes nothing
    triage = client.get(f"{case.get_absolute_url()}do/triage/").content.decode()
    assert '<button type="submit" class="btn btn-primary">Confirm</button>' in triage
    merge = client.get(f"{case.get_absolute_url()}merge/").content.decode()
    assert "It cannot be undone." in merge and "btn-danger" in merge


def test_a_ban_once_recorded_is_no_longer_the_next_step_and_withdrawing_it_is_confirmed(
    client, school, head
):
    ban = SiteBanFactory(case__school=school)
    case = ban.case
    CaseEventFactory(case=case, kind=CaseEvent.Kind.SITE_BAN)  # as recording the ban writes
    page = page_of(client, head, case)
    assert primary(page) == ["Add a note"]
    withdraw = f"{case.get_absolute_url()}site-ban/{ban.pk}/withdraw/"
    assert f'<a class="link-danger" href="{withdraw}">Withdraw</a>' in page
    confirm = client.get(withdraw).content.decode()
    assert "It cannot be undone." in confirm
    assert '<button type="submit" class="btn btn-danger">Withdraw the ban</button>' in confirm
    ban.refresh_from_db()
    assert ban.state == ban.State.INTENDED


def test_a_conversation_shows_who_took_part_when_and_how(client, school, slt):
    case = CaseFactory(school=school, status=S.SPEAKING_TO_PARENT)
    client.force_login(slt)
    response = client.post(
        f"{case.get_absolute_url()}conversation/",
        {
            "who": "Mrs Bloggs and <i>Mr</i> Bloggs",
            "held_at": "2026-11-24T15:30",
            "method": "phone",
            "summary": "Agreed to remove the post.",
        },
    )
    assert response.status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    talks = section(page, "conversations-title")
    assert (
        "24 Nov 2026 15:30</strong> · Telephone · with Mrs Bloggs and &lt;i&gt;Mr&lt;/i&gt; Bloggs"
        in talks
    )
    assert "Agreed to remove the post." in talks
    assert f"Recorded by {slt.get_full_name() or slt.username}" in talks
    chronology = section(page, "chronology-title")
    assert "24 Nov 2026 15:30 · Telephone · with Mrs Bloggs" in chronology


def test_a_reporters_addition_and_its_screenshot_appear_with_their_report(client, school, slt):
    case = CaseFactory(school=school, status=S.GATHERING_INFORMATION)
    first = ReportFactory(case=case, reference="OF-2026-R0001", description="First report.")
    second = ReportFactory(case=case, reference="OF-2026-R0002", description="Second report.")
    report_add_information(
        report=first,
        text="He posted again this morning.",
        images=[("later.png", image_process(imagefiles.png(size=(300, 600))))],
    )
    page = page_of(client, slt, case)
    reports = section(page, "reports-title")
    articles = re.findall(r"<article.*?</article>", reports, re.S)
    with_first = next(a for a in articles if first.reference in a)
    with_second = next(a for a in articles if second.reference in a)
    assert "From the reporter" in with_first and "He posted again this morning." in with_first
    assert 'alt="Screenshot 1, later.png"' in with_first
    assert "He posted again" not in with_second
    assert "Other evidence" not in page  # the reporter's picture is with its report


def test_evidence_added_by_staff_is_shown_apart_from_the_reports(client, school, slt):
    case = CaseFactory(school=school, status=S.GATHERING_INFORMATION)
    ReportFactory(case=case)
    EvidenceFactory(case=case, original_name="from-the-office.png")
    page = page_of(client, slt, case)
    assert "No screenshots with this report." in page
    assert 'alt="Screenshot 1, from-the-office.png"' in section(page, "evidence-title")


def test_thumbnails_show_the_whole_screenshot_scaled_not_cropped(client, school, slt):
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    rule = re.search(r"\.evidence-thumb \{([^}]*)\}", css)[1]
    assert "object-fit: contain" in rule and "cover" not in rule
    assert not re.search(r"(?<![-\w])(width|height):\s*\d", rule)  # no fixed box to crop into
    case = CaseFactory(school=school, status=S.GATHERING_INFORMATION)
    EvidenceFactory(case=case, width=1170, height=2532)  # an iPhone screenshot
    EvidenceFactory(case=case, width=3000, height=2250)  # a camera photo
    EvidenceFactory(case=case, width=40, height=30)  # small: never enlarged
    page = page_of(client, slt, case)
    sizes = re.findall(
        r'class="evidence-thumb[^"]*" src="[^"]*" width="(\d+)" height="(\d+)"', page
    )
    assert sizes == [("92", "200"), ("200", "150"), ("40", "30")]


def test_a_stored_thumbnail_is_the_whole_picture_scaled():
    """What the page scales is itself the whole screenshot: a tall one keeps its shape."""
    thumbnail = Image.open(io.BytesIO(image_process(imagefiles.png(size=(1170, 2532))).thumbnail))
    assert thumbnail.size == (148, 320)


def test_a_reminder_whose_day_has_passed_is_overdue_not_upcoming(client, school, slt):
    case = CaseFactory(school=school, status=S.REPORTED, triage_due=TODAY() - 30 * DAY)
    ModerationRequestFactory(case=case, created_by=slt, follow_up_on=TODAY() + 3 * DAY)
    CaseEventFactory(case=case, kind=CaseEvent.Kind.MODERATION_REQUESTED)
    overdue, upcoming = case_reminders(case)
    assert overdue == [(TODAY() - 30 * DAY, "Triage due")]
    assert [what for _, what in upcoming] == ["Follow up with Class rep"]
    page = page_of(client, slt, case)
    assert "Triage due" in section(page, "overdue-title")
    assert "Triage due" not in section(page, "upcoming-title")
    assert "Follow up with Class rep" in section(page, "upcoming-title")


def test_with_nothing_in_the_past_there_is_no_overdue_section(client, school, slt):
    case = CaseFactory(school=school, status=S.REPORTED, triage_due=TODAY() + DAY)
    page = page_of(client, slt, case)
    assert 'id="overdue-title"' not in page
    assert "Triage due" in section(page, "upcoming-title")


def test_conversations_additions_and_pictures_cost_no_query_each(client, school, slt):
    """The page arranges what case_in_full read: more of each costs no more queries."""
    case = CaseFactory(school=school, status=S.SPEAKING_TO_PARENT)
    report = ReportFactory(case=case)
    client.force_login(slt)

    def add_one_of_each():
        client.post(
            f"{case.get_absolute_url()}conversation/",
            {
                "who": "Mr Bloggs",
                "held_at": "2026-11-24T15:30",
                "method": "in_person",
                "summary": "x",
            },
        )
        report_add_information(report=report, text="More.", images=[])
        EvidenceFactory(case=case, report=report)
        EvidenceFactory(case=case)

    def cold_cost() -> int:
        client.get(case.get_absolute_url())
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(case.get_absolute_url())
        return len(queries)

    add_one_of_each()
    once = cold_cost()
    for _ in range(4):
        add_one_of_each()
    assert cold_cost() == once
