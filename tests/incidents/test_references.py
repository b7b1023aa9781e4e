import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from incidents.services.references import reference_next
from tests.factories import SchoolFactory


@pytest.mark.django_db
def test_references_restart_per_school():
    a = SchoolFactory(reference_code="AA")
    b = SchoolFactory(reference_code="BB")
    year = timezone.localdate().year
    with transaction.atomic():
        assert reference_next(school=a) == f"AA-{year}-0001"
        assert reference_next(school=a) == f"AA-{year}-0002"
        assert reference_next(school=b) == f"BB-{year}-0001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_references_are_unique():
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database for real concurrent transactions (CI runs it)")
    school = SchoolFactory(reference_code="CC")
    results, errors = [], []
    barrier = threading.Barrier(8)

    def take():
        try:
            barrier.wait()
            with transaction.atomic():
                results.append(reference_next(school=school))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == len(set(results)) == 8
