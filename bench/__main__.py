"""`make bench`: run the benchmarks, print one table, write bench/RESULTS.md.

Usage: python -m bench [name ...]   (names: staff_pages, reports, submission, letters,
encryption, exports, export_fault)
"""

import datetime
import os
import sys
from pathlib import Path

from bench import harness

BENCHES = [
    "staff_pages",
    "reports",
    "submission",
    "letters",
    "encryption",
    "exports",
    "export_fault",
]
NOTES = "\n## Notes\n"


def main(argv):
    names = argv or BENCHES
    # BENCH_TEST_DB lets two benchmark runs share one PostgreSQL server without colliding.
    connection = harness.django_setup(
        test_name=os.environ.get("BENCH_TEST_DB", "test_conductdesk_bench")
    )
    database = f"{connection.vendor} ({connection.settings_dict['NAME']})"
    print(f"ConductDesk benchmarks on {harness.machine()}; database {database}", flush=True)
    results = harness.Results()
    for name in names:
        module = __import__(f"bench.{name}", fromlist=["run"])
        print(f"[{name}]", flush=True)
        module.run(results, connection)
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    lines = [
        "# Benchmark results",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- revision: {harness.git_revision()}",
        f"- machine: {harness.machine()}",
        f"- database: {connection.vendor}",
        "- command: `make bench`",
        "",
        "| measure | value | note |",
        "| --- | --- | --- |",
        *[f"| {r.name} | {r.value} | {r.note} |" for r in results.rows],
        "",
    ]
    target = Path(os.environ.get("BENCH_RESULTS") or Path(__file__).with_name("RESULTS.md"))
    # Measured reasons written by hand below the table (NOTES and after) are kept.
    notes = target.read_text().partition(NOTES)[1:] if target.exists() else ("", "")
    target.write_text("\n".join(lines) + "".join(notes))
    print(f"Written to {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
