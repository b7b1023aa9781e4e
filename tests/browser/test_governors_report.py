"""The governors' report in a real browser: the headteacher opens it, sees the charts beside
their tables, downloads the PDF pack; axe finds nothing serious; the trust lead's page too."""

import datetime
import io
import shutil
import subprocess

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from incidents.models import Case, CaseEvent
from incidents.services.month_counts import month_counts_recount
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import axe_problems
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    MessagingGroupFactory,
    ReportFactory,
    SchoolFactory,
    TrustMembershipFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def this_term(school):
    """Seven cases opened in the last weeks (this term): four in one group, three in another."""
    from django.utils import timezone

    abusive, threatening = school.codes.get().breach_categories.order_by("name")
    groups = [
        MessagingGroupFactory(school=school, name="Year 3 parents"),
        MessagingGroupFactory(school=school, name="Year 5 parents"),
    ]
    now = timezone.now()
    for n in range(7):
        case = CaseFactory(
            school=school,
            status=Case.Status.GATHERING_INFORMATION,
            group=groups[n % 2],
            opened_at=now - datetime.timedelta(days=n + 1),
        )
        case.breach_categories.add(abusive if n < 5 else threatening)
        ReportFactory(case=case, reporter_name="Reporting Parent Alpha")
        CaseEventFactory(
            case=case,
            kind=CaseEvent.Kind.TRANSITION,
            source=Case.Status.REPORTED,
            target=Case.Status.GATHERING_INFORMATION,
            created_at=now - datetime.timedelta(days=n + 1) + datetime.timedelta(hours=n + 2),
        )
    # The categories were added directly, not by the service: count the report's counters.
    month_counts_recount(school_id=school.pk)
    return school


def test_the_head_opens_the_report_sees_the_charts_and_downloads_the_pdf(
    new_context, sign_in, shot, artifacts, this_term, head
):
    page = new_context().new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page, head, next_url="/staff/reports/")
    expect(page.get_by_role("heading", name="Governors' report")).to_be_visible()
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(5)
    expect(page.get_by_role("img", name="Cases by breach category")).to_be_visible()
    expect(page.get_by_role("table", name="Cases by class group: the numbers")).to_contain_text(
        "Year 3 parents"
    )
    assert "fewer than 3" in page.content()
    assert "Reporting Parent Alpha" not in page.content()
    shot(page, "governors-report")
    assert not [e for e in errors if "Content Security Policy" in e]
    assert axe_problems(page, "governors-report", artifacts) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF pack").click()
    download = download_info.value
    assert download.suggested_filename.startswith("governors-report-oakfield-")
    pdf_path = artifacts / "governors-report.pdf"
    download.save_as(pdf_path)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert "Cases by breach category" in text and "Reporting Parent Alpha" not in text
    # Pictures of the PDF's pages to look at, where poppler is installed (`make test` does).
    if pdftoppm := shutil.which("pdftoppm"):
        subprocess.run(  # noqa: S603
            [pdftoppm, "-png", "-r", "60", str(pdf_path), str(artifacts / "governors-pdf")],
            check=False,
        )

    # The same session on a phone (a second sign-in would reuse the authenticator's code).
    phone = new_context(**PHONE, storage_state=page.context.storage_state()).new_page()
    phone.goto("/staff/reports/")
    expect(phone.locator("svg[role=img]").first).to_be_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    shot(phone, "governors-report-phone")
    assert not overflow
    # Months of one's own, as a phone's month picker fills them in.
    from django.utils import timezone

    this_month = timezone.localdate().replace(day=1)
    earlier = (this_month - datetime.timedelta(days=1)).replace(day=1)
    phone.get_by_label("Period").select_option("custom")
    phone.get_by_label("From month").fill(f"{earlier:%Y-%m}")
    phone.get_by_label("To month", exact=True).fill(f"{this_month:%Y-%m}")
    phone.get_by_role("button", name="Show the report").click()
    expect(phone.get_by_text(f"{earlier:%b %Y} to {this_month:%b %Y}").first).to_be_visible()
    expect(phone.get_by_label("From month")).to_have_value(f"{earlier:%Y-%m}")


def test_the_trust_lead_sees_the_schools_side_by_side(
    new_context, sign_in, shot, artifacts, this_term
):
    lead = TrustMembershipFactory(user__username="trust-lead").user
    trust = lead.trust_memberships.get().trust
    this_term.trust = trust
    this_term.save()
    SchoolFactory(name="Ashgrove Primary School", trust=trust)
    page = new_context().new_page()
    sign_in(page, lead, next_url="/staff/reports/trust/")
    expect(page.get_by_role("heading", name=f"{trust.name}: report for governors")).to_be_visible()
    expect(page.get_by_role("img", name="Cases opened by school")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Ashgrove Primary School").first).to_be_visible()
    shot(page, "governors-report-trust")
    assert axe_problems(page, "governors-report-trust", artifacts) == []
