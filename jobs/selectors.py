from jobs.models import Job
from jobs.services import job_models


def failed_jobs(*, school_id: int, limit: int = 100) -> list[Job]:
    """The school's failed jobs of every kind, newest first: one query per kind."""
    rows = []
    for model in job_models():
        failed = model.objects.filter(status=Job.Status.FAILED, **{model.school_path: school_id})
        rows += failed.select_related(*model.related).order_by("-created_at")[:limit]
    return sorted(rows, key=lambda job: job.created_at, reverse=True)[:limit]
