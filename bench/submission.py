"""Accepting a concern with pictures, end to end, in two cases.

- three 3 MB phone photos (two JPEG, one HEIC), the everyday case;
- ten 6.7 MB grainy 39-megapixel camera JPEGs, the heaviest a parent can send (one picture
  sent ten times under different names: each copy costs the same work as a different photo).

The photos are made first; then for each case a fresh process submits them several times (after
one warm-up) through the real view (validation, scaling, re-encoding, storage, database) and
reports the median time, its own peak resident memory, so the figure is that of the process
doing the work, and the bytes sent and stored per submission.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 10
LARGE_RUNS = 3  # each submission is 67 MB; three are enough for a median
CSRF = "benchcsrftoken0123456789abcdefgh"


def _submit_all(folder: str, runs: int) -> dict:
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.submission", folder, str(runs)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def run(results, connection):
    from tests import imagefiles

    with tempfile.TemporaryDirectory() as folder:
        photos = [
            imagefiles.phone_jpeg("IMG_1.jpg"),
            imagefiles.phone_jpeg("IMG_2.jpg", seed=2),
            imagefiles.phone_heic("IMG_3.HEIC"),
        ]
        for photo in photos:
            Path(folder, photo.name).write_bytes(photo.read())
        figures = _submit_all(folder, RUNS)
    times = figures["times"]
    p90 = statistics.quantiles(times, n=10)[-1]
    results.add(
        "concern submission, 3 phone photos: median",
        f"{statistics.median(times) * 1000:.0f} ms",
        f"target < 2000 ms; photos {figures['sizes']}; p90 {p90 * 1000:.0f} ms",
    )
    results.add(
        "concern submission: peak RSS of that process",
        f"{figures['peak_mb']:.0f} MB",
        f"target < 300 MB; {figures['ready_mb']:.0f} MB resident before the first submission",
    )

    with tempfile.TemporaryDirectory() as folder:
        data = imagefiles.noisy_jpeg(megapixels=39, target_bytes=6_700_000).read()
        for number in range(10):
            Path(folder, f"IMG_{number:02}.JPG").write_bytes(data)
        figures = _submit_all(folder, LARGE_RUNS)
    times = figures["times"]
    results.add(
        "concern submission, 10 grainy 39-megapixel JPEGs: median",
        f"{statistics.median(times) * 1000:.0f} ms",
        f"median of {len(times)}; photos {figures['sizes'].split(',')[0]} each; "
        f"stored {figures['stored_mb']:.1f} MB from {figures['sent_mb']:.1f} MB sent",
    )
    results.add(
        "concern submission, 10 grainy 39-megapixel JPEGs: peak RSS of that process",
        f"{figures['peak_mb']:.0f} MB",
        f"target < 300 MB; {figures['ready_mb']:.0f} MB resident before the first submission",
    )


def child(folder, runs):
    """Submit through Django's WSGI handler exactly as a WSGI server (gunicorn) would."""
    import gc

    from bench.harness import django_setup, peak_rss_mb, reset_peak_rss, rss_mb, storages

    django_setup(test_name="test_bench_submission")
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    from incidents.tokens import submission_key_new
    from tests.factories import (
        BreachCategoryFactory,
        CodeOfConductFactory,
        MessagingGroupFactory,
        SchoolFactory,
    )

    school = SchoolFactory(slug="bench-school", reference_code="BS")
    BreachCategoryFactory(code=CodeOfConductFactory(school=school))
    group = MessagingGroupFactory(school=school)

    def body():
        # Read afresh each time, so no copy of the pictures stays in memory: a server holds only
        # the request body, read as it is sent.
        payloads = [(p.name, p.read_bytes()) for p in sorted(Path(folder).iterdir())]
        return encode_multipart(
            BOUNDARY,
            {
                "group": str(group.pk),
                "occurred_on": "2026-11-02",
                "description": "Benchmark concern: rude comments about a teacher.",
                "safeguarding": "no",
                "declaration": "on",
                "submission_key": submission_key_new(),
                "csrfmiddlewaretoken": CSRF,
                "screenshots": [SimpleUploadedFile(n, d) for n, d in payloads],
            },
        )

    # Request bodies wait on disk and are read as a stream, as a server reads them off a socket.
    spool = tempfile.mkdtemp()
    bodies = []
    for number in range(runs + 1):
        path = Path(spool, f"body-{number}")
        path.write_bytes(body())
        bodies.append(path)
    application = WSGIHandler()
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    gc.collect()
    reset_peak_rss()  # set-up (migrations, building the requests) is not what we measure
    ready_mb = rss_mb()
    times = []
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(
            CONCERN_RATE_LIMIT="1000/m",
            STORAGES=storages(media, encrypted=os.environ.get("BENCH_ENCRYPTED", "1") == "1"),
        ),
    ):
        while bodies:
            path = bodies.pop(0)
            environ = {
                "REQUEST_METHOD": "POST",
                "PATH_INFO": f"/s/{school.slug}/concern/",
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "8000",
                "REMOTE_ADDR": "127.0.0.1",
                "HTTP_HOST": "127.0.0.1",
                "HTTP_COOKIE": f"csrftoken={CSRF}",
                "CONTENT_TYPE": MULTIPART_CONTENT,
                "CONTENT_LENGTH": str(path.stat().st_size),
                "wsgi.input": path.open("rb"),
                "wsgi.url_scheme": "http",
                "wsgi.errors": sys.stderr,
            }
            start = time.perf_counter()
            response = application(environ, start_response)
            b"".join(response)
            response.close()
            environ["wsgi.input"].close()
            path.unlink()
            times.append(time.perf_counter() - start)
            assert statuses[-1].startswith("302"), statuses[-1]
            if os.environ.get("BENCH_TRACE"):
                print(f"rss {rss_mb():.0f} peak {peak_rss_mb():.0f}", file=sys.stderr)
        stored = sum(p.stat().st_size for p in Path(media).rglob("*") if p.is_file())
    sizes = ", ".join(f"{p.stat().st_size / 1e6:.1f} MB" for p in sorted(Path(folder).iterdir()))
    figures = {
        "times": times[1:],
        "peak_mb": peak_rss_mb(),
        "ready_mb": ready_mb,
        "sizes": sizes,
        "sent_mb": sum(p.stat().st_size for p in Path(folder).iterdir()) / 1e6,
        "stored_mb": stored / (runs + 1) / 1e6,  # files and thumbnails, per submission
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    child(sys.argv[1], int(sys.argv[2]))
