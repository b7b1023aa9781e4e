"""The headteacher's dashboard counts what awaits her disposal review and links to it."""

from tests.factories import DueItemFactory, LegalHoldFactory


def test_the_head_sees_how_many_items_await_disposal_review(client, head, school):
    DueItemFactory(case__school=school)
    DueItemFactory(case__school=school)
    held = LegalHoldFactory(case__school=school, set_by=head)
    DueItemFactory(case=held.case, held=True)  # under a legal hold: nothing to approve
    DueItemFactory()  # another school's
    client.force_login(head)
    page = client.get("/staff/").content.decode()
    assert "<strong>2</strong> items past their retention date await your disposal review" in page
    assert 'href="/staff/retention/">Review what is due' in page


def test_the_count_says_when_nothing_awaits(client, head):
    client.force_login(head)
    assert "Nothing awaits disposal review" in client.get("/staff/").content.decode()


def test_slt_and_the_bursar_have_no_retention_panel(client, slt, bursar, school):
    DueItemFactory(case__school=school)
    for user in (slt, bursar):
        client.force_login(user)
        page = client.get("/staff/").content.decode()
        assert "disposal review" not in page and "/staff/retention/" not in page
