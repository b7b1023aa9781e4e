import pytest
from django.conf import settings as django_settings

from tests.factories import EvidenceFactory


@pytest.fixture
def evidence(school):
    return EvidenceFactory(case__school=school)


def url(evidence, thumbnail=False):
    return f"/staff/evidence/{evidence.public_id}/{'thumbnail/' if thumbnail else ''}"


@pytest.mark.parametrize("thumbnail", [False, True])
def test_anonymous_is_sent_to_login(client, evidence, thumbnail):
    response = client.get(url(evidence, thumbnail))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("thumbnail", [False, True])
def test_bursar_may_not_open_evidence(client, evidence, bursar, thumbnail):
    client.force_login(bursar)
    assert client.get(url(evidence, thumbnail)).status_code == 403


@pytest.mark.parametrize("thumbnail", [False, True])
def test_another_schools_slt_gets_404(client, evidence, other_slt, thumbnail):
    client.force_login(other_slt)
    assert client.get(url(evidence, thumbnail)).status_code == 404


@pytest.mark.parametrize("thumbnail", [False, True])
def test_schools_slt_gets_the_file_with_safe_headers(client, evidence, slt, thumbnail):
    client.force_login(slt)
    response = client.get(url(evidence, thumbnail))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("inline; filename=")
    body = b"".join(response.streaming_content)
    stored = evidence.thumbnail if thumbnail else evidence.file
    with stored.open("rb") as f:
        assert body == f.read()


def test_download_is_an_attachment(client, evidence, head):
    client.force_login(head)
    response = client.get(url(evidence) + "?download=1")
    assert response["Content-Disposition"].startswith("attachment; filename=")


def test_files_are_stored_under_the_private_root_and_no_url_serves_it(client, evidence, slt):
    assert (django_settings.PRIVATE_MEDIA_ROOT / evidence.file.name).is_file()
    client.force_login(slt)
    for guess in (
        f"/media/{evidence.file.name}",
        f"/no-public-media/{evidence.file.name}",
        f"/static/{evidence.file.name}",
        f"/private/{evidence.file.name}",
    ):
        assert client.get(guess).status_code == 404, guess


@pytest.mark.parametrize("thumbnail", [False, True])
def test_a_file_gone_from_storage_is_a_404_and_an_error_in_the_log(
    client, evidence, slt, thumbnail, caplog
):
    stored = evidence.thumbnail if thumbnail else evidence.file
    stored.storage.delete(stored.name)
    client.force_login(slt)
    with caplog.at_level("ERROR", logger="incidents.views.files"):
        assert client.get(url(evidence, thumbnail)).status_code == 404
    assert f"Stored file missing: {stored.name}" in caplog.text
