import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from vault.keys import key_new

ROOT = Path(__file__).resolve().parent.parent
PDF_TEMPLATES = {
    ("letters", "letter.html"),
    ("exports", "bundle_pdf.html"),
    ("exports", "governors_pdf.html"),
}


def test_pages_send_the_security_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_script_or_style():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        if template.parts[-2:] in PDF_TEMPLATES:
            continue  # rendered by WeasyPrint, never served to a browser as a page
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert not re.search(r"\sstyle\s*=", text), template
        assert "<style" not in text, template
        assert not re.search(r"\son[a-z]+\s*=", text), template  # onclick= and friends


@pytest.mark.parametrize("cdn", ["cdn.jsdelivr", "unpkg", "cdnjs", "googleapis"])
def test_no_page_loads_anything_from_a_cdn(cdn):
    for template in (ROOT / "templates").rglob("*.html"):
        assert cdn not in template.read_text(), template


def check_deploy(**environment) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "FILE_ENCRYPTION_KEYS"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" + "Zq8#vL2!pW9@xR4$mT7^" * 3,
        DJANGO_ALLOWED_HOSTS="conductdesk.example.org",
        **environment,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_check_deploy():
    result = check_deploy(FILE_ENCRYPTION_KEYS=key_new("2026"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        ("", "vault.E001"),
        ("2026:c2hvcnQ=", "vault.E002"),
        (settings.FILE_ENCRYPTION_DEVELOPMENT_KEY, "vault.E003"),
    ],
    ids=["no key", "short key", "the published development key"],
)
def test_check_deploy_refuses_production_without_a_real_file_key(keys, problem):
    result = check_deploy(FILE_ENCRYPTION_KEYS=keys)
    assert result.returncode != 0 and problem in result.stderr + result.stdout
