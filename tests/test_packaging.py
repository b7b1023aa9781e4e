"""What the Docker image installs is the whole application."""

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def our_apps() -> set[str]:
    return {app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()}


def test_every_app_of_ours_is_a_package_pip_installs():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    missing = {app for app in our_apps() | {"config"} if not any(fnmatch(app, p) for p in include)}
    assert len(our_apps()) >= 8
    assert missing == set()


def test_the_image_has_every_file_before_it_installs():
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    assert lines.index("COPY . .") < lines.index("RUN pip install .")
