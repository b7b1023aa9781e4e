"""The case most letter tests start from: speaking to one parent, with a rule breached."""

import pytest

from incidents.models import Case
from tests.factories import (
    CaseFactory,
    ParentFactory,
)


@pytest.fixture
def case(school):
    case = CaseFactory(school=school, status=Case.Status.SPEAKING_TO_PARENT)
    case.parents.add(
        ParentFactory(
            school=school,
            full_name="Robin Example",
            email="robin@example.org",
            postal_address="1 Example Road\nExampleton\nZZ1 1AA",
        )
    )
    case.breach_categories.add(school.codes.get().breach_categories.get(key="abusive-comments"))
    return case
