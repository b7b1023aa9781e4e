import re
import time
from types import SimpleNamespace

import pytest
from django.core import mail, signing
from django.core.files.storage import default_storage
from django.utils import timezone

from incidents.models import Case, CaseEvent, Evidence, Report
from incidents.tokens import submission_key_new, token_hash
from tests import imagefiles
from tests.factories import MessagingGroupFactory

DESCRIPTION = "Mr X posted that Miss Y is useless & should be sacked <b>now</b>."


@pytest.fixture
def group(school):
    return MessagingGroupFactory(school=school, name="Year 3 parents")


@pytest.fixture
def concern(school, group):
    """Valid form data; call it with overrides and files."""

    def build(**overrides):
        data = {
            "reporter_name": "Pat Parent",
            "reporter_email": "pat@example.org",
            "reporter_phone": "",
            "group": str(group.pk),
            "other_group_name": "",
            "occurred_on": "2026-11-02",
            "occurred_at": "",
            "categories": [str(school.codes.get().breach_categories.first().pk)],
            "description": DESCRIPTION,
            "person_concerned": "Mr X",
            "safeguarding": "no",
            "declaration": "on",
            "website": "",
            "submission_key": submission_key_new(),
        }
        data.update(overrides)
        return data

    return build


def post(client, school, data):
    return client.post(f"/s/{school.slug}/concern/", data)


def test_form_has_a_visible_label_for_every_field(client, school):
    page = client.get(f"/s/{school.slug}/concern/").content.decode()
    for label in (
        "Your name",
        "Your e-mail address",
        "Which group was it in?",
        "When did it happen?",
        "What kind of behaviour was it?",
        "What happened?",
        "Who posted it?",
        "Do you think a child is at risk?",
        "Screenshots",
    ):
        # single fields have a <label>; groups of checkboxes or radios a <legend>
        assert re.search(rf"<(label|legend)[^>]*>\s*{re.escape(label)}", page), label
    assert "Abusive or personal comments" in page  # the school's own categories
    assert "may be unable to follow up" in page


def test_submitting_a_concern_opens_a_case_and_shows_reference_and_link_once(
    client, school, concern
):
    response = post(client, school, concern(screenshots=[imagefiles.png()]))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    report = Report.objects.get()
    year = timezone.localdate().year
    assert report.reference == f"OF-{year}-0001"
    assert report.reference in page
    token = re.search(r"/concern/([\w-]+)/", page).group(1)
    assert len(token) >= 22  # at least 128 bits, URL-safe
    assert report.token_hash == token_hash(token) != token
    assert report.case.status == Case.Status.REPORTED
    assert report.case.triage_due > timezone.localdate()
    assert report.case.evidence.count() == 1
    event = CaseEvent.objects.get(case=report.case)
    assert event.kind == CaseEvent.Kind.REPORTED
    assert event.actor_id is None and event.actor_label == "Reporter"
    # The link is shown only once.
    assert token not in client.get(response.url).content.decode()


def test_references_are_sequential_per_school(client, school, concern):
    for _ in range(3):
        post(client, school, concern())
    year = timezone.localdate().year
    assert list(Report.objects.values_list("reference", flat=True)) == [
        f"OF-{year}-0001",
        f"OF-{year}-0002",
        f"OF-{year}-0003",
    ]


def test_anonymous_concern_is_accepted(client, school, concern):
    response = post(client, school, concern(reporter_name="", reporter_email=""))
    assert response.status_code == 302
    assert Report.objects.get().is_anonymous


def test_another_group_needs_its_name(client, school, concern):
    page = post(client, school, concern(group="other")).content.decode()
    assert "Please type the name of the group." in page
    assert not Report.objects.exists()
    post(client, school, concern(group="other", other_group_name="Football club parents"))
    assert Report.objects.get().group_name == "Football club parents"


def test_empty_submission_lists_each_problem_linked_to_its_field(client, school):
    page = post(client, school, {"submission_key": submission_key_new()}).content.decode()
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', page, re.S)
    assert summary
    for anchor in ("#id_group", "#id_occurred_on", "#id_description", "#id_declaration"):
        assert f'href="{anchor}' in summary.group(0)
    assert not Report.objects.exists()


def test_future_date_is_refused(client, school, concern):
    page = post(client, school, concern(occurred_on="2099-01-01")).content.decode()
    assert "cannot be in the future" in page


def test_gps_exif_is_gone_from_the_stored_file(client, school, concern):
    upload = imagefiles.jpeg_with_gps()
    original = upload.read()
    upload.seek(0)
    assert imagefiles.has_gps(original)
    post(client, school, concern(screenshots=[upload]))
    evidence = Evidence.objects.get()
    with default_storage.open(evidence.file.name) as stored:
        data = stored.read()
    assert not imagefiles.has_gps(data) and not imagefiles.has_exif(data)
    assert evidence.original_name == "photo.jpg"
    assert "photo" not in evidence.file.name  # random names in the vault


def test_heic_from_a_phone_is_accepted_and_converted(client, school, concern):
    post(client, school, concern(screenshots=[imagefiles.heic()]))
    evidence = Evidence.objects.get()
    assert (evidence.original_format, evidence.content_type) == ("HEIF", "image/jpeg")


BAD_UPLOADS = {
    "svg with script": (imagefiles.svg_with_script, "PNG, JPEG, WebP, GIF or HEIC"),
    "html renamed png": (imagefiles.html_renamed_png, "PNG, JPEG, WebP, GIF or HEIC"),
    "png header then html": (imagefiles.png_header_then_html, "PNG, JPEG, WebP, GIF or HEIC"),
    "truncated": (imagefiles.truncated_png, "damaged or incomplete"),
    "50,000 x 50,000": (lambda: imagefiles.huge_declared_png(50_000, 50_000), "too large"),
    "11 MB": (imagefiles.oversized, "larger than 10 MB"),
}


@pytest.mark.parametrize("make, message", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_bad_upload_is_refused_and_what_was_typed_is_kept(client, school, concern, make, message):
    response = post(client, school, concern(screenshots=[make()]))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert (
        "Mr X posted that Miss Y is useless &amp; should be sacked &lt;b&gt;now&lt;/b&gt;." in page
    )
    assert 'value="Pat Parent"' in page
    assert not Report.objects.exists() and not Evidence.objects.exists()


def test_eleven_files_are_refused(client, school, concern):
    files = [imagefiles.png(name=f"s{i}.png", size=(20, 20)) for i in range(11)]
    page = post(client, school, concern(screenshots=files)).content.decode()
    assert "up to 10 screenshots" in page
    assert DESCRIPTION.split(" &")[0] in page
    assert not Report.objects.exists()


def test_double_submit_creates_one_report(client, school, concern):
    data = concern()
    first = post(client, school, data)
    second = post(client, school, data)
    assert first.status_code == second.status_code == 302
    assert Report.objects.count() == 1 == Case.objects.count()


def test_honeypot_filled_creates_nothing(client, school, concern):
    response = post(client, school, concern(website="http://spam.example.org"))
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_rate_limit_refuses_with_a_message_and_keeps_the_text(client, school, concern, settings):
    settings.CONCERN_RATE_LIMIT = "2/10m"
    client.get(f"/s/{school.slug}/concern/")  # the browser opens the form first
    assert post(client, school, concern()).status_code == 302
    assert post(client, school, concern()).status_code == 302
    response = post(client, school, concern())
    assert response.status_code == 429
    page = response.content.decode()
    assert "cannot accept another just now" in page
    assert "Mr X posted that" in page
    assert Report.objects.count() == 2


def test_submission_query_count_does_not_grow_with_screenshots(
    client, school, concern, slt, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post(client, school, concern())  # the first of the year creates the counter
    counts = []
    for files in (1, 3):
        screenshots = [imagefiles.png(name=f"s{i}.png") for i in range(files)]
        with CaptureQueriesContext(connection) as queries:
            assert post(client, school, concern(screenshots=screenshots)).status_code == 302
        # Each stored file (picture and thumbnail) writes its own wrapped key: one INSERT each.
        keys = [q["sql"] for q in queries if "vault_filekey" in q["sql"]]
        assert len(keys) == 2 * files and all(sql.startswith("INSERT") for sql in keys)
        counts.append(len(queries) - len(keys))
    # The governors' report's counters add an UPDATE each for its month, term and school year:
    # opened, group, outcome, category.
    assert counts[0] == counts[1] <= 33


def test_notifications_go_out_after_commit_without_the_allegation(
    client, school, concern, slt, head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, school, concern())
    reference = Report.objects.get().reference
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"pat@example.org", slt.email}
    assert reference in by_recipient["pat@example.org"].body
    assert f"/staff/cases/{reference}/" in by_recipient[slt.email].body
    for message in mail.outbox:
        assert "useless" not in message.body and "Mr X" not in message.body


def test_safeguarding_flag_sends_an_urgent_email_to_head_and_slt(
    client, school, concern, slt, head, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, school, concern(safeguarding="yes", reporter_email=""))
    urgent = [m for m in mail.outbox if m.subject.startswith("URGENT")]
    assert sorted(m.to[0] for m in urgent) == sorted([slt.email, head.email])
    assert Case.objects.get().safeguarding is True


def test_nothing_is_sent_when_the_report_is_not_saved(
    client, school, concern, slt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post(client, school, concern(screenshots=[imagefiles.truncated_png()]))
    assert callbacks == [] and mail.outbox == []


def sessions_hold(token: str) -> bool:
    from django.contrib.sessions.models import Session

    return any(token in str(s.get_decoded()) for s in Session.objects.all())


def test_the_follow_up_token_is_never_kept_in_the_session(client, school, concern):
    from incidents.views.public import RECEIPT_COOKIE, RECEIPT_SALT

    response = post(client, school, concern())
    cookie = response.cookies[RECEIPT_COOKIE]
    assert cookie["httponly"] and cookie["path"] == response.url and cookie["max-age"] == 600
    token = signing.loads(cookie.value, salt=RECEIPT_SALT)["token"]
    assert not sessions_hold(token) and token not in str(dict(client.session))
    shown = client.get(response.url)
    assert token in shown.content.decode()
    assert shown.cookies[RECEIPT_COOKIE].value == ""  # the browser drops it
    assert not sessions_hold(token) and token not in str(dict(client.session))


def test_a_receipt_not_shown_within_ten_minutes_lapses(client, school, concern, monkeypatch):
    response = post(client, school, concern())
    later = time.time() + 601
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))
    page = client.get(response.url).content.decode()
    assert "/concern/" not in page.replace(f"/s/{school.slug}/concern", "")
    assert "shown only once, straight after you send" in page


def test_a_receipt_is_shown_only_at_its_own_school(client, school, other_school, concern):
    post(client, school, concern())
    page = client.get(f"/s/{other_school.slug}/concern/received/").content.decode()
    assert Report.objects.get().reference not in page
