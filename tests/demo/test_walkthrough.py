"""`seed_demo --walkthrough` (what `make run` does): a few cases per school at different steps,
the headteacher's queue and the dashboard populated, today's reminders planned, links in
e-mails on the address the site serves, and nothing added by a second run."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from incidents.models import Case, CaseEvent, Notification, SiteBan
from letters.models import Letter
from policies.models import School
from policies.seed_data import SCHOOLS
from tests.conftest import TwoFactorClient

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seeded(settings):
    settings.SITE_URL = "http://127.0.0.1:8765"
    out = io.StringIO()
    call_command("seed_demo", "--walkthrough", stdout=out)
    return out.getvalue()


def signed_in(username: str) -> TwoFactorClient:
    from django.contrib.auth import get_user_model

    client = TwoFactorClient()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_each_school_has_a_case_at_each_step(seeded):
    assert f"Walk-through cases added: {4 * len(SCHOOLS)}" in seeded
    for school in School.objects.all():
        states = sorted(Case.objects.filter(school=school).values_list("status", flat=True))
        assert states == sorted(
            [
                Case.Status.SPEAKING_TO_PARENT,
                Case.Status.WARNING_LETTER,
                Case.Status.SITE_BAN,
                Case.Status.CLOSED,
            ]
        )
        ban = SiteBan.objects.get(school=school)
        assert ban.state == SiteBan.State.INTENDED and ban.representations_received_at
        assert ban.letters.get().status != Letter.Status.DRAFT  # the notice was approved
        warning = Letter.objects.get(case__school=school, case__status=Case.Status.WARNING_LETTER)
        assert warning.awaiting_approval


@pytest.mark.django_db(transaction=True)
def test_the_ban_notice_was_posted_once_its_pdf_was_ready():
    """Tasks run in-process as under `make run`: the PDF is rendered when the approval
    commits, so the notice can be marked as posted."""
    call_command("seed_demo", "--walkthrough", stdout=io.StringIO())
    notices = Letter.objects.filter(site_ban__isnull=False)
    assert notices.count() == len(SCHOOLS)
    assert all(n.status == Letter.Status.SENT for n in notices)
    assert all(n.delivery == Letter.Delivery.POST and n.render.pdf for n in notices)


def test_the_heads_queue_shows_each_kind(seeded):
    page = signed_in("joy-lane-head").get("/staff/approvals/").content.decode()
    for kind in ("Escalation", "Letter to approve", "Site ban"):
        assert f">{kind}</span>" in page, kind
    assert "representations received" in page
    dashboard = signed_in("joy-lane-head").get("/staff/").content.decode()
    assert "Nothing is waiting for you." not in dashboard and "Letter to approve" in dashboard


def test_slt_see_their_proposal_waiting_and_todays_reminders(seeded):
    page = signed_in("joy-lane-slt").get("/staff/").content.decode()
    start = page.index("Waiting for the headteacher")
    section = page[start : page.index("<section", start)]
    proposal = Case.objects.get(school__slug="joy-lane", status=Case.Status.SPEAKING_TO_PARENT)
    assert proposal.reference in section and "Escalation" in section
    due = page[page.index("Due today") :]
    assert "No reminders are due today." not in due
    assert "Meeting tomorrow" in due and "No answer yet from the moderator" in due


def test_links_in_its_e_mails_use_the_sites_address(seeded):
    reminders = Notification.objects.filter(kind=Notification.Kind.MEETING_TOMORROW)
    assert reminders and all("http://127.0.0.1:8765/staff/cases/" in n.body for n in reminders)


def test_a_second_run_adds_nothing(seeded):
    counts = [Case.objects.count(), Letter.objects.count(), CaseEvent.objects.count()]
    notifications = Notification.objects.count()
    out = io.StringIO()
    call_command("seed_demo", "--walkthrough", stdout=out)
    assert "Walk-through cases added: 0; reminders planned for today: 0." in out.getvalue()
    assert [Case.objects.count(), Letter.objects.count(), CaseEvent.objects.count()] == counts
    assert Notification.objects.count() == notifications


def test_plain_seed_demo_adds_no_cases(db):
    call_command("seed_demo", stdout=io.StringIO())
    assert not Case.objects.exists()


def test_make_run_serves_and_links_on_the_same_address():
    dry_run = subprocess.run(  # noqa: S603 (make, with our own arguments)
        [shutil.which("make"), "-n", "run", "HOST=0.0.0.0", "PORT=9000", "VENV=/nonexistent-venv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    seed = next(line for line in dry_run.splitlines() if "seed_demo" in line)
    serve = next(line for line in dry_run.splitlines() if "runserver" in line)
    assert "SITE_URL=http://0.0.0.0:9000" in seed and "--walkthrough" in seed
    assert "SITE_URL=http://0.0.0.0:9000" in serve and serve.endswith("0.0.0.0:9000")
