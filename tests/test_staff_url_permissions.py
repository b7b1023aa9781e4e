"""Walks every URL under /staff/ and checks who may open it. A new staff URL without an entry
in PAGES fails `test_every_staff_url_has_a_permission_test`."""

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver

from exports.models import CaseBundle, ExportJob
from incidents.models import Case
from letters.models import Letter, LetterRender
from tests.factories import (
    CaseBundleFactory,
    CaseFactory,
    DisclosureFactory,
    DisposalRecordFactory,
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
    SarMatchFactory,
    SiteBanFactory,
    SubjectAccessRequestFactory,
    TrustMembershipFactory,
)

READ = {"slt": 200, "head": 200, "bursar": 200, "other_head": 404}
# What people wrote and who they are: a records role (the bursar) gets 403.
CONTENT = {"slt": 200, "head": 200, "bursar": 403, "other_head": 404}
WORK = {"slt": 200, "head": 200, "bursar": 403, "other_head": 404}
HEAD = {"slt": 403, "head": 200, "bursar": 403, "other_head": 404}
SCHOOL_READ = {"slt": 200, "head": 200, "bursar": 200, "other_head": 200}  # own school's data
SCHOOL_CONTENT = {"slt": 200, "head": 200, "bursar": 403, "other_head": 200}
HEAD_LIST = {"slt": 403, "head": 200, "bursar": 403, "other_head": 200}
EVIDENCE = {"slt": 200, "head": 200, "bursar": 403, "other_head": 404}
EXPORT_FORM = {"slt": 403, "head": 200, "bursar": 200, "other_head": 200}  # own school's cases
EXPORT = {"slt": 403, "head": 200, "bursar": 200, "other_head": 404}
PREPARE_POST = {"slt": 405, "head": 405, "bursar": 403, "other_head": 405}  # POST only
HEAD_POST = {"slt": 403, "head": 405, "bursar": 403, "other_head": 405}  # POST only
# A designated safeguarding lead's pages: none of these people is one (test_safeguarding has
# one, and a DSL of another school gets a 404 there).
DSL = {"slt": 403, "head": 403, "bursar": 403, "other_head": 403}
NO_SCHOOL_ROLE = {"slt": 403, "head": 403, "bursar": 403, "other_head": 403}  # a trust's page


def case_at(school, status=Case.Status.GATHERING_INFORMATION):
    return CaseFactory(school=school, status=status)


def with_ban(school):
    case = case_at(school, Case.Status.SITE_BAN)
    case.parents.add(ParentFactory(school=school))
    return case, SiteBanFactory(case=case, parent=case.parents.get())


def letter(school, status=Letter.Status.DRAFT, rendered=False):
    made = LetterFactory(case__school=school, status=status, html="<p>Letter</p>")
    if rendered:
        LetterRenderFactory(
            letter=made,
            status=LetterRender.Status.DONE,
            pdf=ContentFile(b"%PDF-1.7 test", name="t.pdf"),
        )
    return made


def export_job(school, ready=False):
    if not ready:
        return ExportJobFactory(school=school).public_id
    return ExportJobFactory(
        school=school,
        status=ExportJob.Status.DONE,
        file=ContentFile(b"Reference\r\n", name="export.csv"),
    ).public_id


def bundle(school, ready=False):
    if not ready:
        return CaseBundleFactory(case__school=school).public_id
    return CaseBundleFactory(
        case__school=school,
        status=CaseBundle.Status.DONE,
        pdf=ContentFile(b"%PDF-1.7 test", name="bundle.pdf"),
    ).public_id


def disclosure(school):
    return DisclosureFactory(case__school=school).public_id


# url name -> (function(school) -> path, expected GET status per role)
PAGES = {
    "dashboard": (lambda s: "/staff/", SCHOOL_READ),
    # The bursar's case list is the records view (search by reference only).
    "case_list": (lambda s: "/staff/cases/", {**SCHOOL_READ, "bursar": 302}),
    "records:list": (lambda s: "/staff/records/", SCHOOL_READ),
    "records:detail": (lambda s: f"/staff/records/{case_at(s).reference}/", READ),
    # It names parents and how to recognise them: SLT and the headteacher only.
    "ban_register": (lambda s: "/staff/bans/", SCHOOL_CONTENT),
    "ban_register_pdf": (lambda s: "/staff/bans/print/", SCHOOL_CONTENT),
    "approvals": (lambda s: "/staff/approvals/", HEAD_LIST),
    "case_detail": (lambda s: case_at(s).get_absolute_url(), CONTENT),
    "case_viewers": (lambda s: f"/staff/cases/{case_at(s).reference}/viewers/", HEAD),
    "case_transition": (
        lambda s: f"/staff/cases/{case_at(s, Case.Status.REPORTED).reference}/do/triage/",
        WORK,
    ),
    "case_owner": (lambda s: f"/staff/cases/{case_at(s).reference}/owner/", WORK),
    "case_parent": (lambda s: f"/staff/cases/{case_at(s).reference}/parent/", WORK),
    "case_parent_details": (
        lambda s: (lambda c: f"/staff/cases/{c.reference}/parent/{c.parents.get().pk}/")(
            with_ban(s)[0]
        ),
        WORK,
    ),
    "case_categories": (lambda s: f"/staff/cases/{case_at(s).reference}/categories/", WORK),
    "case_merge": (lambda s: f"/staff/cases/{case_at(s).reference}/merge/", WORK),
    "case_note": (lambda s: f"/staff/cases/{case_at(s).reference}/note/", WORK),
    "case_evidence": (lambda s: f"/staff/cases/{case_at(s).reference}/evidence/", WORK),
    "case_message": (lambda s: f"/staff/cases/{case_at(s).reference}/message/", WORK),
    "case_conversation": (lambda s: f"/staff/cases/{case_at(s).reference}/conversation/", WORK),
    "case_meeting": (lambda s: f"/staff/cases/{case_at(s).reference}/meeting/", WORK),
    "case_meeting_outcome": (
        lambda s: (lambda m: f"/staff/cases/{m.case.reference}/meeting/{m.pk}/outcome/")(
            MeetingFactory(case__school=s)
        ),
        WORK,
    ),
    "case_moderation": (lambda s: f"/staff/cases/{case_at(s).reference}/moderation/", WORK),
    "case_moderation_answer": (
        lambda s: (lambda r: f"/staff/cases/{r.case.reference}/moderation/{r.pk}/answer/")(
            ModerationRequestFactory(case__school=s)
        ),
        WORK,
    ),
    "case_side_action": (
        lambda s: f"/staff/cases/{case_at(s).reference}/action/police/",
        WORK,
    ),
    "case_safeguarding_flag": (
        lambda s: f"/staff/cases/{case_at(s).reference}/safeguarding/flag/",
        WORK,
    ),
    "case_safeguarding_clear": (
        lambda s: f"/staff/cases/{case_at(s).reference}/safeguarding/clear/",
        DSL,
    ),
    "case_safeguarding_decision": (
        lambda s: f"/staff/cases/{case_at(s).reference}/safeguarding/decision/",
        DSL,
    ),
    "case_propose": (
        lambda s: f"/staff/cases/{case_at(s, Case.Status.SPEAKING_TO_PARENT).reference}/escalate/",
        WORK,
    ),
    "case_site_ban": (
        lambda s: f"/staff/cases/{with_ban(s)[0].reference}/site-ban/",
        HEAD,
    ),
    "case_ban_representations": (
        lambda s: (lambda c, b: f"/staff/cases/{c.reference}/site-ban/{b.pk}/representations/")(
            *with_ban(s)
        ),
        WORK,
    ),
    "case_ban_decision": (
        lambda s: (lambda c, b: f"/staff/cases/{c.reference}/site-ban/{b.pk}/decision/")(
            *with_ban(s)
        ),
        HEAD,
    ),
    "case_ban_correct": (
        lambda s: (lambda c, b: f"/staff/cases/{c.reference}/site-ban/{b.pk}/correct/")(
            *with_ban(s)
        ),
        HEAD,
    ),
    "case_ban_withdraw": (
        lambda s: (lambda c, b: f"/staff/cases/{c.reference}/site-ban/{b.pk}/withdraw/")(
            *with_ban(s)
        ),
        HEAD,
    ),
    "case_ban_review": (
        lambda s: (lambda c, b: f"/staff/cases/{c.reference}/site-ban/{b.pk}/review/")(
            *with_ban(s)
        ),
        HEAD,
    ),
    "decide_escalation": (
        lambda s: f"/staff/approvals/{EscalationRequestFactory(case__school=s).pk}/",
        HEAD,
    ),
    "letters:failed_jobs": (lambda s: "/staff/letters/failed/", HEAD_LIST),
    "letters:retry_job": (
        lambda s: f"/staff/letters/failed/notification/{NotificationFactory(school=s).pk}/retry/",
        {"slt": 403, "head": 405, "bursar": 403, "other_head": 405},  # POST only
    ),
    "letters:new": (lambda s: f"/staff/letters/new/{case_at(s).reference}/", WORK),
    "letters:detail": (lambda s: f"/staff/letters/{letter(s).pk}/", CONTENT),
    "letters:preview": (lambda s: f"/staff/letters/{letter(s).pk}/preview/", CONTENT),
    "letters:pdf": (
        lambda s: f"/staff/letters/{letter(s, Letter.Status.APPROVED, rendered=True).pk}/pdf/",
        CONTENT,
    ),
    "letters:edit": (lambda s: f"/staff/letters/{letter(s).pk}/edit/", WORK),
    "letters:approve": (lambda s: f"/staff/letters/{letter(s).pk}/approve/", HEAD),
    "letters:cancel": (lambda s: f"/staff/letters/{letter(s).pk}/cancel/", WORK),
    "letters:request_approval": (
        lambda s: f"/staff/letters/{letter(s).pk}/request-approval/",
        WORK,
    ),
    "letters:retry": (lambda s: f"/staff/letters/{letter(s).pk}/retry/", WORK),
    "letters:send": (lambda s: f"/staff/letters/{letter(s).pk}/send/", WORK),
    "exports:form": (lambda s: "/staff/exports/", EXPORT_FORM),
    "exports:history": (lambda s: "/staff/exports/history/", HEAD_LIST),
    "exports:job": (lambda s: f"/staff/exports/jobs/{export_job(s)}/", EXPORT),
    "exports:job_status": (lambda s: f"/staff/exports/jobs/{export_job(s)}/status/", EXPORT),
    "exports:job_download": (
        lambda s: f"/staff/exports/jobs/{export_job(s, ready=True)}/download/",
        EXPORT,
    ),
    "exports:disclosure_new": (
        lambda s: f"/staff/exports/disclosures/new/{case_at(s).reference}/",
        WORK,
    ),
    "exports:disclosure": (lambda s: f"/staff/exports/disclosures/{disclosure(s)}/", WORK),
    "exports:disclosure_confirm": (
        lambda s: f"/staff/exports/disclosures/{disclosure(s)}/confirm/",
        PREPARE_POST,
    ),
    "exports:disclosure_produce": (
        lambda s: f"/staff/exports/disclosures/{disclosure(s)}/produce/",
        HEAD_POST,
    ),
    "exports:redaction_remove": (
        lambda s: (
            lambda r: (
                f"/staff/exports/disclosures/{r.disclosure.public_id}/redactions/{r.pk}/remove/"
            )
        )(RedactionFactory(disclosure__case__school=s)),
        PREPARE_POST,
    ),
    "exports:bundle": (lambda s: f"/staff/exports/bundles/{bundle(s)}/", HEAD),
    "exports:bundle_status": (lambda s: f"/staff/exports/bundles/{bundle(s)}/status/", HEAD),
    "exports:bundle_download": (
        lambda s: f"/staff/exports/bundles/{bundle(s, ready=True)}/download/",
        HEAD,
    ),
    "retention:list": (lambda s: "/staff/retention/", HEAD_LIST),
    # POST only: a GET goes back to the list.
    "retention:dispose": (
        lambda s: "/staff/retention/dispose/",
        {"slt": 403, "head": 302, "bursar": 403, "other_head": 302},
    ),
    "retention:hold": (lambda s: f"/staff/retention/cases/{case_at(s).reference}/hold/", HEAD),
    "retention:extend": (
        lambda s: f"/staff/retention/cases/{case_at(s).reference}/extend/",
        HEAD,
    ),
    "retention:records": (lambda s: "/staff/retention/records/", HEAD_LIST),
    "retention:certificate": (
        lambda s: f"/staff/retention/records/{DisposalRecordFactory(school=s).pk}/",
        HEAD,
    ),
    "sar:list": (lambda s: "/staff/sar/", SCHOOL_CONTENT),
    "sar:new": (lambda s: "/staff/sar/new/", SCHOOL_CONTENT),
    "sar:detail": (lambda s: f"/staff/sar/{SubjectAccessRequestFactory(school=s).pk}/", WORK),
    # POST only.
    "sar:search": (
        lambda s: f"/staff/sar/{SubjectAccessRequestFactory(school=s).pk}/search/",
        {"slt": 405, "head": 405, "bursar": 403, "other_head": 405},
    ),
    "sar:decide": (
        lambda s: (lambda m: f"/staff/sar/{m.request_id}/matches/{m.pk}/")(
            SarMatchFactory(request__school=s)
        ),
        {"slt": 405, "head": 405, "bursar": 403, "other_head": 405},
    ),
    "sar:disclosure": (
        lambda s: (lambda m: f"/staff/sar/{m.request_id}/matches/{m.pk}/disclosure/")(
            SarMatchFactory(request__school=s)
        ),
        {"slt": 405, "head": 405, "bursar": 403, "other_head": 405},
    ),
    # Why nothing of a case is disclosed: the form.
    "sar:nothing": (
        lambda s: (lambda m: f"/staff/sar/{m.request_id}/matches/{m.pk}/nothing/")(
            SarMatchFactory(request__school=s)
        ),
        WORK,
    ),
    "sar:extend": (
        lambda s: f"/staff/sar/{SubjectAccessRequestFactory(school=s).pk}/extend/",
        HEAD,
    ),
    # Marking a request sent: the confirmation page.
    "sar:transition": (
        lambda s: f"/staff/sar/{SubjectAccessRequestFactory(school=s).pk}/do/mark_sent/",
        HEAD,
    ),
    "reports:school": (lambda s: "/staff/reports/", HEAD_LIST),
    "reports:school_pdf": (lambda s: "/staff/reports/report.pdf", HEAD_LIST),
    "reports:school_csv": (lambda s: "/staff/reports/report.csv", HEAD_LIST),
    "reports:trust": (lambda s: "/staff/reports/trust/", NO_SCHOOL_ROLE),
    "reports:trust_pdf": (lambda s: "/staff/reports/trust/report.pdf", NO_SCHOOL_ROLE),
    "reports:trust_csv": (lambda s: "/staff/reports/trust/report.csv", NO_SCHOOL_ROLE),
    "evidence_file": (
        lambda s: f"/staff/evidence/{EvidenceFactory(case__school=s).public_id}/",
        EVIDENCE,
    ),
    "evidence_thumbnail": (
        lambda s: f"/staff/evidence/{EvidenceFactory(case__school=s).public_id}/thumbnail/",
        EVIDENCE,
    ),
}


def staff_url_names():
    """Every named URL under /staff/: the staff, letters and exports namespaces."""
    names = set()
    for namespace in ("staff", "letters", "exports", "records", "retention", "sar", "reports"):
        prefix, resolver = get_resolver().namespace_dict[namespace]
        assert prefix.startswith("staff/")
        prefix_name = "" if namespace == "staff" else f"{namespace}:"
        names |= {prefix_name + pattern.name for pattern in resolver.url_patterns}
    return names


def test_every_staff_url_has_a_permission_test():
    assert staff_url_names() - set(PAGES) == set()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_anonymous_visitors_are_sent_to_sign_in(client, school, name):
    path = PAGES[name][0](school)
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", ["slt", "head", "bursar", "other_head"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_staff_url_answers_each_role_as_the_spec_says(client, school, request, name, role):
    make_path, expected = PAGES[name]
    path = make_path(school)
    client.force_login(request.getfixturevalue(role))
    assert client.get(path).status_code == expected[role]


# A trust lead sees the trust's report and nothing of any case: every other staff page refuses
# them, even for a case of a school in their trust; the staff home sends them to the report.
TRUST_LEAD_ALLOWED = {"reports:trust": 200, "reports:trust_pdf": 200, "reports:trust_csv": 200}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_trust_lead_opens_nothing_but_the_trust_report(client, school, name):
    trust_lead = TrustMembershipFactory(user__username="trust-lead").user
    school.trust = trust_lead.trust_memberships.get().trust
    school.save()
    client.force_login(trust_lead)
    response = client.get(PAGES[name][0](school))
    if name == "dashboard":
        assert response.status_code == 302 and response.url == "/staff/reports/trust/"
    else:
        assert response.status_code == TRUST_LEAD_ALLOWED.get(name, 403)
