import datetime
import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from exports.models import CaseBundle, ExportJob, ExportRecord
from exports.services import exports as export_services
from exports.services.exports import export_job_run
from exports.tasks import delete_expired_exports
from jobs.tasks import sweep_jobs
from tests.exports.conftest import full_case, plain_cases, xlsx_rows
from tests.factories import CaseBundleFactory, ExportJobFactory


def download(client, job) -> bytes:
    response = client.get(f"/staff/exports/jobs/{job.public_id}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_xlsx_export_runs_as_a_job_and_reads_back_as_the_cases(
    client, school, bursar, django_capture_on_commit_callbacks
):
    case = full_case(school)
    others = plain_cases(school, 2)
    client.force_login(bursar)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/exports/", {"format": "xlsx", "state": ""})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/staff/exports/jobs/{job.public_id}/"
    assert (job.status, job.done, job.total, job.format) == ("done", 3, 3, "xlsx")
    response = client.get(f"/staff/exports/jobs/{job.public_id}/download/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = xlsx_rows(b"".join(response.streaming_content))
    assert [r["Reference"] for r in rows] == [case.reference] + [c.reference for c in others]
    first = rows[0]
    assert first["State"] == "Site ban" and first["Site-ban status"] == "Confirmed"
    assert first["Breach categories"] == "Abusive or personal comments; Threatening behaviour"
    assert (first["Reports"], first["Evidence files"], first["Letters"]) == (2, 0, 1)
    assert first["Opened"].date() == datetime.date(2026, 1, 12)
    assert first["Warning letter on"].date() == datetime.date(2026, 1, 20)
    assert first["Meeting on"] is None
    assert rows[1]["State"] == "Warning letter" and rows[1]["Reports"] == 1
    record = ExportRecord.objects.get()
    assert (record.job, record.format, record.row_count, record.role) == (job, "xlsx", 3, "bursar")


def test_large_csv_goes_to_a_job_with_progress(
    client, school, bursar, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_MAX_ROWS = 4
    settings.EXPORT_CHUNK_SIZE = 2
    plain_cases(school, 5)
    seen = []
    real_write = export_services.csv_write

    def recording_write(chunks, path, progress):
        def recording(rows):
            progress(rows)
            seen.append(ExportJob.objects.get().done)

        real_write(chunks, path, recording)

    monkeypatch.setattr(export_services, "csv_write", recording_write)
    client.force_login(bursar)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/staff/exports/", {"format": "csv"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert seen == [2, 4, 5]
    status = json.loads(client.get(f"/staff/exports/jobs/{job.public_id}/status/").content)
    assert status == {
        "status": "done",
        "label": "Done",
        "done": 5,
        "total": 5,
        "percent": 100,
        "finished": True,
    }
    text = download(client, job).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 6
    assert ExportRecord.objects.get().row_count == 5


def test_a_small_csv_still_streams(client, school, bursar, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 5
    plain_cases(school, 5)
    client.force_login(bursar)
    response = client.post("/staff/exports/", {"format": "csv"})
    assert response.status_code == 200 and response.streaming
    assert not ExportJob.objects.exists()


def test_job_page_shows_a_progress_bar_that_updates_without_inline_script(client, school, bursar):
    job = ExportJobFactory(school=school, requested_by=bursar, status="running", total=10, done=4)
    client.force_login(bursar)
    page = client.get(f"/staff/exports/jobs/{job.public_id}/").content.decode()
    assert '<progress class="w-100" id="export-progress" max="100" value="40">' in page
    assert f'data-export-status="/staff/exports/jobs/{job.public_id}/status/"' in page
    assert "/static/js/exports.js" in page
    assert '<meta http-equiv="refresh" content="5">' in page  # without JavaScript
    assert "<script>" not in page


def test_download_works_for_the_owning_school_only(
    client, school, bursar, head, other_head, other_school, django_capture_on_commit_callbacks
):
    from policies.models import Membership
    from tests.factories import MembershipFactory

    other_bursar = MembershipFactory(
        school=other_school, role=Membership.Role.BURSAR, user__username="elm-bursar"
    ).user
    plain_cases(school, 2)
    client.force_login(bursar)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/exports/", {"format": "xlsx"})
    job = ExportJob.objects.get()
    client.force_login(head)  # the headteacher of the same school may download it too
    assert len(xlsx_rows(download(client, job))) == 2
    for outsider in (other_bursar, other_head):
        client.force_login(outsider)
        for suffix in ("", "status/", "download/"):
            assert client.get(f"/staff/exports/jobs/{job.public_id}/{suffix}").status_code == 404
    assert ExportRecord.objects.count() == 1


def test_a_job_runs_once_however_often_it_is_queued(school, bursar):
    plain_cases(school, 2)
    job = ExportJobFactory(school=school, requested_by=bursar, upto_case_id=10**9, total=2)
    assert export_job_run(job_id=job.pk) is True
    assert export_job_run(job_id=job.pk) is False
    job.refresh_from_db()
    assert job.status == "done" and job.done == 2 and job.attempts == 1
    assert len(default_storage.listdir(f"exports/{school.pk}")[1]) == 1


def test_expired_export_files_are_deleted(client, school, bursar):
    past = timezone.now() - datetime.timedelta(minutes=1)
    old = ExportJobFactory(
        school=school,
        requested_by=bursar,
        status=ExportJob.Status.DONE,
        file=ContentFile(b"Reference\r\n", name="old.csv"),
        expires_at=past,
    )
    fresh = ExportJobFactory(
        school=school,
        requested_by=bursar,
        status=ExportJob.Status.DONE,
        file=ContentFile(b"Reference\r\n", name="fresh.csv"),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    bundle = CaseBundleFactory(
        case__school=school,
        status=CaseBundle.Status.DONE,
        pdf=ContentFile(b"%PDF-1.7", name="bundle.pdf"),
        expires_at=past,
    )
    old_name, bundle_name = old.file.name, bundle.pdf.name
    assert delete_expired_exports.delay().get() == 2
    old.refresh_from_db()
    fresh.refresh_from_db()
    bundle.refresh_from_db()
    assert (old.status, old.file.name) == (ExportJob.Status.EXPIRED, "")
    assert (bundle.status, bundle.pdf.name) == (CaseBundle.Status.EXPIRED, "")
    assert not default_storage.exists(old_name) and not default_storage.exists(bundle_name)
    assert fresh.status == ExportJob.Status.DONE and default_storage.exists(fresh.file.name)
    client.force_login(bursar)
    assert client.get(f"/staff/exports/jobs/{old.public_id}/download/").status_code == 404


def test_ready_job_expires_after_the_configured_retention(school, bursar, settings):
    settings.EXPORT_RETENTION_HOURS = 3
    job = ExportJobFactory(school=school, requested_by=bursar, upto_case_id=0)
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.expires_at - job.finished_at == datetime.timedelta(hours=3)


def test_sweep_queues_stuck_and_unqueued_jobs_again(school, bursar):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    stuck = ExportJobFactory(
        school=school,
        requested_by=bursar,
        status="running",
        created_at=long_ago,
        heartbeat_at=long_ago,
        attempts=1,
    )
    never_queued = ExportJobFactory(school=school, requested_by=bursar, created_at=long_ago)
    hopeless = ExportJobFactory(
        school=school, requested_by=bursar, status="running", heartbeat_at=long_ago, attempts=3
    )
    assert sweep_jobs.delay().get() == 2
    for job in (stuck, never_queued, hopeless):
        job.refresh_from_db()
    assert stuck.status == never_queued.status == "done"
    assert hopeless.status == "failed"
