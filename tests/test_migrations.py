"""Migrations are history: replaying one runs the code of its day, so it imports nothing from
our apps but its own migrations package."""

import ast
from pathlib import Path

import pytest

from tests.test_packaging import our_apps

ROOT = Path(__file__).resolve().parent.parent
APPS = (*our_apps(), "config")


def _imported_modules(path: Path) -> list[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.append(node.module)
    return modules


MIGRATIONS = sorted(ROOT.glob("*/migrations/[0-9]*.py"))


def test_there_are_migrations_to_check():
    assert len(MIGRATIONS) > 20


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_a_migration_imports_no_app_code(path):
    own = f"{path.parent.parent.name}.migrations"
    forbidden = [
        module
        for module in _imported_modules(path)
        if module.split(".")[0] in APPS and not module.startswith(own)
    ]
    assert forbidden == []
