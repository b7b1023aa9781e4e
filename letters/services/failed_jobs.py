"""The headteacher's retry of any failed background job of their school (the failed-jobs page)."""

from django.contrib.auth.models import User
from django.db import transaction

from incidents.services.errors import NotNow, NotPermitted
from jobs.models import Job
from jobs.services import job_models, job_retry
from policies.permissions import Action, can


@transaction.atomic
def failed_job_retry(*, kind: str, job_id: int, school_id: int, by: User) -> Job:
    if not can(by, school_id, Action.DECIDE):
        raise NotPermitted("Only the headteacher can retry failed jobs.")
    model = {m._meta.model_name: m for m in job_models()}.get(kind)
    job = model and model.objects.filter(pk=job_id, **{model.school_path: school_id}).first()
    if job is None or not job_retry(job):
        raise NotNow("There is no failed job of that kind at this school.")
    return job
