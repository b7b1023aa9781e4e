"""The case list's rows and filters show each case and each choice, escaped."""

import datetime

from django.utils import timezone

from incidents.models import Case
from tests.factories import BreachCategoryFactory, CaseFactory, MessagingGroupFactory, UserFactory


def test_a_row_shows_the_case_with_every_value_escaped(client, head, school):
    owner = UserFactory(first_name="<b>Sam</b>", last_name="Leader")
    group = MessagingGroupFactory(school=school, name="Year 2 & friends")
    opened = timezone.make_aware(datetime.datetime(2026, 6, 30, 23, 30))  # 30 June, local time
    case = CaseFactory(
        school=school,
        owner=owner,
        group=group,
        safeguarding=True,
        opened_at=opened,
        status=Case.Status.MEETING,
    )
    client.force_login(head)
    page = client.get("/staff/cases/").content.decode()

    assert f'<a href="{case.get_absolute_url()}">{case.reference}</a>' in page
    assert "Safeguarding</span>" in page
    assert "&lt;b&gt;Sam&lt;/b&gt; Leader" in page and "<b>Sam</b>" not in page
    assert "Year 2 &amp; friends" in page
    assert "<td>30 Jun 2026</td><td>Meeting</td>" in page


def test_an_unowned_case_without_a_group(client, head, school):
    CaseFactory(school=school, owner=None, group=None)
    client.force_login(head)
    page = client.get("/staff/cases/").content.decode()
    assert "<td>—</td><td>Unassigned</td>" in page


def test_filter_selects_keep_the_choice_and_escape_labels(client, head, school):
    category = BreachCategoryFactory(code=school.codes.first(), name='Rude <em>"remarks"</em>')
    client.force_login(head)
    page = client.get(f"/staff/cases/?status=meeting&category={category.pk}").content.decode()
    assert '<option value="meeting" selected>Meeting</option>' in page
    assert (
        f'<option value="{category.pk}" selected>Rude &lt;em&gt;&quot;remarks&quot;&lt;/em&gt;'
        in page
    )
    assert '<label class="form-label" for="id_status">State</label>' in page


def test_search_and_dates_are_kept_and_escaped(client, head, school):
    client.force_login(head)
    page = client.get(
        "/staff/cases/", {"q": '"><script>alert(1)</script>', "opened_from": "2026-01-05"}
    ).content.decode()
    assert "<script>alert(1)" not in page
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert '<input type="date" name="opened_from" value="2026-01-05" class="form-control"' in page
    assert 'aria-describedby="id_q_helptext"' in page
