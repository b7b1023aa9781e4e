import datetime
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from exports.models import CaseBundle, ExportJob
from exports.services.exports import export_job_run
from incidents.models import CaseEvent, Notification
from jobs.models import Job
from jobs.services import (
    job_beat,
    job_claim,
    job_finish,
    job_models,
    job_run,
    jobs_sweep,
    jobs_to_queue,
)
from letters.models import Letter, LetterEmail, LetterRender
from letters.services.delivery import letter_email_run
from tests.factories import (
    CaseBundleFactory,
    ExportJobFactory,
    LetterEmailFactory,
    LetterRenderFactory,
    NotificationFactory,
)

LONG_AGO = timezone.now() - datetime.timedelta(hours=1)


def test_the_sweep_covers_every_kind_of_job(school):
    factories = {
        Notification: lambda: NotificationFactory(case__school=school, school=school),
        LetterRender: lambda: LetterRenderFactory(letter__case__school=school),
        LetterEmail: lambda: LetterEmailFactory(letter__case__school=school),
        ExportJob: lambda: ExportJobFactory(school=school),
        CaseBundle: lambda: CaseBundleFactory(case__school=school),
    }
    assert set(job_models()) == set(factories)
    for model, make in factories.items():
        job = make()
        model.objects.filter(pk=job.pk).update(created_at=LONG_AGO)
        assert jobs_to_queue(model) == [job.pk], model


def test_a_redelivered_task_takes_over_a_job_whose_heartbeat_is_stale(school, bursar):
    job = ExportJobFactory(
        school=school, requested_by=bursar, status=Job.Status.RUNNING, attempts=1
    )
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    assert export_job_run(job_id=job.pk) is False  # its worker is alive: leave it alone
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=LONG_AGO)  # its worker died
    assert export_job_run(job_id=job.pk) is True
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)


def test_a_run_that_was_taken_over_can_neither_beat_nor_finish(school, bursar):
    job = ExportJobFactory(school=school, requested_by=bursar)
    first = job_claim(ExportJob, job_id=job.pk)
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=LONG_AGO)
    second = job_claim(ExportJob, job_id=job.pk)
    assert second.attempts == 2
    assert job_finish(first) is False
    with pytest.raises(Exception, match="taken over"):
        job_beat(first)
    assert job_finish(second) is True


def test_a_stuck_job_past_the_attempt_cap_is_failed_not_retried(school, bursar):
    job = ExportJobFactory(school=school, requested_by=bursar, status=Job.Status.RUNNING)
    ExportJob.objects.filter(pk=job.pk).update(attempts=3, heartbeat_at=LONG_AGO)
    assert job_claim(ExportJob, job_id=job.pk) is None
    assert jobs_to_queue(ExportJob) == []
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "worker stopped" in job.last_error


@pytest.mark.django_db(transaction=True)
def test_a_long_running_job_keeps_its_heartbeat_fresh(school, bursar, settings):
    settings.JOB_STALE_SECONDS = 0.4  # a beat every 0.1 s
    job = ExportJobFactory(school=school, requested_by=bursar)
    beats = []

    def work(claimed):
        for _ in range(3):
            time.sleep(0.25)
            beats.append(ExportJob.objects.values_list("heartbeat_at", flat=True).get(pk=job.pk))
        return job_finish(claimed)

    assert job_run(ExportJob, job.pk, work) is True
    assert beats == sorted(set(beats)) and len(beats) == 3  # it moved on every look


def test_a_resent_email_carries_the_same_message_id(school, settings):
    settings.SWEEP_GRACE_SECONDS = 0
    notification = NotificationFactory(case__school=school, school=school)
    assert jobs_sweep() == 1
    # a worker killed after the mail server accepted it and before the row was marked sent
    Notification.objects.filter(pk=notification.pk).update(
        status=Job.Status.RUNNING, heartbeat_at=LONG_AGO, attempts=1
    )
    assert jobs_sweep() == 1
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]


def test_a_letter_email_that_keeps_failing_is_listed_with_a_retry_that_sends_it(
    client, school, head, django_capture_on_commit_callbacks
):
    job = LetterEmailFactory(letter__case__school=school)
    pdf = storages["private"].save("letters/x.pdf", ContentFile(b"%PDF-1.7 the letter"))
    LetterRenderFactory(letter=job.letter, status=Job.Status.DONE, pdf=pdf)
    with mock.patch("letters.services.delivery.EmailMessage.send", side_effect=OSError("down")):
        for _ in range(3):
            with pytest.raises(OSError):
                letter_email_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.FAILED, 3)
    assert CaseEvent.objects.filter(text__startswith="E-mail failed").count() == 1
    client.force_login(head)
    page = client.get("/staff/letters/failed/").content.decode()
    assert f"E-mail of {job.letter.title} to {job.letter.recipient_email}" in page
    assert f"/staff/letters/failed/letteremail/{job.pk}/retry/" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/failed/letteremail/{job.pk}/retry/")
    job.letter.refresh_from_db()
    assert job.letter.status == Letter.Status.SENT and len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][1] == b"%PDF-1.7 the letter"


def test_failed_exports_and_bundles_are_listed_for_the_head_with_a_retry(
    client, school, head, bursar, django_capture_on_commit_callbacks
):
    export = ExportJobFactory(school=school, requested_by=bursar, status=Job.Status.FAILED)
    bundle = CaseBundleFactory(case__school=school, requested_by=head, status=Job.Status.FAILED)
    elsewhere = ExportJobFactory(status=Job.Status.FAILED)
    client.force_login(head)
    page = client.get("/staff/letters/failed/").content.decode()
    assert f"/failed/exportjob/{export.pk}/retry/" in page
    assert f"/failed/casebundle/{bundle.pk}/retry/" in page
    assert f"/failed/exportjob/{elsewhere.pk}/retry/" not in page
    client.post(f"/staff/letters/failed/exportjob/{elsewhere.pk}/retry/")
    elsewhere.refresh_from_db()
    assert elsewhere.status == Job.Status.FAILED  # another school's job is not reachable
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/failed/exportjob/{export.pk}/retry/")
    export.refresh_from_db()
    assert export.status == Job.Status.DONE


def test_a_letter_whose_email_is_queued_says_so_instead_of_offering_to_send_again(
    client, school, head
):
    job = LetterEmailFactory(letter__case__school=school)
    LetterRenderFactory(letter=job.letter, status=Job.Status.DONE)
    client.force_login(head)
    page = client.get(f"/staff/letters/{job.letter.pk}/").content.decode()
    assert f"The e-mail to {job.letter.recipient_email} is queued" in page
    assert f'action="/staff/letters/{job.letter.pk}/send/"' not in page
