"""The letter pipeline (template → HTML → PDF → stored) against WeasyPrint on the same HTML,
and the render task as it runs in Celery (the HTML fixed at approval → PDF → stored, with its
job row and chronology entry).

Warm medians of 20 each in one run; the cold first render in a fresh process; and the resident
memory growth of a process over 200 renders (one shared FontConfiguration per process).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench import harness

RUNS = 20


def _letter(slug: str = "bench-letters", reference_code: str = "BL"):
    from incidents.models import Case
    from letters.models import Kind
    from letters.services.drafting import letter_draft
    from policies.permissions import Role
    from tests.factories import (
        BreachCategoryFactory,
        CaseFactory,
        CodeOfConductFactory,
        MembershipFactory,
        ParentFactory,
        SchoolFactory,
    )

    school = SchoolFactory(slug=slug, reference_code=reference_code)
    code = CodeOfConductFactory(school=school)
    category = BreachCategoryFactory(code=code, name="Abusive or personal comments about staff")
    head = MembershipFactory(school=school, role=Role.HEADTEACHER).user
    case = CaseFactory(school=school, status=Case.Status.WARNING_LETTER)
    parent = ParentFactory(school=school, full_name="Robin Example")
    case.parents.add(parent)
    case.breach_categories.add(category)
    return letter_draft(case=case, kind=Kind.WARNING, by=head, parent=parent)


def _pipeline(letter):
    import hashlib

    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from letters.pdf import html_to_pdf
    from letters.services.drafting import letter_html

    html = letter_html(letter)
    pdf, _ = html_to_pdf(html)
    hashlib.sha256(pdf).hexdigest()
    storages["private"].delete(storages["private"].save("bench/letter.pdf", ContentFile(pdf)))


def _approved_renders(letter, count: int) -> list[int]:
    """`count` approved copies of the letter, each with its pending render row, as approval
    leaves them (the HTML fixed on the letter)."""
    from letters.models import Letter, LetterRender
    from letters.services.drafting import letter_draft, letter_html

    renders = []
    for _ in range(count):
        copy = letter_draft(
            case=letter.case, kind=letter.kind, by=letter.created_by, parent=letter.parent
        )
        copy.html, copy.status = letter_html(copy), Letter.Status.APPROVED
        copy.save(update_fields=["html", "status"])
        renders.append(LetterRender.objects.create(letter=copy).pk)
    return renders


def run(results, connection):
    from pathlib import Path

    from django.conf import settings
    from django.test import override_settings
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from letters.services.drafting import letter_html

    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(STORAGES=harness.storages(media)),
    ):
        letter = _letter()
        html = letter_html(letter)
        static = Path(settings.BASE_DIR, "static").as_uri() + "/"
        raw_fonts = FontConfiguration()
        raw_html = html.replace('href="/static/', f'href="{static}')

        def raw():
            HTML(string=raw_html).write_pdf(font_config=raw_fonts)

        for _ in range(3):  # warm both
            _pipeline(letter)
            raw()
        ours, theirs = [], []
        for _ in range(RUNS):  # interleaved, so both see the same machine
            start = time.perf_counter()
            _pipeline(letter)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            raw()
            theirs.append(time.perf_counter() - start)
        # The Celery task itself: claim the row, render the HTML fixed at approval, store the
        # PDF, mark the row ready and write the chronology entry.
        from letters.services.rendering import render_run

        task, task_raw = [], []
        for number, render_id in enumerate(_approved_renders(letter, RUNS + 3)):
            start = time.perf_counter()
            assert render_run(render_id=render_id)
            middle = time.perf_counter()
            raw()
            if number >= 3:  # warm-up
                task.append(middle - start)
                task_raw.append(time.perf_counter() - middle)
    ours_ms, theirs_ms = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
    task_ms, task_raw_ms = statistics.median(task) * 1000, statistics.median(task_raw) * 1000
    results.add(
        "letter pipeline, warm: median of 20", f"{ours_ms:.0f} ms", "template→HTML→PDF→stored"
    )
    results.add(
        "raw WeasyPrint, same HTML: median of 20", f"{theirs_ms:.0f} ms", "shared FontConfiguration"
    )
    results.add("letter pipeline / raw WeasyPrint", f"{ours_ms / theirs_ms:.2f}", "target ≤ 1.2")
    results.add(
        "letter render task / raw WeasyPrint",
        f"{task_ms / task_raw_ms:.2f}",
        f"{task_ms:.0f} vs {task_raw_ms:.0f} ms; the Celery task: the HTML fixed at approval to"
        " a stored PDF, with the row claimed, marked ready and on the chronology (5 statements,"
        " 2 commits); no target",
    )
    out = subprocess.run(
        [sys.executable, "-m", "bench.letters"], capture_output=True, text=True, check=True
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    results.add("letter: cold first render in a fresh process", f"{figures['cold_ms']:.0f} ms", "")
    results.add(
        "letter: RSS growth from render 10 to render 200",
        f"{figures['growth_mb']:.1f} MiB",
        f"target < 10 MiB; {figures['rss_10']:.0f} → {figures['rss_200']:.0f} MiB",
    )


def child():
    from bench.harness import django_setup, rss_mb

    # Its own database beside the parent run's (BENCH_TEST_DB), so parallel runs do not collide.
    connection = django_setup(
        test_name=os.environ.get("BENCH_TEST_DB", "test_conductdesk_bench") + "_letters"
    )
    from django.test import override_settings

    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(STORAGES=harness.storages(media)),
    ):
        letter = _letter()
        start = time.perf_counter()
        _pipeline(letter)
        cold_ms = (time.perf_counter() - start) * 1000
        rss = {}
        for number in range(2, 201):
            _pipeline(letter)
            if number in (10, 200):
                rss[number] = rss_mb()
    print(
        json.dumps(
            {
                "cold_ms": cold_ms,
                "rss_10": rss[10],
                "rss_200": rss[200],
                "growth_mb": rss[200] - rss[10],
            }
        )
    )
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    child()
