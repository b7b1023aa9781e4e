"""The benchmark runs end to end at a tiny size (the real run is `make bench`, not CI)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_make_bench_smoke_run_writes_a_results_table(tmp_path):
    results = tmp_path / "RESULTS.md"
    env = {
        **os.environ,
        "BENCH_SIZES": "20,40",
        "BENCH_REPORT_SIZES": "20,40",
        "BENCH_RUNS": "3",
        "BENCH_SMOKE": "1",
        "BENCH_RESULTS": str(results),
    }
    subprocess.run(
        [sys.executable, "-m", "bench", "staff_pages", "reports"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    table = results.read_text()
    assert "| /staff/ (dashboard) @ 20 |" in table and "| /staff/approvals/: 40 / 20 |" in table
    assert "| adding a note to a case (POST): 40 / 20 |" in table
    assert "| trust report, 50 schools, whole history: 40 / 20 |" in table
    assert "- database:" in table and "- machine:" in table


def test_bench_schools_spreads_the_cases_and_measures_one_school(tmp_path):
    """The measured school is filled first (MEASURED_FLOOR), the rest spread over all."""
    results = tmp_path / "RESULTS.md"
    env = {
        **os.environ,
        "BENCH_SIZES": "20,700",
        "BENCH_SCHOOLS": "7",
        "BENCH_RUNS": "3",
        "BENCH_SMOKE": "1",
        "BENCH_RESULTS": str(results),
    }
    subprocess.run(
        [sys.executable, "-m", "bench", "staff_pages"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    table = results.read_text()
    assert "| seeding 7 schools |" in table
    assert "cases at 1 schools, " in table
    assert "| seeding to 700 cases over 7 schools |" in table
    spread = re.search(r"cases at 7 schools, ([\d,]+) at the one measured", table)
    assert spread and int(spread[1].replace(",", "")) > 500
    assert "| /staff/cases/ first page: 700 / 20 |" in table
    assert "| query counts equal at every size | yes |" in table
