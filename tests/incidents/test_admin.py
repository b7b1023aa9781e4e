"""The Django admin: case history is read-only, hides allegation text and reporter contact, and
opening it is audited; configuration stays editable."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from audit.models import AccessEvent
from incidents.models import Case, CaseEvent, StandardReply
from letters.models import LetterRender, LetterTemplate
from policies.models import CodeOfConduct, Membership, MessagingGroup, School
from policies.permissions import ADMIN_SITE_ROLE
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    EvidenceFactory,
    LetterFactory,
    LetterRenderFactory,
    NotificationFactory,
    ParentFactory,
    ReportFactory,
    UserFactory,
)

CASE_HISTORY_APPS = {"incidents", "letters", "exports"}
CONFIGURATION = [
    School,
    CodeOfConduct,
    MessagingGroup,
    Membership,
    LetterTemplate,
    StandardReply,
]

# Distinctive words planted in every confidential field; none may reach an admin page.
SECRETS = {
    "report text": "Ziggurat-description",
    "person concerned": "Quillon Person",
    "reporter name": "Marigold Reporter",
    "reporter e-mail": "marigold.reporter@example.org",
    "reporter phone": "07700 900461",
    "note text": "Safeguarding-note-Xylophone",
    "evidence file name": "Kestrel-screenshot.png",
    "letter wording": "Letter-body-Halibut",
    "letter recipient address": "12 Juniper Row",
    "notification body": "Notification-body-Pangolin",
    "parent address": "7 Larkspur Lane",
}


@pytest.fixture
def history(school):
    case = CaseFactory(school=school)
    report = ReportFactory(
        case=case,
        description=SECRETS["report text"],
        person_concerned=SECRETS["person concerned"],
        reporter_name=SECRETS["reporter name"],
        reporter_email=SECRETS["reporter e-mail"],
        reporter_phone=SECRETS["reporter phone"],
    )
    CaseEventFactory(case=case, kind=CaseEvent.Kind.NOTE, text=SECRETS["note text"])
    EvidenceFactory(case=case, report=report, original_name=SECRETS["evidence file name"])
    parent = ParentFactory(school=school, postal_address=SECRETS["parent address"])
    letter = LetterFactory(
        case=case,
        parent=parent,
        body=SECRETS["letter wording"],
        html=f"<p>{SECRETS['letter wording']}</p>",
        recipient_address=SECRETS["letter recipient address"],
    )
    LetterRenderFactory(letter=letter, status=LetterRender.Status.FAILED)
    NotificationFactory(case=case, body=SECRETS["notification body"])
    return case


def case_history_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in CASE_HISTORY_APPS and model not in CONFIGURATION
    ]


def assert_no_secret(page: str, where: str):
    for name, secret in SECRETS.items():
        assert secret not in page, f"{name} shown on {where}"


def test_every_case_history_model_in_the_admin_is_view_only(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    registered = case_history_admins()
    assert {m.__name__ for m, _ in registered} >= {"Case", "Report", "Letter", "CaseEvent"}
    for model, model_admin in registered:
        assert model_admin.has_view_permission(request), model
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model


def test_configuration_stays_editable_in_the_admin(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model in [*CONFIGURATION, get_user_model()]:
        model_admin = admin.site._registry[model]
        assert model_admin.has_add_permission(request), model
        assert model_admin.has_change_permission(request), model


def test_a_superuser_cannot_change_a_cases_owner_or_outcome_in_the_admin(
    admin_client, school, other_head
):
    owner = UserFactory()
    case = CaseFactory(school=school, owner=owner)
    events = CaseEvent.objects.count()
    response = admin_client.post(
        f"/admin/incidents/case/{case.pk}/change/",
        {"owner": other_head.pk, "outcome": Case.Outcome.RESOLVED},
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.owner == owner and case.outcome == ""
    assert CaseEvent.objects.count() == events


def test_the_admin_offers_no_save_button_on_a_case(admin_client, school):
    case = CaseFactory(school=school)
    page = admin_client.get(f"/admin/incidents/case/{case.pk}/change/").content.decode()
    assert 'name="_save"' not in page and 'name="owner"' not in page


def test_no_admin_page_shows_report_text_or_reporter_contact(admin_client, history):
    for model, _ in case_history_admins():
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        changelist = admin_client.get(base)
        assert changelist.status_code == 200, base
        assert_no_secret(changelist.content.decode(), base)
        for pk in model.objects.values_list("pk", flat=True):
            page = admin_client.get(f"{base}{pk}/change/")
            assert page.status_code == 200, f"{base}{pk}"
            assert_no_secret(page.content.decode(), f"{base}{pk}/change/")


def test_the_admin_cannot_search_reports_by_reporter_contact_or_text(admin_client, history):
    for term in [SECRETS["reporter e-mail"], SECRETS["reporter name"], "Ziggurat"]:
        page = admin_client.get("/admin/incidents/report/", {"q": term}).content.decode()
        assert history.reports.get().reference not in page, term


def test_opening_a_case_in_the_admin_is_written_to_the_access_audit(
    admin_client, admin_user, school
):
    case = CaseFactory(school=school)
    admin_client.get(f"/admin/incidents/case/{case.pk}/change/")
    event = AccessEvent.objects.get(action=AccessEvent.Action.VIEW_CASE)
    assert event.actor == admin_user and event.action == AccessEvent.Action.VIEW_CASE
    assert (event.object_type, event.object_id, event.school_id) == (
        "case",
        str(case.pk),
        school.pk,
    )
    assert event.role == ADMIN_SITE_ROLE and event.object_label == case.reference
    assert event.case_id == case.pk  # so it shows in "who has viewed this case"


def test_opening_a_report_in_the_admin_is_audited_against_its_case(admin_client, history):
    report = history.reports.get()
    admin_client.get(f"/admin/incidents/report/{report.pk}/change/")
    event = AccessEvent.objects.get(action=AccessEvent.Action.VIEW_CASE)
    assert (event.object_type, event.object_id) == ("case", str(history.pk))
    assert event.case_id == history.pk
    assert report.reference in event.object_label
