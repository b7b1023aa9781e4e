"""Safeguarding goes to the designated safeguarding lead: the alert, the flag, the decision and
the dashboard's pin (incidents.services.safeguarding)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.models import Case, CaseEvent, SafeguardingAlert
from incidents.services.errors import NotNow, NotPermitted
from incidents.services.safeguarding import safeguarding_decide
from incidents.services.workflow import case_apply_transition
from policies.models import Membership
from policies.permissions import Action, can
from tests.factories import CaseFactory, MembershipFactory, SafeguardingAlertFactory
from tests.incidents.test_case_page import menu, page_of, primary
from tests.incidents.test_concern_form import (  # noqa: F401 (fixtures)
    concern,
    group,
    post,
)

Role, Lead = Membership.Role, Membership.SafeguardingLead
Decision = SafeguardingAlert.Decision


def _member(school, username, role=Role.SLT, lead=""):
    return MembershipFactory(
        school=school, role=role, safeguarding_lead=lead, user__username=username
    ).user


@pytest.fixture
def dsl(school):
    return _member(school, "oak-dsl", lead=Lead.DSL)


@pytest.fixture
def deputy(school):
    return _member(school, "oak-deputy", lead=Lead.DEPUTY)


@pytest.fixture
def flagged(school):
    """An open case whose reporter said a child may be at risk, awaiting the DSL's decision."""
    return SafeguardingAlertFactory(
        case__school=school, raised_at=timezone.now() - datetime.timedelta(days=3, hours=1)
    ).case


def url(case, action):
    return f"/staff/cases/{case.reference}/safeguarding/{action}/"


def decide(client, case, **data):
    return client.post(url(case, "decision"), {"decision": "", "system_reference": "", **data})


def test_a_child_at_risk_alert_goes_to_the_dsl_first_then_the_deputy_and_the_head(
    client,
    school,
    concern,  # noqa: F811 (the fixture)
    dsl,
    deputy,
    head,
    slt,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, school, concern(safeguarding="yes", reporter_email=""))
    urgent = [m.to[0] for m in mail.outbox if m.subject.startswith("URGENT")]
    assert urgent == [dsl.email, deputy.email, head.email]
    assert mail.outbox[0].to == [dsl.email]  # before any other message about the concern
    # SLT who are not DSLs hear of the new concern, not of the child at risk
    assert [m.subject for m in mail.outbox if m.to == [slt.email]] == [
        f"New concern {Case.objects.get().reference} at {school.name}"
    ]
    alert = SafeguardingAlert.objects.get()
    assert alert.is_pending and alert.raised_by is None and alert.case.safeguarding


def test_a_concern_without_a_child_at_risk_raises_no_alert(
    client,
    school,
    concern,  # noqa: F811 (the fixture)
    dsl,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, school, concern(safeguarding="no", reporter_email=""))
    assert not SafeguardingAlert.objects.exists()
    assert not [m for m in mail.outbox if m.subject.startswith("URGENT")]


def test_staff_mark_a_case_as_a_safeguarding_concern_with_a_reason(
    client, school, slt, dsl, head, django_capture_on_commit_callbacks
):
    case = CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)
    client.force_login(slt)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(case, "flag"), {"reason": "The post names a Year 2 child."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.safeguarding is True
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.SAFEGUARDING_FLAGGED)
    assert (event.actor, event.text) == (slt, "The post names a Year 2 child.")
    alert = SafeguardingAlert.objects.get(case=case)
    assert alert.is_pending and alert.raised_by == slt
    # the DSL first, then the head; not the person who marked it; never the reason
    assert [m.to[0] for m in mail.outbox] == [dsl.email, head.email]
    assert all("Year 2" not in m.body for m in mail.outbox)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Waiting for a designated safeguarding lead" in page


def test_marking_needs_a_reason_and_keeps_the_form(client, school, slt):
    case = CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)
    client.force_login(slt)
    response = client.post(url(case, "flag"), {"reason": "   "})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    case.refresh_from_db()
    assert case.safeguarding is False and not SafeguardingAlert.objects.exists()
    assert not CaseEvent.objects.filter(case=case).exists()


def test_a_bursar_cannot_mark_a_case(client, school, bursar):
    case = CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)
    client.force_login(bursar)
    assert client.post(url(case, "flag"), {"reason": "x"}).status_code == 403
    case.refresh_from_db()
    assert case.safeguarding is False and not CaseEvent.objects.filter(case=case).exists()


def test_the_dsl_clears_the_flag_with_a_reason(client, flagged, dsl):
    client.force_login(dsl)
    response = client.post(url(flagged, "clear"), {"reason": "The child named is not ours."})
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.safeguarding is False
    event = CaseEvent.objects.get(case=flagged, kind=CaseEvent.Kind.SAFEGUARDING_CLEARED)
    assert (event.actor, event.text) == (dsl, "The child named is not ours.")
    alert = SafeguardingAlert.objects.get(case=flagged)
    assert (alert.decision, alert.decided_by) == (Decision.NOT_SAFEGUARDING, dsl)
    assert flagged.reference not in client.get("/staff/").content.decode()


def test_marking_a_cleared_case_again_raises_a_new_alert(client, flagged, dsl, slt):
    client.force_login(dsl)
    client.post(url(flagged, "clear"), {"reason": "Not ours."})
    client.force_login(slt)
    client.post(url(flagged, "flag"), {"reason": "A second post names the child."})
    alerts = list(SafeguardingAlert.objects.filter(case=flagged).order_by("id"))
    assert [a.decision for a in alerts] == [Decision.NOT_SAFEGUARDING, Decision.PENDING]
    client.force_login(dsl)
    assert flagged.reference in client.get("/staff/").content.decode()


def test_a_dsl_opens_the_decision_and_clearing_pages_and_sees_them_on_the_case(
    client, flagged, dsl, deputy
):
    for lead in (dsl, deputy):
        client.force_login(lead)
        assert client.get(url(flagged, "decision")).status_code == 200
        assert client.get(url(flagged, "clear")).status_code == 200
        page = client.get(flagged.get_absolute_url()).content.decode()
        assert url(flagged, "decision") in page and url(flagged, "clear") in page


DECIDE_LABEL = "Record the safeguarding decision"


def test_while_the_alert_waits_the_dsls_first_step_is_the_decision(client, flagged, dsl, slt):
    page = page_of(client, dsl, flagged)
    assert primary(page)[0] == DECIDE_LABEL
    assert ("Clear the safeguarding flag", "case-menu-item") in menu(page, "record")
    # SLT who are not DSLs keep the state's own next steps
    assert DECIDE_LABEL not in page_of(client, slt, flagged)
    client.force_login(dsl)
    assert decide(client, flagged, decision=Decision.NO_FURTHER_ACTION).status_code == 302
    page = page_of(client, dsl, flagged)
    assert DECIDE_LABEL not in page  # decided: nothing waits
    assert ("Clear the safeguarding flag", "case-menu-item") in menu(page, "record")


def test_anyone_who_works_on_an_open_case_may_mark_it_from_the_ask_menu(client, school, slt):
    case = CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)
    page = page_of(client, slt, case)
    assert ("Mark as a safeguarding concern", "case-menu-item") in menu(page, "ask")
    closed = CaseFactory(school=school, status=Case.Status.CLOSED)
    assert url(closed, "flag") not in page_of(client, slt, closed)


def test_an_alert_left_waiting_on_a_closed_case_is_still_the_dsls_to_decide(
    client, school, dsl, slt
):
    case = SafeguardingAlertFactory(case__school=school, case__status=Case.Status.CLOSED).case
    page = page_of(client, dsl, case)
    assert primary(page)[0] == DECIDE_LABEL
    assert url(case, "decision") not in page_of(client, slt, case)
    client.force_login(dsl)
    response = decide(client, case, decision=Decision.REFERRED)
    assert response.status_code == 302
    alert = SafeguardingAlert.objects.get(case=case)
    assert (alert.decision, alert.decided_by) == (Decision.REFERRED, dsl)
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SAFEGUARDING_DECIDED).exists()


def test_others_see_neither_link_on_the_case(client, flagged, slt, head):
    for user in (slt, head):
        client.force_login(user)
        page = client.get(flagged.get_absolute_url()).content.decode()
        assert url(flagged, "decision") not in page and url(flagged, "clear") not in page


@pytest.mark.parametrize("who", ["slt", "head", "bursar"])
def test_only_a_dsl_records_the_decision_or_clears_the_flag(client, request, flagged, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert decide(client, flagged, decision=Decision.NO_FURTHER_ACTION).status_code == 403
    assert client.post(url(flagged, "clear"), {"reason": "Not ours."}).status_code == 403
    assert SafeguardingAlert.objects.get(case=flagged).is_pending
    flagged.refresh_from_db()
    assert flagged.safeguarding is True
    assert not CaseEvent.objects.filter(case=flagged).exists()
    with pytest.raises(NotPermitted):
        safeguarding_decide(case=flagged, by=user, decision=Decision.NO_FURTHER_ACTION)


def test_a_dsl_of_another_school_is_refused(client, flagged, other_school):
    other_dsl = _member(other_school, "elm-dsl", lead=Lead.DSL)
    client.force_login(other_dsl)
    assert decide(client, flagged, decision=Decision.NO_FURTHER_ACTION).status_code == 404
    # a DSL there who works here without the designation is refused by the service too
    MembershipFactory(user=other_dsl, school=flagged.school, role=Role.SLT)
    with pytest.raises(NotPermitted):
        safeguarding_decide(case=flagged, by=other_dsl, decision=Decision.NO_FURTHER_ACTION)
    assert SafeguardingAlert.objects.get(case=flagged).is_pending
    assert not CaseEvent.objects.filter(case=flagged).exists()


def test_a_decision_logged_in_the_school_system_needs_its_reference(client, flagged, dsl):
    client.force_login(dsl)
    response = decide(client, flagged, decision=Decision.LOGGED, note="Kept for the record")
    page = response.content.decode()
    assert response.status_code == 200 and "Give the reference" in page
    assert "Kept for the record" in page  # what was typed is kept
    assert SafeguardingAlert.objects.get(case=flagged).is_pending


def test_the_dsl_records_the_decision_on_the_chronology(client, flagged, dsl):
    client.force_login(dsl)
    response = decide(
        client, flagged, decision=Decision.LOGGED, system_reference="CP-2026-117", note="Seen."
    )
    assert response.status_code == 302
    alert = SafeguardingAlert.objects.get(case=flagged)
    assert (alert.decision, alert.system_reference, alert.decided_by) == (
        Decision.LOGGED,
        "CP-2026-117",
        dsl,
    )
    event = CaseEvent.objects.get(case=flagged, kind=CaseEvent.Kind.SAFEGUARDING_DECIDED)
    assert event.actor == dsl and "CP-2026-117" in event.text
    page = client.get(flagged.get_absolute_url()).content.decode()
    assert "Logged in the school&#x27;s safeguarding system (reference CP-2026-117)" in page
    # decided once: a second decision is refused and changes nothing
    again = decide(client, flagged, decision=Decision.REFERRED)
    assert "No safeguarding alert on this case is waiting" in again.content.decode()
    assert SafeguardingAlert.objects.get(case=flagged).decision == Decision.LOGGED


def test_the_dashboard_pins_the_alert_with_its_age_until_the_dsl_decides(
    client, school, flagged, dsl, slt, bursar
):
    client.force_login(slt)
    page = client.get("/staff/").content.decode()
    assert flagged.reference in page and "3\xa0days, 1\xa0hour ago" in page
    client.force_login(bursar)  # records, not allegations
    assert flagged.reference not in client.get("/staff/").content.decode()
    client.force_login(dsl)
    decide(client, flagged, decision=Decision.REFERRED, note="Called the front door.")
    page = client.get("/staff/").content.decode()
    assert flagged.reference not in page
    assert "No safeguarding alert is waiting for a decision" in page


def test_the_dashboard_pins_neither_closed_cases_nor_other_schools(
    client, school, other_school, dsl
):
    closed = SafeguardingAlertFactory(case__school=school, case__status=Case.Status.CLOSED).case
    elsewhere = SafeguardingAlertFactory(case__school=other_school).case
    client.force_login(dsl)
    page = client.get("/staff/").content.decode()
    assert closed.reference not in page and elsewhere.reference not in page


def test_the_dashboard_costs_the_same_with_more_alerts(client, school, dsl):
    client.force_login(dsl)
    costs = []
    for n in (1, 8):
        for _ in range(n):
            SafeguardingAlertFactory(case__school=school)
        client.get("/staff/")
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/staff/").content.decode()
        costs.append(len(queries))
        assert page.count("safeguarding-age") == SafeguardingAlert.objects.count()
    assert costs[0] == costs[1], costs


def test_a_merge_carries_the_waiting_alert_to_the_surviving_case(client, flagged, slt, school):
    into = CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)
    client.force_login(slt)
    merge = f"/staff/cases/{flagged.reference}/merge/"
    assert client.post(merge, {"into": into.reference, "note": ""}).status_code == 302
    into.refresh_from_db()
    assert into.safeguarding is True
    assert SafeguardingAlert.objects.get(decision=Decision.PENDING).case == into


def test_a_safeguarding_lead_must_have_a_role_that_reads_cases(school, bursar):
    membership = Membership.objects.get(user=bursar)
    membership.safeguarding_lead = Lead.DSL
    with pytest.raises(ValidationError):
        membership.full_clean()
    membership.save()  # saved past the check: the designation still grants nothing
    assert not can(bursar, school, Action.DECIDE_SAFEGUARDING)


def test_an_administrator_marks_a_dsl_in_the_admin(admin_client, school, slt):
    membership = Membership.objects.get(user=slt)
    response = admin_client.post(
        f"/admin/policies/membership/{membership.pk}/change/",
        {"user": slt.pk, "school": school.pk, "role": Role.SLT, "safeguarding_lead": Lead.DSL},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.safeguarding_lead == Lead.DSL
    assert can(slt, school, Action.DECIDE_SAFEGUARDING)


def test_the_pin_says_when_nobody_at_the_school_can_decide(client, school, flagged, slt, dsl):
    dsl.memberships.update(safeguarding_lead="")
    client.force_login(slt)
    assert "Nobody at this school is marked designated" in client.get("/staff/").content.decode()
    dsl.memberships.update(safeguarding_lead=Lead.DEPUTY)
    page = client.get("/staff/").content.decode()
    assert "Nobody at this school" not in page
    assert "A designated safeguarding lead records the decision" in page


@pytest.mark.parametrize(
    ("transition", "status", "data"),
    [
        ("dismiss", Case.Status.REPORTED, {"note": "Not about a parent 7731."}),
        (
            "close",
            Case.Status.GATHERING_INFORMATION,
            {"note": "Not about a parent 7731.", "outcome": Case.Outcome.RESOLVED},
        ),
    ],
)
def test_a_case_is_not_closed_or_dismissed_while_its_alert_waits_for_the_dsl(
    client, school, head, dsl, transition, status, data
):
    case = SafeguardingAlertFactory(case__school=school, case__status=status).case
    client.force_login(head)
    response = client.post(f"{case.get_absolute_url()}do/{transition}/", data)
    # the form again, with the reason and the note kept; nothing recorded
    assert response.status_code == 200
    page = response.content.decode()
    assert "a designated safeguarding lead must first record a decision" in page
    assert "Not about a parent 7731." in page
    case.refresh_from_db()
    assert case.status == status
    assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.TRANSITION).exists()
    client.force_login(dsl)
    assert decide(client, case, decision=Decision.NO_FURTHER_ACTION).status_code == 302
    client.force_login(head)
    assert client.post(f"{case.get_absolute_url()}do/{transition}/", data).status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_the_service_refuses_closing_a_case_whose_alert_waits(school, head):
    case = SafeguardingAlertFactory(
        case__school=school, case__status=Case.Status.GATHERING_INFORMATION
    ).case
    with pytest.raises(NotNow, match="safeguarding lead must first record"):
        case_apply_transition(
            case=case, name="close", by=head, outcome=Case.Outcome.NO_FURTHER_ACTION
        )
    case.refresh_from_db()
    assert case.status == Case.Status.GATHERING_INFORMATION
