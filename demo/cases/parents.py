"""The pool of invented parents each school has in the demo, shared by all the seeding."""

import random

from demo.cases.names import FIRST_NAMES, SURNAMES, YEAR_GROUPS
from demo.cases.write import BATCH
from incidents.models import Parent
from policies.models import School

DEMO_PARENTS = 20  # what plain `seed_demo` gives each school
PARENTS_PER_SCHOOL = 200  # what `seed_demo --cases N` tops the pool up to


def parents_seed(*, school: School, size: int = DEMO_PARENTS) -> int:
    """Top the school's parents up to `size` with invented ones; returns how many were added.

    Idempotent: a school that already has `size` parents gets none. The generator is seeded
    with the school and the number of parents it has, so the same pool grows the same way.
    """
    existing = Parent.objects.filter(school=school).count()
    rng = random.Random(f"parents-{school.slug}-{existing}")
    Parent.objects.bulk_create(
        [_parent_new(rng, school, n) for n in range(existing, size)],
        batch_size=BATCH,
    )
    return max(0, size - existing)


def parents_pool(school: School) -> list[tuple[int, str]]:
    """The school's parents (id, name), topped up with invented ones to PARENTS_PER_SCHOOL."""
    parents_seed(school=school, size=PARENTS_PER_SCHOOL)
    pool = Parent.objects.filter(school=school).order_by("pk").values_list("pk", "full_name")
    return list(pool[:1000])


def _parent_new(rng: random.Random, school: School, n: int) -> Parent:
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    street = f"{rng.randint(1, 120)} {rng.choice(SURNAMES)} {rng.choice(['Road', 'Close', 'Way'])}"
    return Parent(
        school=school,
        full_name=f"{first} {last}",
        email=f"{first}.{last}.{school.slug}-{n}@example.org".lower(),
        postal_address=f"{street}\n{school.name.split()[0]}town",
        year_groups=", ".join(sorted(rng.sample(YEAR_GROUPS, rng.choice([1, 1, 2])))),
    )
