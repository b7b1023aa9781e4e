"""The claim-a-row pattern shared by every background job (e-mails, PDFs, exports, bundles).

A task claims a row by moving it from pending to a working status with a conditional UPDATE.
A worker that dies leaves the row in the working status; the sweep gives such rows back to
pending once they are older than the stale limit, or marks them failed past the attempt cap.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def stale_claims_release(
    model, *, working: str, stale_seconds: int, max_attempts: int, now=None
) -> None:
    """Rows claimed longer ago than `stale_seconds`: failed past the cap, else pending."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=stale_seconds)
    stuck = model.objects.filter(status=working, claimed_at__lt=stale)
    stuck.filter(attempts__gte=max_attempts).update(status=model.Status.FAILED)
    stuck.update(status=model.Status.PENDING)


def pending_to_queue(model, *, now=None, limit: int = 200, **conditions) -> list[int]:
    """Pending rows older than the grace period (so a fresh row's own task runs first)."""
    now = now or timezone.now()
    grace = now - datetime.timedelta(seconds=settings.SWEEP_GRACE_SECONDS)
    return list(
        model.objects.filter(status=model.Status.PENDING, created_at__lt=grace, **conditions)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )
