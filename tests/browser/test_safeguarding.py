"""A parent says a child may be at risk; the designated safeguarding lead is alerted first,
sees the case pinned on the dashboard with its age, opens it and records the decision.
Screenshots of each step go to artifacts/browser/; axe-core checks each page the DSL sees."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import CaseEvent, SafeguardingAlert
from policies.models import Membership
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import axe_problems
from tests.factories import MembershipFactory, MessagingGroupFactory

pytestmark = pytest.mark.django_db(transaction=True)

GROUP = "Year 4 parents"
PINNED = "Safeguarding: waiting for a DSL's decision"


@pytest.fixture
def dsl(school):
    return MembershipFactory(
        school=school,
        role=Membership.Role.SLT,
        safeguarding_lead=Membership.SafeguardingLead.DSL,
        user__username="oak-dsl",
        user__first_name="Dana",
        user__last_name="Lead",
    ).user


def raise_child_at_risk_concern(page, school, shot) -> str:
    """The parent, on a phone, says a child may be at risk."""
    page.goto(f"/s/{school.slug}/concern/")
    page.get_by_label("Your name").fill("Robin Reporter")
    page.get_by_label("Which group was it in?").select_option(label=GROUP)
    happened = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("When did it happen?").fill(happened.isoformat())
    page.get_by_label("Threatening behaviour").check()
    page.get_by_label("What happened?").fill(
        "A parent posted that they would wait for a child at the gate after school."
    )
    page.get_by_role("group", name="Do you think a child is at risk?").get_by_label("Yes").check()
    page.get_by_label("The information I have given is true").check()
    shot(page, "safeguarding-01-parent-child-at-risk-phone")
    page.get_by_role("button", name="Send my concern").tap()
    page.wait_for_url(f"**/s/{school.slug}/concern/received/")
    return page.locator(".reference").inner_text().strip()


@pytest.fixture
def alerts_sent_in_the_request(settings):
    """Here every transaction commits at once, so the e-mails queued by the concern run (eager)
    inside its request, one claim (a `get()`) each: django-zeal would take the three alerts for
    an N+1 of the page. Elsewhere they run in a worker, one task each."""
    settings.ZEAL_ALLOWLIST = [{"model": "incidents.Notification", "field": "get()"}]


@pytest.mark.usefixtures("alerts_sent_in_the_request")
def test_a_dsl_receives_and_decides_a_safeguarding_alert(
    new_context, sign_in, shot, artifacts, school, dsl, head, slt
):
    problems = []
    MessagingGroupFactory(school=school, name=GROUP)
    reference = raise_child_at_risk_concern(new_context(**PHONE).new_page(), school, shot)

    # The DSL's alert is the first message sent about the concern; the head is told too.
    urgent = [m for m in mail.outbox if m.subject.startswith("URGENT")]
    assert mail.outbox[0].to == [dsl.email]
    assert [m.to[0] for m in urgent] == [dsl.email, head.email]
    link = re.search(r"https?://\S+/staff/cases/\S+/", urgent[0].body).group(0)
    assert link.endswith(f"/staff/cases/{reference}/")

    page = sign_in(new_context().new_page(), dsl)
    pinned = page.get_by_role("region", name=PINNED)
    expect(pinned.get_by_role("link", name=reference)).to_be_visible()
    expect(pinned).to_contain_text("minutes ago")
    expect(pinned).to_contain_text("by the reporter")
    shot(page, "safeguarding-02-dsl-dashboard-pinned")
    problems += axe_problems(page, "safeguarding-dashboard-pinned", artifacts)

    pinned.get_by_role("link", name=reference).click()
    page.wait_for_url(f"**/staff/cases/{reference}/")
    expect(
        page.get_by_text("Waiting for a designated safeguarding lead's decision")
    ).to_be_visible()
    shot(page, "safeguarding-03-dsl-case-waiting")
    problems += axe_problems(page, "safeguarding-case-waiting", artifacts)

    # While the alert waits, recording the decision is the DSL's first step on the case; the
    # DSL's other step, clearing the flag, is in the Record menu.
    expect(page.locator(".case-next").first).to_have_text("Record the safeguarding decision")
    page.locator("summary", has_text="Record").click()
    expect(page.get_by_role("link", name="Clear the safeguarding flag")).to_be_visible()
    page.get_by_role("link", name="Record the safeguarding decision").click()
    page.get_by_label("Logged in the school's safeguarding system").check()
    page.get_by_label("Note (optional)").fill("Discussed with the class teacher.")
    page.get_by_role("button", name="Save").click()
    # Logged needs the safeguarding system's reference; what was typed is kept.
    expect(
        page.get_by_text("Give the reference the safeguarding system gave", exact=False).last
    ).to_be_visible()
    expect(page.get_by_label("Note (optional)")).to_have_value("Discussed with the class teacher.")
    shot(page, "safeguarding-04-dsl-decision-needs-reference")
    problems += axe_problems(page, "safeguarding-decision-errors", artifacts)
    page.get_by_label("Reference in the school's safeguarding system").fill("CP-2026-0117")
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(f"**/staff/cases/{reference}/")
    expect(page.get_by_text("The safeguarding decision is recorded.")).to_be_visible()
    status = page.get_by_role("region", name="Safeguarding")
    expect(status).to_contain_text(
        "Logged in the school's safeguarding system (reference CP-2026-0117) — Dana Lead"
    )
    expect(status).not_to_contain_text("Waiting for")
    chronology = page.get_by_role("region", name="Chronology")
    expect(chronology).to_contain_text("Safeguarding decision by the DSL")
    shot(page, "safeguarding-05-dsl-case-decided")
    problems += axe_problems(page, "safeguarding-case-decided", artifacts)

    page.goto("/staff/")
    expect(page.get_by_role("region", name=PINNED)).to_contain_text(
        "No safeguarding alert is waiting for a decision."
    )
    shot(page, "safeguarding-06-dsl-dashboard-cleared")
    assert not problems, "\n".join(problems)

    alert = SafeguardingAlert.objects.get(case__reference=reference)
    assert (alert.decision, alert.system_reference, alert.decided_by) == (
        SafeguardingAlert.Decision.LOGGED,
        "CP-2026-0117",
        dsl,
    )
    assert CaseEvent.objects.filter(
        case=alert.case, kind=CaseEvent.Kind.SAFEGUARDING_DECIDED, actor=dsl
    ).exists()
