"""Staff pages, their files and the sign-in pages are never stored by a browser or a proxy."""

import pytest

from tests.factories import CaseFactory, EvidenceFactory


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("path", ["/staff/", "/staff/cases/", "/staff/exports/history/"])
def test_staff_pages_are_not_stored(client, head, path):
    client.force_login(head)
    response = client.get(path)
    assert response.status_code == 200
    assert {"no-store", "private"} <= directives(response)


def test_a_case_page_is_not_stored(client, slt, school):
    case = CaseFactory(school=school)
    client.force_login(slt)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert {"no-store", "private"} <= directives(response)


def test_a_refusal_and_a_redirect_to_sign_in_are_not_stored(client, bursar, school):
    evidence = EvidenceFactory(case__school=school)
    anonymous = client.get("/staff/cases/")
    assert anonymous.status_code == 302 and {"no-store", "private"} <= directives(anonymous)
    client.force_login(bursar)
    refused = client.get(f"/staff/evidence/{evidence.public_id}/")
    assert refused.status_code == 403 and {"no-store", "private"} <= directives(refused)


def test_an_evidence_file_is_not_stored(client, slt, school):
    evidence = EvidenceFactory(case__school=school)
    client.force_login(slt)
    response = client.get(f"/staff/evidence/{evidence.public_id}/")
    assert response.status_code == 200 and response.streaming
    assert {"no-store", "private"} <= directives(response)


def test_the_two_step_page_with_backup_codes_is_not_stored(client, slt):
    client.force_login_password_only(slt)
    response = client.get("/accounts/two-step/")
    assert response.status_code == 200
    assert {"no-store", "private"} <= directives(response)


def test_public_pages_are_not_marked_private(client, school):
    assert "private" not in directives(client.get("/"))
