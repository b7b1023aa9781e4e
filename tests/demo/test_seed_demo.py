"""Plain `seed_demo`: demo parents and letter templates per school, and idempotence."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo.cases import DEMO_PARENTS, PARENTS_PER_SCHOOL
from incidents.models import Parent
from letters.models import LetterTemplate
from policies.models import BreachCategory, CodeOfConduct, Membership, MessagingGroup, School
from policies.seed_data import SCHOOLS

pytestmark = pytest.mark.django_db

MODELS = (
    School,
    CodeOfConduct,
    BreachCategory,
    MessagingGroup,
    Membership,
    Parent,
    LetterTemplate,
)


def seed(*args: str) -> None:
    call_command("seed_demo", *args, stdout=io.StringIO())


def snapshot() -> dict:
    return {model.__name__: sorted(map(repr, model.objects.values())) for model in MODELS} | {
        "users": sorted(get_user_model().objects.values_list("username", "password"))
    }


def test_a_second_plain_run_changes_nothing():
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first
    assert len(first["Parent"]) == DEMO_PARENTS * len(SCHOOLS)
    assert first["LetterTemplate"]


def test_each_school_gets_a_small_pool_of_invented_parents():
    seed()
    for school in School.objects.all():
        parents = list(Parent.objects.filter(school=school))
        assert len(parents) == DEMO_PARENTS
        assert all(p.full_name and p.postal_address for p in parents)
        assert all(p.email.endswith("@example.org") for p in parents)
        assert all(p.year_groups for p in parents)
        assert len({p.email for p in parents}) == DEMO_PARENTS


def test_each_school_gets_its_letter_templates():
    seed()
    counts = {school.pk: school.letter_templates.count() for school in School.objects.all()}
    assert len(counts) == len(SCHOOLS)
    assert len(set(counts.values())) == 1 and min(counts.values()) > 0


def test_cases_top_up_the_same_pool():
    seed()
    before = list(Parent.objects.order_by("pk").values_list("pk", "email"))
    seed("--cases", "10")
    after = list(Parent.objects.order_by("pk").values_list("pk", "email"))
    assert after[: len(before)] == before
    assert len(after) == PARENTS_PER_SCHOOL * len(SCHOOLS)
    assert len({email for _, email in after}) == len(after)
    seed()
    assert Parent.objects.count() == PARENTS_PER_SCHOOL * len(SCHOOLS)


def test_each_school_gets_a_designated_safeguarding_lead():
    seed()
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    for school in School.objects.all():
        lead = Membership.objects.get(
            school=school, safeguarding_lead=Membership.SafeguardingLead.DSL
        )
        assert lead.user.username == f"{school.slug}-dsl"
        assert lead.user.email == f"{school.slug}-dsl@example.org"
        assert lead.user.staff_profile.is_demo
        assert f"{school.slug}-dsl" in output.getvalue()
        # a DSL reads the cases: the designation is valid for the role
        lead.full_clean()


def test_demo_parents_can_be_written_to_and_schools_have_a_letterhead():
    seed()
    parents = list(Parent.objects.all())
    assert all(p.surname and p.full_name.endswith(p.surname) for p in parents)
    titled = [p for p in parents if p.title]
    assert len(titled) > len(parents) // 2
    assert {p.salutation for p in titled} == {f"{p.title} {p.surname}" for p in titled}
    assert any(not p.title for p in parents)  # the greeting by full name is shown too
    # a full address: street, town, postcode
    assert all(len(p.postal_address.splitlines()) == 3 for p in parents)
    for school in School.objects.all():
        assert school.address and school.logo and school.office_phone.startswith("01632 960")
        assert school.office_email.endswith(".example.org")
