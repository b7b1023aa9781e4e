"""`manage.py encrypt_stored_files`: a site that stored files before encryption was switched on
gets every one of them encrypted, however often the command is run or wherever it stopped."""

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError

from incidents.models import Evidence
from tests.factories import EvidenceFactory
from tests.retention.conftest import MARKERS, marked_case  # noqa: F401  (the fixture)
from tests.retention.scan import files_text, markers_in, texts_of_file
from vault import stream
from vault.models import FileKey
from vault.sealing import Sealing, _file_references, _seal, sealed_name

pytestmark = pytest.mark.django_db

PICTURE = b"\x89PNG\r\n\x1a\n" + b"zqxevidencefile " * 500


def on_disk() -> dict:
    root = django_settings.PRIVATE_MEDIA_ROOT
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def stored_plain():
    """Every stored file as a site without encryption had it: its plaintext, no key row."""
    for row in FileKey.objects.all():
        with storages["private"].open(row.name) as file:
            plain = file.read()
        row.delete()
        (django_settings.PRIVATE_MEDIA_ROOT / row.name).write_bytes(plain)


def seal(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("encrypt_stored_files", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("marked_case")
def test_every_file_of_a_case_is_encrypted_and_reads_back_the_same():
    stored_plain()
    before = on_disk()
    assert len(before) >= 5 and not any(data.startswith(stream.MAGIC) for data in before.values())
    readable = set(markers_in(files_text(), MARKERS))
    assert {"zqxevidencefile", "zqxthumbnail", "zqxletterpdf"} <= readable

    assert seal() == f"Encrypted {len(before)} file(s); 0 already encrypted.\n"

    after = on_disk()
    assert sorted(after) == sorted(sealed_name(name) for name in before)  # no plain copy left
    assert all(data.startswith(stream.MAGIC) for data in after.values())
    raw = " ".join(" ".join(texts_of_file(data)).lower() for data in after.values())
    assert not [marker for marker in MARKERS if marker in raw]
    assert set(markers_in(files_text(), MARKERS)) == readable  # read back as before
    assert FileKey.objects.count() == len(after)
    assert seal() == f"Encrypted 0 file(s); {len(after)} already encrypted.\n"


def test_staff_get_the_same_picture_from_the_encrypted_file(client, school, slt):
    evidence = EvidenceFactory(case__school=school, file=ContentFile(PICTURE, name="e.png"))
    stored_plain()
    seal()
    evidence.refresh_from_db()
    assert evidence.file.name.endswith("-sealed.png")
    client.force_login(slt)
    response = client.get(f"/staff/evidence/{evidence.public_id}/")
    assert b"".join(response.streaming_content) == PICTURE


def test_a_run_stopped_after_writing_the_copy_is_finished_by_the_next(school):
    evidence = EvidenceFactory(case__school=school, file=ContentFile(PICTURE, name="e.png"))
    stored_plain()
    name = evidence.file.name
    storages["private"].save(sealed_name(name), ContentFile(b"half written"))
    seal()
    evidence.refresh_from_db()
    assert evidence.file.name == sealed_name(name)
    assert evidence.file.open().read() == PICTURE
    assert name not in on_disk()


def test_a_run_stopped_before_changing_the_rows_is_finished_by_the_next(school):
    evidence = EvidenceFactory(case__school=school, file=ContentFile(PICTURE, name="e.png"))
    stored_plain()
    name = evidence.file.name
    storages["private"].save(sealed_name(name), ContentFile(PICTURE))
    storages["private"].delete(name)
    seal()
    evidence.refresh_from_db()
    assert evidence.file.name == sealed_name(name)
    assert evidence.file.open().read() == PICTURE


def test_a_copy_whose_rows_went_meanwhile_is_deleted_with_them(school):
    evidence = EvidenceFactory(case__school=school, file=ContentFile(PICTURE, name="e.png"))
    stored_plain()
    name, rows = evidence.file.name, _file_references()[evidence.file.name]
    Evidence.objects.filter(pk=evidence.pk).delete()  # disposed of while the command ran
    result = Sealing()
    _seal(storages["private"], name, rows, result)
    assert result.sealed == 0
    assert sealed_name(name) not in on_disk() and name not in on_disk()
    assert not FileKey.objects.filter(name=sealed_name(name)).exists()


def test_an_encrypted_file_whose_key_is_gone_is_named_and_left_alone(school):
    evidence = EvidenceFactory(case__school=school, file=ContentFile(PICTURE, name="e.png"))
    FileKey.objects.filter(name=evidence.file.name).delete()
    stored = on_disk()[evidence.file.name]
    with pytest.raises(CommandError, match="could not be encrypted"):
        seal()
    assert on_disk()[evidence.file.name] == stored
    assert Evidence.objects.get(pk=evidence.pk).file.name == evidence.file.name


def test_a_file_a_row_names_but_storage_lacks_is_reported(school, capsys):
    evidence = EvidenceFactory(case__school=school, file=ContentFile(PICTURE, name="e.png"))
    stored_plain()
    (django_settings.PRIVATE_MEDIA_ROOT / evidence.file.name).unlink()
    with pytest.raises(CommandError, match="1 file"):
        call_command("encrypt_stored_files")
    assert f"{evidence.file.name}: named by a record but not in storage." in capsys.readouterr().err


def test_without_encryption_switched_on_it_refuses(settings):
    settings.STORAGES = {**settings.STORAGES, "private": settings.PRIVATE_STORAGE}
    with pytest.raises(CommandError, match="Set FILE_ENCRYPTION_KEYS first"):
        seal()
