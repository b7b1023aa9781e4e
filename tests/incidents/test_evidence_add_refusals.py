"""evidence_add refuses by itself: called directly, without the view, nothing is stored."""

from pathlib import Path

import pytest
from django.conf import settings

from incidents.models import Case, CaseEvent, Evidence
from incidents.services.errors import NotNow, NotPermitted
from incidents.services.evidence import evidence_add
from incidents.services.images import image_process
from tests.factories import CaseFactory
from tests.imagefiles import png


def _images():
    return [("screenshot.png", image_process(png()))]


def _stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _nothing_stored(case):
    assert not Evidence.objects.filter(case=case).exists()
    assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.EVIDENCE_ADDED).exists()
    assert _stored_files() == []


@pytest.fixture
def case(school):
    return CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)


def test_another_schools_slt_cannot_add_evidence_to_the_case(case, other_slt):
    images = _images()
    with pytest.raises(NotPermitted):
        evidence_add(case=case, images=images, by=other_slt)
    _nothing_stored(case)


def test_bursar_cannot_add_evidence(case, bursar):
    images = _images()
    with pytest.raises(NotPermitted):
        evidence_add(case=case, images=images, by=bursar)
    _nothing_stored(case)


def test_evidence_cannot_be_added_to_a_closed_case_even_by_the_head(school, head):
    case = CaseFactory(school=school, status=Case.Status.CLOSED)
    images = _images()
    with pytest.raises(NotNow):
        evidence_add(case=case, images=images, by=head)
    _nothing_stored(case)


def test_slt_adds_evidence_with_one_chronology_entry(case, slt):
    stored = evidence_add(case=case, images=_images(), by=slt)
    assert [e.added_by for e in stored] == [slt]
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.EVIDENCE_ADDED)
    assert event.actor == slt and event.text == "1 file(s) added."
    assert len(_stored_files()) == 2  # the file and its thumbnail
