"""Private files in a real S3 store (SeaweedFS, tests/storage/conftest.py), through the real
services and views: what a parent uploads, a letter's PDF, an export and a case bundle land in
the bucket, encrypted as deployed (vault), staff get the originals only through our views, and
nothing hands out a bucket address."""

import io
import urllib.error
import urllib.request

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone
from storages.backends.s3 import S3Storage

from exports.models import CaseBundle, ExportJob
from exports.services.bundles import bundle_request
from exports.services.exports import exports_expire
from incidents.models import Case, Evidence
from incidents.tokens import submission_key_new
from letters.models import LetterRender
from retention.models import RetentionRule, Series
from retention.services.due import due_list_refresh
from tests import imagefiles
from tests.exports.conftest import xlsx_rows
from tests.factories import EvidenceFactory, MessagingGroupFactory
from tests.letters.helpers import approve_escalation, pdf_text
from tests.retention.conftest import years_ago
from vault import stream
from vault.keys import data_key_unwrap
from vault.models import FileKey
from vault.storage import EncryptedStorage

PUBLIC_GRANTEES = ("AllUsers", "AuthenticatedUsers")
JPEG_MAGIC = b"\xff\xd8\xff"


def decrypted(name: str, data: bytes) -> bytes:
    """An object's bytes from the bucket, decrypted with its key row: what the storage holds
    under that name, read without it."""
    row = FileKey.objects.get(name=name)
    key = data_key_unwrap(row.wrapped_key, name=name, key_id=row.key_id)
    return stream.DecryptingReader(io.BytesIO(data), key, name).read()


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def concern_data(school, **overrides):
    group = MessagingGroupFactory(school=school)
    return {
        "reporter_name": "Pat Parent",
        "reporter_email": "pat@example.org",
        "reporter_phone": "",
        "group": str(group.pk),
        "other_group_name": "",
        "occurred_on": "2026-11-02",
        "occurred_at": "",
        "categories": [str(school.codes.get().breach_categories.first().pk)],
        "description": "Mr X posted that Miss Y is useless.",
        "person_concerned": "Mr X",
        "safeguarding": "no",
        "declaration": "on",
        "website": "",
        "submission_key": submission_key_new(),
        **overrides,
    }


def test_the_private_storage_is_the_s3_store_encrypted(s3_private):
    private = storages["private"]
    assert isinstance(private, EncryptedStorage) and isinstance(private.inner, S3Storage)
    assert storages["default"].inner.bucket_name == private.inner.bucket_name


def test_a_concerns_screenshot_goes_to_the_bucket_and_slt_open_it_through_the_view(
    client, school, slt, bursar, other_slt, stored
):
    # What each upload asks the store to label its object (SeaweedFS itself answers a HEAD with
    # a type guessed from the name when sent application/octet-stream; S3 keeps what was sent).
    labels = []
    storages["private"].inner.connection.meta.client.meta.events.register(
        "provide-client-params.s3.PutObject",
        lambda params, **_: labels.append(params.get("ContentType")),
    )
    response = client.post(
        f"/s/{school.slug}/concern/", concern_data(school, screenshots=[imagefiles.png()])
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    objects = stored()
    assert set(objects) == {evidence.file.name, evidence.thumbnail.name}
    # In the bucket neither the picture nor its thumbnail is a picture, nor labelled as one.
    for data in objects.values():
        assert data.startswith(stream.MAGIC)
        assert not data.startswith((imagefiles.PNG_SIGNATURE, JPEG_MAGIC))
    assert labels == ["application/octet-stream"] * 2

    client.force_login(slt)
    response = client.get(f"/staff/evidence/{evidence.public_id}/?download=1")
    picture = body(response)
    assert picture.startswith(imagefiles.PNG_SIGNATURE)
    assert picture == decrypted(evidence.file.name, objects[evidence.file.name])
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Cache-Control"] == "no-store, private"
    thumbnail = body(client.get(f"/staff/evidence/{evidence.public_id}/thumbnail/"))
    assert thumbnail.startswith((imagefiles.PNG_SIGNATURE, JPEG_MAGIC))
    assert thumbnail == decrypted(evidence.thumbnail.name, objects[evidence.thumbnail.name])

    client.force_login(bursar)
    assert client.get(f"/staff/evidence/{evidence.public_id}/").status_code == 403
    client.force_login(other_slt)
    assert client.get(f"/staff/evidence/{evidence.public_id}/").status_code == 404
    client.logout()
    assert client.get(f"/staff/evidence/{evidence.public_id}/").status_code == 302


def test_an_approved_letter_is_rendered_into_the_bucket_downloaded_and_e_mailed_from_it(
    client, case, slt, head, bursar, other_head, stored, django_capture_on_commit_callbacks
):
    letter = approve_escalation(case, slt, head)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/staff/letters/{letter.pk}/approve/").status_code == 302
    render = LetterRender.objects.get(letter=letter)
    assert render.status == LetterRender.Status.DONE
    objects = stored()
    assert list(objects) == [render.pdf.name]
    assert "Robin Example" in pdf_text(render)

    assert not objects[render.pdf.name].startswith(b"%PDF")
    response = client.get(f"/staff/letters/{letter.pk}/pdf/")
    pdf = body(response)
    assert pdf.startswith(b"%PDF") and pdf == decrypted(render.pdf.name, objects[render.pdf.name])
    assert response["Content-Disposition"] == (
        f'attachment; filename="{case.reference}-{letter.kind}.pdf"'
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/send/", {"delivery": "email"})
    [email] = mail.outbox
    assert email.attachments[0][1] == pdf

    client.force_login(bursar)
    assert client.get(f"/staff/letters/{letter.pk}/pdf/").status_code == 403
    client.force_login(other_head)
    assert client.get(f"/staff/letters/{letter.pk}/pdf/").status_code == 404


def test_an_export_is_stored_in_the_bucket_downloaded_and_deleted_when_it_expires(
    client, school, bursar, slt, other_head, case, stored, django_capture_on_commit_callbacks
):
    client.force_login(bursar)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/exports/", {"format": "xlsx"})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE
    objects = stored()
    assert list(objects) == [job.file.name]
    assert not objects[job.file.name].startswith(b"PK")  # an XLSX is a zip file

    response = client.get(f"/staff/exports/jobs/{job.public_id}/download/")
    data = body(response)
    assert data == decrypted(job.file.name, objects[job.file.name]) and job.size == len(data)
    assert [row["Reference"] for row in xlsx_rows(data)] == [case.reference]
    assert response["Content-Disposition"].startswith("attachment; filename=")
    client.force_login(slt)
    assert client.get(f"/staff/exports/jobs/{job.public_id}/download/").status_code == 403
    client.force_login(other_head)
    assert client.get(f"/staff/exports/jobs/{job.public_id}/download/").status_code == 404

    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    assert exports_expire() == 1
    assert stored() == {}


def test_a_case_bundle_reads_the_evidence_from_the_bucket_and_is_downloaded(
    client, case, head, stored, django_capture_on_commit_callbacks
):
    EvidenceFactory(case=case)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        bundle_request(
            case=case, by=head, purpose=CaseBundle.Purpose.values[0], include_reporter=False
        )
    bundle = CaseBundle.objects.get()
    assert bundle.status == CaseBundle.Status.DONE
    objects = stored()
    data = body(client.get(f"/staff/exports/bundles/{bundle.public_id}/download/"))
    assert data == decrypted(bundle.pdf.name, objects[bundle.pdf.name])
    assert data.startswith(b"%PDF") and not objects[bundle.pdf.name].startswith(b"%PDF")
    # the evidence picture is inlined: the PDF carries an image read back from the bucket
    assert b"/Subtype /Image" in data or b"/Subtype/Image" in data


def test_disposal_under_the_retention_schedule_deletes_the_objects(client, school, head, stored):
    RetentionRule.objects.filter(school=school, series=Series.EVIDENCE_FILES).update(years=2)
    case = EvidenceFactory(
        case__school=school, case__status=Case.Status.CLOSED, case__closed_at=years_ago(3)
    ).case
    assert len(stored()) == 2
    [item] = due_list_refresh(school=school)
    client.force_login(head)
    client.post("/staff/retention/dispose/", {"items": [item.pk], "confirmed": "on"})
    assert not Evidence.objects.filter(case=case).exists()
    assert stored() == {}


def test_objects_stored_before_encryption_are_encrypted_in_the_bucket(client, school, slt, stored):
    picture = imagefiles.PNG_SIGNATURE + b"stored plain before encryption " * 300
    evidence = EvidenceFactory(case__school=school, file=ContentFile(picture, name="e.png"))
    name, inner = evidence.file.name, storages["private"].inner
    FileKey.objects.filter(name=name).delete()  # as a site without encryption stored it
    inner.delete(name)
    assert inner.save(name, ContentFile(picture)) == name and stored()[name] == picture

    call_command("encrypt_stored_files", stdout=io.StringIO())

    evidence.refresh_from_db()
    sealed = evidence.file.name
    assert sealed != name and name not in stored()
    assert stored()[sealed].startswith(stream.MAGIC)
    assert decrypted(sealed, stored()[sealed]) == picture
    client.force_login(slt)
    assert body(client.get(f"/staff/evidence/{evidence.public_id}/")) == picture


def test_objects_are_private_to_the_owner_and_a_bucket_address_alone_is_refused(
    db, object_store, s3_private, stored
):
    name = storages["private"].save("evidence/1/secret.png", ContentFile(b"not for you"))
    key = f"{s3_private}/{name}"
    grants = object_store.client().get_object_acl(Bucket=object_store.bucket, Key=key)["Grants"]
    assert not [
        grant for grant in grants if grant["Grantee"].get("URI", "").endswith(PUBLIC_GRANTEES)
    ]
    for address in (
        f"{object_store.endpoint}/{object_store.bucket}/{key}",
        # the link the S3 backend's url() would make, had anything asked for it, once its
        # signature is dropped (the encrypting storage itself makes none)
        storages["private"].inner.url(name).split("?")[0],
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(address)  # noqa: S310 (our own loopback store)
        assert refused.value.code == 403
    [(stored_name, data)] = stored().items()
    assert stored_name == name and b"not for you" not in data
    assert decrypted(name, data) == b"not for you"


def test_no_page_or_file_response_carries_a_storage_url(
    client, admin_client, case, slt, head, object_store, s3_private, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    def refuse(self, name, *args, **kwargs):
        raise AssertionError(f"url() asked for {name}: private files go out through our views")

    monkeypatch.setattr(S3Storage, "url", refuse)
    evidence = EvidenceFactory(case=case)
    letter = approve_escalation(case, slt, head)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/approve/")
        client.post("/staff/exports/", {"format": "xlsx"})
    case.school.logo.save("logo.png", ContentFile(imagefiles.png().read()))
    pages = [
        client.get(f"/staff/cases/{case.reference}/"),
        client.get(f"/staff/letters/{letter.pk}/"),
        client.get(f"/staff/exports/jobs/{ExportJob.objects.get().public_id}/"),
        client.get(f"/staff/evidence/{evidence.public_id}/"),
        client.get(f"/staff/letters/{letter.pk}/pdf/"),
        admin_client.get(f"/admin/policies/school/{case.school.pk}/change/"),
    ]
    host = object_store.endpoint.removeprefix("http://")
    for response in pages:
        assert response.status_code == 200, response
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert host.encode() not in content and b"X-Amz-" not in content
        assert object_store.bucket.encode() not in content
        assert "Location" not in response
