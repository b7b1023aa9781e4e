"""A site set up the documented way, without REDIS_URL and without `createcachetable`, takes a
parent's concern and signs staff in: nothing a request needs is missing after `migrate`.

Runs the real settings (database cache) in fresh processes against a new SQLite file.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Run inside the fresh site: a concern with a screenshot, then a member of staff's sign-in.
VISIT = """
import json
import re
import django
django.setup()
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from incidents.models import Evidence, Report
from policies.models import School
from policies.selectors import code_in_force
from tests import imagefiles

school = School.objects.order_by("pk").first()
parent = Client()
form = parent.get(f"/s/{school.slug}/concern/")
data = {
    "reporter_name": "Pat Parent", "reporter_email": "pat@example.org", "reporter_phone": "",
    "group": str(school.groups.first().pk), "other_group_name": "",
    "occurred_on": "2026-11-02", "occurred_at": "",
    "categories": [str(code_in_force(school=school).breach_categories.first().pk)],
    "description": "Rude messages about a teacher.", "person_concerned": "Mr X",
    "safeguarding": "no", "declaration": "on", "website": "",
    "submission_key": re.search(r'name="submission_key" value="([^"]+)"', form.content.decode())[1],
    "screenshots": [imagefiles.png(name="chat.png")],
}
concern = parent.post(f"/s/{school.slug}/concern/", data)
staff = Client()
username = f"{school.slug}-slt"
password_step = staff.post("/accounts/login/", {"username": username, "password": "pw-fresh-1"})
device = TOTPDevice.objects.get(user__username=username)
code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
second_step = staff.post("/accounts/two-step/", {"code": code, "next": "/staff/"})
print(json.dumps({
    "form": form.status_code, "concern": concern.status_code,
    "reports": Report.objects.count(), "evidence": Evidence.objects.count(),
    "password_step": password_step.status_code, "second_step": second_step.status_code,
    "staff_page": staff.get("/staff/").status_code,
}))
"""


def test_a_site_set_up_with_migrate_alone_takes_a_concern_and_signs_staff_in(tmp_path):
    (tmp_path / "fresh_settings.py").write_text(
        f"from config.settings import *  # noqa: F403\nSTATIC_ROOT = {str(tmp_path / 'static')!r}\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="fresh_settings",
        PYTHONPATH=f"{tmp_path}{os.pathsep}{ROOT}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        DJANGO_SECRET_KEY="fresh-site-secret-key-for-this-test-only-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        MEDIA_ROOT=str(tmp_path / "media"),
        DEMO_PASSWORD="pw-fresh-1",
        DEMO_TOTP_SECRET=TOTP_SECRET,
    )
    for command in (["migrate", "--noinput"], ["seed_demo"], ["collectstatic", "--noinput"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    visit = subprocess.run(  # noqa: S603
        [sys.executable, "-c", VISIT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert visit.returncode == 0, visit.stderr[-3000:]
    result = json.loads(visit.stdout.strip().splitlines()[-1])
    assert result == {
        "form": 200,
        "concern": 302,
        "reports": 1,
        "evidence": 1,
        "password_step": 302,
        "second_step": 302,
        "staff_page": 200,
    }
