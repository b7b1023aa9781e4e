"""Private files are read and written through the `private` storage only, never by filesystem
path: otherwise a file written on one machine is missing on another, and a storage wrapper
(encryption) would be bypassed. This reads the code of our apps and fails on any way round."""

import ast
import re
from pathlib import Path

import pytest

from tests.test_packaging import our_apps

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = (*our_apps(), "config")
# The names of our FileFields; `<x>.file.path` or `<x>.pdf.url` is a way round the views.
FILE_FIELDS = {"file", "thumbnail", "pdf", "logo"}
FORBIDDEN_NAMES = {
    "MEDIA_ROOT": "a path under MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT": "a path under MEDIA_ROOT",
    "default_storage": "storages['private'] (one name for the private storage)",
    "FileSystemStorage": "the configured storage, whatever its backend",
    "shutil": "the storage API",
}
# Where a filesystem path is right, and why.
ALLOWED = {
    # BASE_DIR, and MEDIA_ROOT as the local disk's location for the private storage.
    "config/settings.py": {"pathlib", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"},
    # Our own static files (CSS, fonts) found by staticfiles' finders: code, not media.
    "letters/pdf.py": {"pathlib"},
}


def violations(source: str, allowed: set[str] = frozenset()) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names]
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""] + [f"{node.module}.{m}" for m in modules]
            for module in modules:
                top = module.split(".")[0]
                if top in {"pathlib", "shutil"} and top not in allowed:
                    found.append(f"{line}: imports {module}")
                if module in {"os.path", "django.core.files.storage.default_storage"}:
                    found.append(f"{line}: imports {module}")
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in FORBIDDEN_NAMES and name not in allowed:
                found.append(f"{line}: {name}; use {FORBIDDEN_NAMES[name]}")
            if isinstance(node, ast.Attribute):
                inner = node.value
                if node.attr in {"path", "url"} and (
                    isinstance(inner, ast.Attribute) and inner.attr in FILE_FIELDS
                ):
                    found.append(f"{line}: .{inner.attr}.{node.attr}; serve through a view")
                if node.attr == "path" and isinstance(inner, ast.Name) and inner.id == "os":
                    found.append(f"{line}: os.path")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                found.append(f"{line}: open(); use storages['private'].open")
            if isinstance(func, ast.Attribute) and func.attr in {"path", "url"}:
                target = func.value
                if not (isinstance(target, ast.Name) and target.id in {"request", "self"}):
                    found.append(f"{line}: .{func.attr}(); a storage path or address")
    return found


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("name", list(_sources()))
def test_app_code_reaches_private_files_only_through_the_storage_api(name):
    source = (ROOT / name).read_text()
    assert violations(source, ALLOWED.get(name, set())) == []


def test_templates_never_ask_a_file_for_its_address():
    fields = "|".join(FILE_FIELDS)
    pattern = re.compile(rf"\.({fields})\.(url|path)\b")
    offending = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for match in pattern.finditer(path.read_text())
    ]
    assert offending == []


@pytest.mark.parametrize(
    "source",
    [
        "from django.conf import settings\nroot = settings.MEDIA_ROOT / 'private'",
        "from pathlib import Path\nPath('var/media/x.pdf').read_bytes()",
        "import os.path\nos.path.join('a', 'b')",
        "import os\nos.path.exists('x')",
        "from django.core.files.storage import default_storage",
        "data = open('/tmp/x.pdf', 'rb').read()",
        "name = evidence.file.path",
        "link = letter.render.pdf.url",
        "link = storages['private'].url(name)",
        "import shutil\nshutil.copy('a', 'b')",
    ],
)
def test_the_check_catches_each_way_round(source):
    assert violations(source) != []


def test_the_check_leaves_the_storage_api_alone():
    source = (
        "from django.core.files.storage import storages\n"
        "with storages['private'].open(evidence.file.name, 'rb') as f:\n    f.read()\n"
        "response = HttpResponseRedirect(request.path)\n"
    )
    assert violations(source) == []
