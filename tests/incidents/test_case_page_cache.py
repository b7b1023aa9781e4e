"""The case page is cached under the case's stamp: the database raises the stamp on every change
to what the page shows, including changes that bypass the ORM's signals, so a cached page is
never shown after a change."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AccessEvent
from incidents import casestamp
from incidents.models import Case, CaseEvent, CaseStamp, Report, SafeguardingAlert
from letters.models import Letter, LetterRender
from policies.models import Membership
from tests.factories import (
    BreachCategoryFactory,
    CaseBundleFactory,
    CaseEventFactory,
    CaseFactory,
    CaseStampFactory,
    EscalationRequestFactory,
    EvidenceFactory,
    LetterFactory,
    LetterRenderFactory,
    MeetingFactory,
    ModerationRequestFactory,
    ParentFactory,
    ReportFactory,
    SafeguardingAlertFactory,
    SiteBanFactory,
)


def stamp(case) -> int:
    return CaseStamp.objects.filter(case_id=case.pk).values_list("version", flat=True).first() or 0


@pytest.fixture
def case(school):
    return CaseFactory(school=school, status=Case.Status.WARNING_LETTER)


# Each change the page would show, made in a way that fires no Django signal where possible.
CHANGES = {
    "case row updated": lambda c: Case.objects.filter(pk=c.pk).update(safeguarding=True),
    "report added": lambda c: ReportFactory(case=c, school=c.school),
    "report text corrected": lambda c: Report.objects.filter(
        pk=ReportFactory(case=c, school=c.school).pk
    ).update(description="x"),
    "report category": lambda c: ReportFactory(case=c, school=c.school).categories.add(
        BreachCategoryFactory()
    ),
    "evidence added": lambda c: EvidenceFactory(case=c),
    "chronology": lambda c: CaseEventFactory(case=c, kind=CaseEvent.Kind.NOTE),
    "escalation proposed": lambda c: EscalationRequestFactory(case=c),
    "meeting": lambda c: MeetingFactory(case=c),
    "moderator asked": lambda c: ModerationRequestFactory(case=c),
    "site ban": lambda c: SiteBanFactory(case=c, school=c.school),
    "site-ban rule": lambda c: SiteBanFactory(case=c, school=c.school).rules_breached.add(
        BreachCategoryFactory()
    ),
    "parent linked": lambda c: c.parents.add(ParentFactory(school=c.school)),
    "category set": lambda c: c.breach_categories.add(BreachCategoryFactory()),
    "letter drafted": lambda c: LetterFactory(case=c),
    "letter status": lambda c: Letter.objects.filter(pk=LetterFactory(case=c).pk).update(
        title="Changed"
    ),
    "pdf finished": lambda c: LetterRender.objects.filter(
        pk=LetterRenderFactory(letter=LetterFactory(case=c)).pk
    ).update(status=LetterRender.Status.DONE),
    "bundle requested": lambda c: CaseBundleFactory(case=c),
    "safeguarding alert raised": lambda c: SafeguardingAlertFactory(case=c),
    "safeguarding decision": lambda c: SafeguardingAlert.objects.filter(
        pk=SafeguardingAlertFactory(case=c).pk
    ).update(decision=SafeguardingAlert.Decision.NO_FURTHER_ACTION),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_the_page_shows_raises_the_stamp(case, change):
    before = stamp(case)
    CHANGES[change](case)
    assert stamp(case) > before


def test_deleting_a_row_raises_the_stamp(case):
    report = ReportFactory(case=case, school=case.school)
    before = stamp(case)
    Report.objects.filter(pk=report.pk).delete()
    assert stamp(case) > before


def test_a_report_moved_to_another_case_raises_both(school, case):
    other = CaseFactory(school=school)
    report = ReportFactory(case=case, school=school)
    before = stamp(case), stamp(other)
    Report.objects.filter(pk=report.pk).update(case=other)
    assert stamp(case) > before[0] and stamp(other) > before[1]


def test_merging_raises_the_target_and_its_merged_cases_events_too(school, case):
    merged = CaseFactory(school=school)
    before = stamp(case)
    Case.objects.filter(pk=merged.pk).update(merged_into=case)
    after_merge = stamp(case)
    assert after_merge > before
    CaseEventFactory(case=merged, kind=CaseEvent.Kind.NOTE)  # shows on the target's page
    assert stamp(case) > after_merge


def test_other_cases_keep_their_stamp(school, case):
    other = CaseFactory(school=school)
    CaseStampFactory(case_id=other.pk)
    ReportFactory(case=case, school=school)
    assert stamp(other) == 0


def test_a_change_made_without_the_orm_shows_on_the_next_view(client, head, school, case):
    """A worker marks the PDF ready with a bare UPDATE: the page, cached before, shows it."""
    letter = LetterFactory(case=case, title="Warning about the class group")
    render = LetterRenderFactory(letter=letter, status=LetterRender.Status.RUNNING)
    CaseEventFactory(case=case, kind=CaseEvent.Kind.LETTER)
    client.force_login(head)
    first = client.get(case.get_absolute_url()).content.decode()
    assert "generating…" in first
    with CaptureQueriesContext(connection) as queries:
        client.get(case.get_absolute_url())
    assert len(queries) == 5  # served from the cache

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE letters_letterrender SET status = %s WHERE id = %s",
            [LetterRender.Status.DONE, render.pk],
        )
    page = client.get(case.get_absolute_url()).content.decode()
    assert "generating…" not in page
    assert f"/letters/{letter.pk}/pdf/" in page


def test_each_person_and_role_gets_their_own_page(client, head, slt, school, case):
    """The head's cached page (with "Decide") is never shown to SLT."""
    EscalationRequestFactory(case=case, requested_by=slt)
    CaseEventFactory(case=case, kind=CaseEvent.Kind.ESCALATION_PROPOSED)
    client.force_login(head)
    assert ">Decide</a>" in client.get(case.get_absolute_url()).content.decode()
    client.force_login(slt)
    page = client.get(case.get_absolute_url()).content.decode()
    assert ">Decide</a>" not in page
    assert "Who has viewed this case" not in page


def test_being_marked_dsl_changes_the_page_at_once(client, slt, school):
    """The designation is not on the case, so it is in the key: a member of staff marked DSL
    is offered the decision on the next view, and loses it when the mark is taken off."""
    case = SafeguardingAlertFactory(case__school=school).case
    membership = Membership.objects.filter(user=slt, school=school)
    client.force_login(slt)

    def offered() -> bool:
        page = client.get(case.get_absolute_url()).content.decode()
        return "Record the safeguarding decision" in page

    assert not offered()
    membership.update(safeguarding_lead=Membership.SafeguardingLead.DSL)
    assert offered()
    membership.update(safeguarding_lead="")
    assert not offered()


def test_every_view_is_audited_cached_or_not(client, head, case):
    client.force_login(head)
    for _ in range(3):
        assert client.get(case.get_absolute_url()).status_code == 200
    views = AccessEvent.objects.filter(object_type="case", object_id=str(case.pk))
    assert views.count() == 3


def test_another_schools_case_is_still_404_after_it_was_cached(client, head, other_head, school):
    case = CaseFactory(school=school)
    client.force_login(head)
    assert client.get(case.get_absolute_url()).status_code == 200
    client.force_login(other_head)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_cached_view_costs_five_queries(client, head, case, django_assert_num_queries):
    """User, second-factor device, membership, the case with its stamp, the audit row."""
    client.force_login(head)
    client.get(case.get_absolute_url())
    with django_assert_num_queries(5):
        assert client.get(case.get_absolute_url()).status_code == 200


def test_cache_off_renders_every_time(client, head, case, settings):
    settings.CASE_PAGE_CACHE_SECONDS = 0
    client.force_login(head)
    client.get(case.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(case.get_absolute_url())
    assert len(queries) > 5


def test_the_day_is_part_of_the_key(client, head, case, monkeypatch):
    """Upcoming reminders and overdue marks depend on the day: tomorrow renders afresh."""
    client.force_login(head)
    client.get(case.get_absolute_url())
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    with CaptureQueriesContext(connection) as queries:
        client.get(case.get_absolute_url())
    assert len(queries) > 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement triggers")
def test_stamp_triggers_find_cases_by_key_without_reading_every_case(school, case):
    """Every write to a table the case page shows runs a trigger; it must look its cases up by
    primary key, or each write reads every case, a cost that grows with the school's history."""
    CaseFactory.create_batch(40, school=school)
    evidence = EvidenceFactory(case=case)
    merged = CaseFactory(school=school, merged_into=case)
    render = LetterRenderFactory(letter=LetterFactory(case=case))
    before = stamp(case)
    with connection.cursor() as cursor:
        # Plans made afresh, preferring an index wherever one can be used: whatever is still
        # read row by row is what the trigger's SQL leaves no other way to read.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("DISCARD PLANS")

        def cases_read() -> int:
            cursor.execute(
                "SELECT seq_tup_read + COALESCE(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables"
                " WHERE relname = 'incidents_case'"
            )
            return cursor.fetchone()[0]

        read = cases_read()
        type(evidence).objects.filter(pk=evidence.pk).update(original_name="renamed.jpg")
        CaseEventFactory(case=merged)  # raises the case it was merged into too
        Case.objects.filter(pk=case.pk).update(owner=None)
        LetterRender.objects.filter(pk=render.pk).update(attempts=2)
        assert cases_read() - read < 20  # a handful of lookups; 43 cases exist
    assert stamp(case) == before + 4


@pytest.mark.django_db
def test_every_stamped_table_has_its_triggers():
    """The migrations install a trigger for every table `incidents.casestamp` lists (a table
    rebuilt by a later SQLite migration loses its triggers: this is where that shows)."""
    if connection.vendor == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        installed = {row[0] for row in cursor.fetchall()}
    missing = {
        table: sorted(names - installed)
        for table, names in casestamp.trigger_names().items()
        if names - installed
    }
    assert missing == {}
