"""The attacker's test: a bursar signs in and opens every staff URL of a case whose every text
carries a marker (the allegation, the person it names, the reporter's name, e-mail and phone,
notes, meetings, moderator requests, escalation reasons, site-ban reasons, letter wording,
failed e-mails, evidence and bundle files). The marker must never reach the bursar, who sees
the case's record instead."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from exports.models import CaseBundle, ExportJob
from incidents.models import Case, CaseEvent, Notification, SiteBan
from letters.models import Letter, LetterRender
from tests.factories import (
    CaseBundleFactory,
    CaseEventFactory,
    CaseFactory,
    DisclosureFactory,
    EscalationRequestFactory,
    EvidenceFactory,
    ExportJobFactory,
    LetterFactory,
    LetterRenderFactory,
    MeetingFactory,
    ModerationRequestFactory,
    NotificationFactory,
    ParentFactory,
    RedactionFactory,
    ReportFactory,
    SarMatchFactory,
    SiteBanFactory,
)
from tests.test_staff_url_permissions import staff_url_names

MARK = "zqxmarker"


@pytest.fixture
def marked(school, slt):
    """A case at the site-ban step with a marker in every text a person wrote about it."""
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN, safeguarding=True, owner=slt)
    ReportFactory(
        case=case,
        description=f"{MARK} allegation: rude comments about a teacher",
        person_concerned=f"{MARK} person",
        reporter_name=f"{MARK} reporter",
        reporter_email=f"{MARK}-reporter@example.org",
        reporter_phone=f"07700 900 {MARK}",
        safeguarding=True,
    )
    parent = ParentFactory(
        school=school,
        full_name="Pat Example",  # the parent's name is a record (the export has it)
        email=f"{MARK}-parent@example.org",
        postal_address=f"1 {MARK} Road",
    )
    case.parents.add(parent)
    CaseEventFactory(case=case, kind=CaseEvent.Kind.NOTE, text=f"{MARK} safeguarding note")
    meeting = MeetingFactory(
        case=case,
        place=f"{MARK} place",
        attendees=f"{MARK} attendee",
        outcome=f"{MARK} meeting notes",
    )
    moderation = ModerationRequestFactory(
        case=case, moderator=f"{MARK} moderator", answer_note=f"{MARK} answer"
    )
    moderation_overdue = ModerationRequestFactory(
        case=case,
        moderator=f"{MARK} late moderator",
        follow_up_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    escalation = EscalationRequestFactory(
        case=case, reason=f"{MARK} reason", requested_by=slt, target=Case.Status.SITE_BAN
    )
    ban = SiteBanFactory(
        case=case,
        parent=parent,
        state=SiteBan.State.INTENDED,
        reasons=f"{MARK} ban reasons",
        description=f"{MARK} how to recognise them",
        conditions=f"{MARK} conditions",
        representations=f"{MARK} representations",
        representation_deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    letter = LetterFactory(
        case=case,
        parent=parent,
        status=Letter.Status.APPROVED,
        recipient_name="Pat Example",
        body=f"{MARK} letter wording",
        html=f"<p>{MARK} letter wording</p>",
    )
    LetterRenderFactory(
        letter=letter,
        status=LetterRender.Status.DONE,
        pdf=ContentFile(f"%PDF-1.7 {MARK}".encode(), name="letter.pdf"),
    )
    draft = LetterFactory(case=case, parent=parent, body=f"{MARK} draft wording")
    evidence = EvidenceFactory(case=case, original_name=f"{MARK}.png")
    NotificationFactory(
        case=case,
        school=school,
        status=Notification.Status.FAILED,
        subject=f"{MARK} subject",
        body=f"{MARK} body",
    )
    bundle = CaseBundleFactory(
        case=case,
        status=CaseBundle.Status.DONE,
        pdf=ContentFile(f"%PDF-1.7 {MARK}".encode(), name="bundle.pdf"),
    )
    disclosure = DisclosureFactory(case=case)
    RedactionFactory(disclosure=disclosure, text=f"{MARK} redacted term")
    job = ExportJobFactory(
        school=school,
        status=ExportJob.Status.DONE,
        file=ContentFile(b"Reference\r\n", name="export.csv"),
    )
    return {
        "case": case,
        "ref": case.reference,
        "meeting": meeting,
        "moderation": moderation,
        "moderation_overdue": moderation_overdue,
        "escalation": escalation,
        "ban": ban,
        "letter": letter,
        "disclosure": disclosure,
        "draft": draft,
        "evidence": evidence,
        "notification": Notification.objects.get(subject__startswith=MARK),
        "bundle": bundle,
        "job": job,
    }


def case_path(tail):
    return lambda m: f"/staff/cases/{m['ref']}/{tail}"


# url name -> the path of the marked case's object it shows
PATHS = {
    "dashboard": lambda m: "/staff/",
    "case_list": lambda m: "/staff/cases/",
    "records:list": lambda m: "/staff/records/",
    "records:detail": lambda m: f"/staff/records/{m['ref']}/",
    "ban_register": lambda m: "/staff/bans/",
    "ban_register_pdf": lambda m: "/staff/bans/print/",
    "approvals": lambda m: "/staff/approvals/",
    "case_detail": case_path(""),
    "case_viewers": case_path("viewers/"),
    "case_transition": case_path("do/close/"),
    "case_owner": case_path("owner/"),
    "case_parent": case_path("parent/"),
    "case_parent_details": lambda m: case_path(f"parent/{m['ban'].parent_id}/")(m),
    "case_categories": case_path("categories/"),
    "case_merge": case_path("merge/"),
    "case_note": case_path("note/"),
    "case_message": case_path("message/"),
    "case_evidence": case_path("evidence/"),
    "case_conversation": case_path("conversation/"),
    "case_meeting": case_path("meeting/"),
    "case_meeting_outcome": lambda m: case_path(f"meeting/{m['meeting'].pk}/outcome/")(m),
    "case_moderation": case_path("moderation/"),
    "case_moderation_answer": lambda m: case_path(f"moderation/{m['moderation'].pk}/answer/")(m),
    "case_side_action": case_path("action/police/"),
    "case_safeguarding_flag": case_path("safeguarding/flag/"),
    "case_safeguarding_clear": case_path("safeguarding/clear/"),
    "case_safeguarding_decision": case_path("safeguarding/decision/"),
    "case_propose": case_path("escalate/"),
    "case_site_ban": case_path("site-ban/"),
    "case_ban_representations": lambda m: case_path(f"site-ban/{m['ban'].pk}/representations/")(m),
    "case_ban_decision": lambda m: case_path(f"site-ban/{m['ban'].pk}/decision/")(m),
    "case_ban_correct": lambda m: case_path(f"site-ban/{m['ban'].pk}/correct/")(m),
    "case_ban_withdraw": lambda m: case_path(f"site-ban/{m['ban'].pk}/withdraw/")(m),
    "case_ban_review": lambda m: case_path(f"site-ban/{m['ban'].pk}/review/")(m),
    "decide_escalation": lambda m: f"/staff/approvals/{m['escalation'].pk}/",
    "evidence_file": lambda m: f"/staff/evidence/{m['evidence'].public_id}/",
    "evidence_thumbnail": lambda m: f"/staff/evidence/{m['evidence'].public_id}/thumbnail/",
    "letters:failed_jobs": lambda m: "/staff/letters/failed/",
    "letters:retry_job": lambda m: (
        f"/staff/letters/failed/notification/{m['notification'].pk}/retry/"
    ),
    "letters:new": lambda m: f"/staff/letters/new/{m['ref']}/",
    "letters:detail": lambda m: f"/staff/letters/{m['letter'].pk}/",
    "letters:preview": lambda m: f"/staff/letters/{m['draft'].pk}/preview/",
    "letters:pdf": lambda m: f"/staff/letters/{m['letter'].pk}/pdf/",
    "letters:edit": lambda m: f"/staff/letters/{m['draft'].pk}/edit/",
    "letters:approve": lambda m: f"/staff/letters/{m['draft'].pk}/approve/",
    "letters:cancel": lambda m: f"/staff/letters/{m['draft'].pk}/cancel/",
    "letters:request_approval": lambda m: f"/staff/letters/{m['draft'].pk}/request-approval/",
    "letters:retry": lambda m: f"/staff/letters/{m['letter'].pk}/retry/",
    "letters:send": lambda m: f"/staff/letters/{m['letter'].pk}/send/",
    "exports:form": lambda m: "/staff/exports/",
    "exports:history": lambda m: "/staff/exports/history/",
    "exports:job": lambda m: f"/staff/exports/jobs/{m['job'].public_id}/",
    "exports:job_status": lambda m: f"/staff/exports/jobs/{m['job'].public_id}/status/",
    "exports:job_download": lambda m: f"/staff/exports/jobs/{m['job'].public_id}/download/",
    "exports:disclosure_new": lambda m: f"/staff/exports/disclosures/new/{m['ref']}/",
    "exports:disclosure": lambda m: f"/staff/exports/disclosures/{m['disclosure'].public_id}/",
    "exports:disclosure_confirm": lambda m: (
        f"/staff/exports/disclosures/{m['disclosure'].public_id}/confirm/"
    ),
    "exports:disclosure_produce": lambda m: (
        f"/staff/exports/disclosures/{m['disclosure'].public_id}/produce/"
    ),
    "exports:redaction_remove": lambda m: (
        f"/staff/exports/disclosures/{m['disclosure'].public_id}/redactions/"
        f"{m['disclosure'].redactions.get().pk}/remove/"
    ),
    "exports:bundle": lambda m: f"/staff/exports/bundles/{m['bundle'].public_id}/",
    "exports:bundle_status": lambda m: f"/staff/exports/bundles/{m['bundle'].public_id}/status/",
    "exports:bundle_download": lambda m: (
        f"/staff/exports/bundles/{m['bundle'].public_id}/download/"
    ),
    "reports:school": lambda m: "/staff/reports/",
    "reports:school_pdf": lambda m: "/staff/reports/report.pdf",
    "reports:school_csv": lambda m: "/staff/reports/report.csv",
    "reports:trust": lambda m: "/staff/reports/trust/",
    "reports:trust_pdf": lambda m: "/staff/reports/trust/report.pdf",
    "reports:trust_csv": lambda m: "/staff/reports/trust/report.csv",
    "retention:list": lambda m: "/staff/retention/",
    "retention:dispose": lambda m: "/staff/retention/dispose/",
    "retention:hold": lambda m: f"/staff/retention/cases/{m['ref']}/hold/",
    "retention:extend": lambda m: f"/staff/retention/cases/{m['ref']}/extend/",
    "retention:records": lambda m: "/staff/retention/records/",
    "retention:certificate": lambda m: "/staff/retention/records/1/",
    "sar:list": lambda m: "/staff/sar/",
    "sar:new": lambda m: "/staff/sar/new/",
    "sar:detail": lambda m: f"/staff/sar/{sar_about(m).pk}/",
    "sar:search": lambda m: f"/staff/sar/{sar_about(m).pk}/search/",
    "sar:decide": lambda m: (lambda r: f"/staff/sar/{r.pk}/matches/{r.matches.get().pk}/")(
        sar_about(m)
    ),
    "sar:disclosure": lambda m: (
        lambda r: f"/staff/sar/{r.pk}/matches/{r.matches.get().pk}/disclosure/"
    )(sar_about(m)),
    "sar:nothing": lambda m: (lambda r: f"/staff/sar/{r.pk}/matches/{r.matches.get().pk}/nothing/")(
        sar_about(m)
    ),
    "sar:extend": lambda m: f"/staff/sar/{sar_about(m).pk}/extend/",
    "sar:transition": lambda m: f"/staff/sar/{sar_about(m).pk}/do/mark_sent/",
}


def sar_about(m):
    """A request from the marked case's reporter, ready to send, the case its one match."""
    return SarMatchFactory(
        case=m["case"],
        request__school=m["case"].school,
        request__requester_name=f"{MARK} requester",
        request__identity_verified=f"{MARK} passport",
        request__state="ready",
    ).request


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace").lower()


def test_every_staff_url_is_walked_by_the_attackers_test():
    assert staff_url_names() - set(PATHS) == set()


@pytest.mark.parametrize("name", sorted(PATHS))
def test_the_bursar_never_sees_what_people_wrote_or_their_contact_details(
    client, marked, bursar, name
):
    client.force_login(bursar)
    response = client.get(PATHS[name](marked), follow=True)
    assert MARK not in body(response), f"{name} showed the bursar what people wrote"


def test_the_bursar_sees_the_cases_record(client, marked, bursar):
    client.force_login(bursar)
    page = body(client.get(f"/staff/records/{marked['ref']}/"))
    assert marked["ref"].lower() in page
    assert "site ban" in page and "intended" in page  # state and site-ban status
    assert "pat example" in page  # the parent concerned, as in the export


def test_the_bursars_search_matches_references_not_allegations(client, marked, bursar):
    client.force_login(bursar)
    by_text = client.get("/staff/cases/", {"q": MARK}, follow=True)
    assert by_text.redirect_chain[0][0].startswith("/staff/records/")
    assert marked["ref"].lower() not in body(by_text)
    by_reference = client.get("/staff/records/", {"q": marked["ref"][-4:]})
    assert marked["ref"].lower() in body(by_reference)


def test_the_bursar_is_refused_the_case_page_even_when_an_slt_body_is_cached(
    client, marked, slt, bursar
):
    client.force_login(slt)
    assert MARK in body(client.get(marked["case"].get_absolute_url()))  # now cached
    client.force_login(bursar)
    response = client.get(marked["case"].get_absolute_url())
    assert response.status_code == 403 and MARK not in body(response)


def test_the_bursars_lists_lead_to_records_not_case_pages(client, marked, bursar):
    client.force_login(bursar)
    # The ban register names parents and how to recognise them: not a record.
    assert client.get("/staff/bans/").status_code == 403
    dashboard = body(client.get("/staff/"))
    assert 'href="/staff/records/?status=site_ban"' in dashboard
    assert "/staff/cases/" not in dashboard
