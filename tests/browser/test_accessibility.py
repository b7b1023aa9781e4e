"""Accessibility in a real browser: axe-core (bundled by axe-playwright-python) on the public
pages and the main staff pages, and the concern form completed with the keyboard alone.

A violation of "serious" or "critical" impact fails the test; the others are printed (run
with -s to see them) and every page's full axe result is saved in artifacts/browser/.
"""

import datetime
import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import Case, CaseEvent
from letters.models import Letter
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    EscalationRequestFactory,
    EvidenceFactory,
    LetterFactory,
    MessagingGroupFactory,
    ModerationRequestFactory,
    ParentFactory,
    ReportFactory,
    SiteBanFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

FAILING_IMPACTS = {"serious", "critical"}
GROUP = "Year 3 parents"
axe = Axe()


def axe_problems(page, name: str, artifacts) -> list[str]:
    """Run axe on the page as it is now; print every violation, return the serious ones."""
    results = axe.run(page)
    (artifacts / f"axe-{name}.json").write_text(json.dumps(results.response, indent=1))
    problems = []
    for violation in results.response["violations"]:
        targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
        line = f"{name}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}"
        print(line)
        if violation["impact"] in FAILING_IMPACTS:
            problems.append(line)
    return problems


def past_date(days: int = 2) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def group(school):
    return MessagingGroupFactory(school=school, name=GROUP)


@pytest.fixture
def busy_case(school, group, slt, head):
    """A case with most of what a case page can show: a report with a screenshot, a parent,
    categories, a pending escalation, a request to a moderator, a draft letter, notes."""
    case = CaseFactory(
        school=school,
        status=Case.Status.GATHERING_INFORMATION,
        owner=slt,
        group=group,
        safeguarding=True,
    )
    ReportFactory(case=case, group=group, safeguarding=True)
    EvidenceFactory(case=case)
    parent = ParentFactory(school=school, full_name="Alex Example")
    case.parents.add(parent)
    case.breach_categories.set(school.codes.first().breach_categories.all())
    CaseEventFactory(case=case, kind=CaseEvent.Kind.NOTE, actor=slt, text="Spoke to the rep.")
    EscalationRequestFactory(case=case, requested_by=slt, target=Case.Status.WARNING_LETTER)
    ModerationRequestFactory(case=case, group=group, created_by=slt)
    LetterFactory(case=case, parent=parent, status=Letter.Status.DRAFT)
    return case


def test_public_pages_have_no_serious_violations(page, school, group, artifacts, shot):
    problems = []
    page.goto("/")
    problems += axe_problems(page, "home", artifacts)

    page.goto(f"/s/{school.slug}/code-of-conduct/")
    problems += axe_problems(page, "code-of-conduct", artifacts)

    page.goto(f"/s/{school.slug}/concern/")
    problems += axe_problems(page, "concern-form", artifacts)

    page.get_by_role("button", name="Send my concern").click()
    expect(page.get_by_role("alert", name="There is a problem")).to_be_focused()
    shot(page, "a11y-concern-form-errors")
    problems += axe_problems(page, "concern-form-errors", artifacts)

    page.get_by_label("Which group was it in?").select_option(label=GROUP)
    page.get_by_label("When did it happen?").fill(past_date().isoformat())
    page.get_by_label("What happened?").fill("Insulting comments about a teacher.")
    page.get_by_role("group", name="Do you think a child is at risk?").get_by_label("No").check()
    page.get_by_label("The information I have given is true").check()
    page.get_by_role("button", name="Send my concern").click()
    expect(page.locator(".reference")).to_be_visible()
    problems += axe_problems(page, "concern-received", artifacts)

    page.goto("/accounts/login/")
    problems += axe_problems(page, "login", artifacts)
    assert not problems, "\n".join(problems)


def test_staff_pages_have_no_serious_violations(page, sign_in, head, busy_case, artifacts, shot):
    problems = []
    sign_in(page, head)
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    problems += axe_problems(page, "dashboard", artifacts)

    page.goto(busy_case.get_absolute_url())
    expect(page.get_by_role("heading", name="Chronology")).to_be_visible()
    expect(page.get_by_role("img", name="Screenshot 1, screenshot.png")).to_be_visible()
    shot(page, "a11y-case-page")
    problems += axe_problems(page, "case-page", artifacts)

    page.get_by_role("link", name="Who has viewed this case").click()
    expect(page.get_by_role("cell", name="Headteacher", exact=True)).to_be_visible()
    shot(page, "a11y-case-viewers")
    problems += axe_problems(page, "case-viewers", artifacts)

    from tests.factories import ExportJobFactory, LetterEmailFactory, NotificationFactory

    school = busy_case.school
    failed = {"status": "failed", "attempts": 3, "last_error": "SMTPServerDisconnected: gone"}
    NotificationFactory(case=busy_case, school=school, **failed)
    LetterEmailFactory(letter__case=busy_case, **failed)
    ExportJobFactory(school=school, requested_by=head, **failed)
    page.goto("/staff/letters/failed/")
    expect(page.get_by_role("button", name="Retry")).to_have_count(3)
    shot(page, "a11y-failed-jobs")
    problems += axe_problems(page, "failed-jobs", artifacts)
    assert not problems, "\n".join(problems)


def test_staff_list_pages_have_no_serious_violations(
    page, sign_in, head, busy_case, artifacts, shot
):
    """The lists staff open most: the case list (filtered), the headteacher's queue (an item of
    every kind), the ban register."""
    SiteBanFactory(
        case=CaseFactory(school=busy_case.school, status=Case.Status.SITE_BAN),
        representation_deadline=past_date(1),
    )
    LetterFactory(case__school=busy_case.school, status=Letter.Status.APPROVED)
    LetterFactory(
        case__school=busy_case.school,
        approval_requested_by=head,
        approval_requested_at=timezone.now(),
    )
    problems = []
    sign_in(page, head)
    page.goto("/staff/cases/?status=open")
    expect(page.get_by_role("link", name=busy_case.reference)).to_be_visible()
    expect(page.get_by_label("State")).to_have_value("open")
    shot(page, "a11y-case-list")
    problems += axe_problems(page, "case-list", artifacts)

    page.goto("/staff/approvals/")
    expect(page.get_by_role("link", name=f"Decide on {busy_case.reference}")).to_be_visible()
    expect(page.get_by_text("Letter to send")).to_be_visible()
    expect(page.get_by_text("Letter to approve")).to_be_visible()
    expect(page.get_by_text("Site ban", exact=True)).to_be_visible()
    shot(page, "a11y-approvals")
    problems += axe_problems(page, "approvals", artifacts)

    page.goto("/staff/bans/")
    expect(page.get_by_role("heading", name="Site-ban register")).to_be_visible()
    shot(page, "a11y-ban-register")
    problems += axe_problems(page, "ban-register", artifacts)
    assert not problems, "\n".join(problems)


def tab_to(page, target, limit: int = 80):
    """Press Tab until `target` (a locator) has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_the_concern_form_can_be_completed_with_the_keyboard_alone(page, school, group, shot):
    page.goto(f"/s/{school.slug}/concern/")
    keyboard = page.keyboard
    label = page.get_by_label

    tab_to(page, label("Your name"))
    keyboard.type("Sam Reporter")
    tab_to(page, label("Your e-mail address"))
    keyboard.type("sam.reporter@example.org")
    tab_to(page, label("Which group was it in?"))
    keyboard.type(GROUP)  # type-to-select on a closed <select>
    tab_to(page, label("When did it happen?"))
    # 1 January: the same keys whether chromium lays the field out day-first or month-first.
    new_year = datetime.date(timezone.localdate().year, 1, 1)
    keyboard.type(new_year.strftime("%d%m%Y"))
    tab_to(page, label("Abusive or personal comments"))
    keyboard.press("Space")
    tab_to(page, label("What happened?"))
    keyboard.type("Insulting comments about a teacher, posted twice.")
    tab_to(page, label("Who posted it?"))
    keyboard.type("Alex Example")
    safeguarding = page.get_by_role("group", name="Do you think a child is at risk?")
    tab_to(page, safeguarding.get_by_label("Yes"))
    keyboard.press("ArrowDown")  # moves to, and selects, "No"
    # The file input opens the system's dialog: it is tabbed past, and no file is attached.
    tab_to(page, label("The information I have given is true"))
    keyboard.press("Space")

    expect(label("Which group was it in?")).to_have_value(str(group.pk))
    expect(label("When did it happen?")).to_have_value(new_year.isoformat())
    expect(label("Abusive or personal comments")).to_be_checked()
    expect(safeguarding.get_by_label("No")).to_be_checked()
    expect(label("The information I have given is true")).to_be_checked()
    shot(page, "a11y-keyboard-concern-form")

    tab_to(page, page.get_by_role("button", name="Send my concern"))
    keyboard.press("Enter")
    page.wait_for_url(f"**/s/{school.slug}/concern/received/")
    expect(page.get_by_role("heading", name="Your concern has been sent")).to_be_visible()
    report = Case.objects.get(reference=page.locator(".reference").inner_text()).reports.get()
    assert report.reporter_name == "Sam Reporter"
    assert report.safeguarding is False
    assert [c.name for c in report.categories.all()] == ["Abusive or personal comments"]


def test_the_bursar_reads_records_not_allegations(
    new_context, sign_in, bursar, busy_case, artifacts, shot
):
    page = sign_in(new_context().new_page(), bursar)
    expect(page.get_by_role("heading", name="Case records")).to_be_visible()
    shot(page, "bursar-dashboard")
    problems = axe_problems(page, "bursar-dashboard", artifacts)

    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Records").click()
    page.get_by_label("Reference").fill(busy_case.reference[-4:])
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=busy_case.reference).click()
    expect(page.get_by_role("heading", name=f"Record of {busy_case.reference}")).to_be_visible()
    shot(page, "bursar-record")
    problems += axe_problems(page, "bursar-record", artifacts)
    text = page.locator("main").inner_text()
    assert "Gathering information" in text and "Alex Example" in text
    for written in ["Spoke to the rep.", "rude comments", "@example.org", "Screenshot"]:
        assert written not in text

    # A phone's width in the same session: a second sign-in would reuse this minute's code.
    page.set_viewport_size(PHONE["viewport"])
    page.goto("/staff/records/")
    expect(page.get_by_role("table", name="Case records")).to_be_visible()
    shot(page, "bursar-records-phone")
    problems += axe_problems(page, "bursar-records-phone", artifacts)
    page.set_viewport_size(DESKTOP["viewport"])

    response = page.goto(busy_case.get_absolute_url())
    assert response.status == 403
    assert not problems, "\n".join(problems)
