from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from incidents.models import ReferenceCounter
from policies.models import School


def reference_next(*, school: School) -> str:
    """`<CODE>-<YEAR>-<NNNN>`, sequential per school and year, unique under concurrency.

    Must run inside the caller's transaction: the counter row stays locked until it commits.
    """
    year = timezone.localdate().year
    counter = ReferenceCounter.objects.filter(school=school, year=year)
    if not counter.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(school=school, year=year, last=1)
        except IntegrityError:  # another request created it first
            counter.update(last=F("last") + 1)
    number = counter.values_list("last", flat=True).get()
    return f"{school.reference_code}-{year}-{number:04d}"
