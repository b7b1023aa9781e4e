import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from policies.models import BreachCategory, CodeOfConduct, Membership, MessagingGroup, School
from policies.seed_data import SCHOOLS


def snapshot():
    return {
        model.__name__: sorted(map(repr, model.objects.values()))
        for model in (School, CodeOfConduct, BreachCategory, MessagingGroup, Membership)
    } | {"users": sorted(get_user_model().objects.values_list("username", "password"))}


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first
    assert School.objects.count() == len(SCHOOLS) == 5


@pytest.mark.django_db
def test_seed_demo_loads_every_breach_category_of_every_school():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for data in SCHOOLS:
        loaded = list(
            BreachCategory.objects.filter(code__school__slug=data["slug"]).values_list(
                "name", flat=True
            )
        )
        assert loaded == [c["name"] for c in data["code"]["breach_categories"]]
    grove = BreachCategory.objects.filter(code__school__slug="grove")
    assert grove.filter(name__icontains="voice notes").exists()


@pytest.mark.django_db
def test_seed_demo_creates_one_user_per_role_and_a_dsl_per_school(settings):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    head = get_user_model().objects.get(username="joy-lane-head")
    assert head.check_password(settings.DEMO_PASSWORD)
    assert head.memberships.get().role == Membership.Role.HEADTEACHER
    assert Membership.objects.count() == 4 * len(SCHOOLS)
    leads = Membership.objects.filter(safeguarding_lead=Membership.SafeguardingLead.DSL)
    assert sorted(m.school.slug for m in leads) == sorted(data["slug"] for data in SCHOOLS)


def test_seed_data_has_no_real_email_addresses():
    import re
    from pathlib import Path

    import policies.seed_data

    folder = Path(policies.seed_data.__file__).parent
    text = "\n".join(path.read_text() for path in folder.glob("*.py"))
    addresses = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    assert addresses and all(a.endswith("example.org") for a in addresses)
