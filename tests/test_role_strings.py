"""Role names are compared in one place: policies/permissions.py. Everything else asks it what
a person may do (can(), role_allows(), rights, roles_allowed()), so a new role or right is one
row in its table. Demo data and benchmarks create people with roles, and may name them."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLE = re.compile(
    r"""Role\.(SLT|HEADTEACHER|BURSAR)\b|["'](slt|headteacher|bursar)["']|role\s*==""",
)
ALLOWED = {"policies/permissions.py", "policies/models.py"}
NOT_APP_CODE = ("tests/", "demo/", "bench/", ".venv/", "node_modules/", "artifacts/")


def _sources():
    for path in [*ROOT.rglob("*.py"), *ROOT.rglob("*.html")]:
        name = path.relative_to(ROOT).as_posix()
        if name.startswith(NOT_APP_CODE) or "/migrations/" in name or name in ALLOWED:
            continue
        yield name, path.read_text(encoding="utf-8")


def test_no_code_or_template_outside_permissions_compares_role_names():
    found = [
        f"{name}:{number}: {line.strip()}"
        for name, text in _sources()
        for number, line in enumerate(text.splitlines(), 1)
        if ROLE.search(line)
    ]
    assert found == []
