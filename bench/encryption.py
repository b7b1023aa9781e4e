"""What encryption at rest costs (README "Encryption at rest"): the concern submission with three
phone photos and the letter pipeline, each with the private files encrypted and plain.

Target: encrypted within 10% of plain. The submissions run in fresh processes (bench.submission's
child, one per storage, in alternating rounds so both see the same machine); the letter pipeline
runs in this process, the two storages interleaved render by render.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

from bench import harness
from bench.submission import _submit_all

ROUNDS = 2  # alternating plain/encrypted child processes per storage
RUNS = int(os.environ.get("BENCH_ENCRYPTION_RUNS", "5"))  # submissions per child; renders x 4


def _submissions(folder: str, encrypted: bool) -> list[float]:
    previous = os.environ.get("BENCH_ENCRYPTED")
    os.environ["BENCH_ENCRYPTED"] = "1" if encrypted else "0"
    try:
        return _submit_all(folder, RUNS)["times"]
    finally:
        if previous is None:
            del os.environ["BENCH_ENCRYPTED"]
        else:
            os.environ["BENCH_ENCRYPTED"] = previous


def _compare(results, name: str, plain: list[float], encrypted: list[float], note: str):
    plain_ms, encrypted_ms = statistics.median(plain) * 1000, statistics.median(encrypted) * 1000
    results.add(
        f"{name}: encrypted / plain",
        f"{encrypted_ms / plain_ms:.2f}",
        f"target ≤ 1.10; medians {encrypted_ms:.0f} vs {plain_ms:.0f} ms; {note}",
    )


def run(results, connection):
    from django.test import override_settings

    from bench.letters import _letter, _pipeline
    from tests import imagefiles

    with tempfile.TemporaryDirectory() as folder:
        photos = [
            imagefiles.phone_jpeg("IMG_1.jpg"),
            imagefiles.phone_jpeg("IMG_2.jpg", seed=2),
            imagefiles.phone_heic("IMG_3.HEIC"),
        ]
        for photo in photos:
            Path(folder, photo.name).write_bytes(photo.read())
        plain, encrypted = [], []
        for _ in range(ROUNDS):
            plain += _submissions(folder, encrypted=False)
            encrypted += _submissions(folder, encrypted=True)
    _compare(
        results,
        "concern submission, 3 phone photos",
        plain,
        encrypted,
        f"{len(plain)} submissions each, pictures and thumbnails stored",
    )

    times = {False: [], True: []}
    with tempfile.TemporaryDirectory() as media:
        settings = {flag: harness.storages(media, encrypted=flag) for flag in times}
        with override_settings(STORAGES=settings[True]):
            letter = _letter(slug="bench-encryption", reference_code="BE")
        for number in range(3 + 4 * RUNS):
            for encrypted in (False, True):
                with override_settings(STORAGES=settings[encrypted]):
                    start = time.perf_counter()
                    _pipeline(letter)
                    if number >= 3:  # warm-up
                        times[encrypted].append(time.perf_counter() - start)
    _compare(
        results,
        "letter pipeline",
        times[False],
        times[True],
        f"template→HTML→PDF→stored, {len(times[True])} renders each, interleaved",
    )
