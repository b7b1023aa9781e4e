"""Staff adding several files when some are refused: the pictures that passed are added (one
chronology entry naming them), the refused ones are named with their reasons, and a refusal of
the whole upload (too many files, over the budget, a closed case) adds nothing."""

import pytest
from django.test import override_settings

from incidents.models import Case, CaseEvent, Evidence
from tests import imagefiles
from tests.factories import CaseFactory


@pytest.fixture
def case(school):
    return CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)


def add(client, case, files):
    return client.post(f"/staff/cases/{case.reference}/evidence/", {"screenshots": files})


def added(case) -> list[str]:
    return [e.text for e in CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.EVIDENCE_ADDED)]


def test_the_pictures_that_pass_are_added_and_the_refused_ones_named(client, case, slt):
    client.force_login(slt)
    files = [
        imagefiles.png("playground.png"),
        imagefiles.html_renamed_png("not-a-picture.png"),
        imagefiles.jpeg("chat.jpg"),
    ]
    response = add(client, case, files)
    assert response.status_code == 200  # the form again, asking for the refused file only
    page = response.content.decode()
    assert "2 file(s) added to the case: “playground.png”, “chat.jpg”" in page
    assert "not-a-picture.png" in page
    assert Evidence.objects.filter(case=case, added_by=slt).count() == 2
    assert added(case) == ["2 file(s) added."]


def test_only_refused_files_add_nothing(client, case, slt):
    client.force_login(slt)
    response = add(client, case, [imagefiles.svg_with_script(), imagefiles.empty()])
    assert response.status_code == 200
    assert "added to the case" not in response.content.decode()
    assert not Evidence.objects.filter(case=case).exists() and added(case) == []


@pytest.mark.parametrize("too_many", [True, False])
def test_a_refusal_of_the_whole_upload_adds_nothing(client, case, slt, too_many):
    client.force_login(slt)
    if too_many:
        files = [imagefiles.png(f"s{n}.png") for n in range(11)] + [imagefiles.bmp()]
        response = add(client, case, files)
    else:
        with override_settings(UPLOAD_BUDGET_MEGAPIXELS=1):
            files = [imagefiles.png(), imagefiles.bmp(), imagefiles.png("big.png", (1200, 1000))]
            response = add(client, case, files)
    assert response.status_code == 200
    assert not Evidence.objects.filter(case=case).exists() and added(case) == []


def test_a_closed_case_takes_none_of_them(client, school, head):
    case = CaseFactory(school=school, status=Case.Status.CLOSED)
    client.force_login(head)
    response = add(client, case, [imagefiles.png(), imagefiles.bmp()])
    assert response.status_code == 200
    page = response.content.decode()
    assert "This case is closed. The headteacher can reopen it." in page
    assert "added to the case" not in page
    assert not Evidence.objects.filter(case=case).exists() and added(case) == []


def test_another_schools_staff_add_nothing_however_the_files_fare(client, case, other_slt):
    client.force_login(other_slt)
    response = add(client, case, [imagefiles.png(), imagefiles.bmp()])
    assert response.status_code == 404
    assert not Evidence.objects.filter(case=case).exists() and added(case) == []
