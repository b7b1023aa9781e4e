import re

import pytest
from django.core.management import call_command
from django.utils.html import escape

from policies.models import BreachCategory
from tests.factories import UserFactory


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_home_lists_every_school(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    for name in ("Joy Lane Primary School", "St John's Priory School"):
        assert escape(name) in response.content.decode()


def test_code_of_conduct_shows_its_own_categories_and_none_of_another_schools(client, seeded):
    response = client.get("/s/grove/code-of-conduct/")
    assert response.status_code == 200
    page = response.content.decode()
    listed = re.search(r'<ul class="code-list" id="breach-categories">(.*?)</ul>', page, re.S)
    items = re.findall(r"<li>(.*?)</li>", listed.group(1))
    own = [escape(c.name) for c in BreachCategory.objects.filter(code__school__slug="grove")]
    others = {
        escape(c.name) for c in BreachCategory.objects.exclude(code__school__slug="grove")
    } - set(own)
    assert items == own
    assert len(own) == 9
    assert not others & set(items)
    assert "Executive Head Teacher" in page


def test_st_johns_code_shows_its_review_date_and_cautionary_notice(client, seeded):
    page = client.get("/s/st-johns-priory/code-of-conduct/").content.decode()
    assert "September 2025" in page
    assert "cautionary notice" in page.lower()


def test_unknown_school_is_404(client, db):
    assert client.get("/s/nowhere/code-of-conduct/").status_code == 404


def test_staff_page_redirects_anonymous_to_login(client, db):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_user_without_membership_gets_403_on_staff(client, db):
    client.force_login(UserFactory())
    response = client.get("/staff/")
    assert response.status_code == 403
    assert "not a member of any school" in response.content.decode()


def test_staff_member_sees_own_school_dashboard(client, slt, school):
    client.force_login(slt)
    response = client.get("/staff/")
    assert response.status_code == 200
    assert school.name in response.content.decode()


def test_login_page_has_labelled_fields(client, db):
    page = client.get("/accounts/login/").content.decode()
    labels = re.findall(r'<label\s+for="(id_\w+)"', page)
    assert labels == ["id_username", "id_password"]
