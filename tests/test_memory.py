import json
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# Ten large camera JPEGs through the screenshots field, in a fresh process that reports how far
# its resident memory rose above where it stood once the uploads were built.
TEN_LARGE_JPEGS = """
import gc, json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
import django
django.setup()
from bench.harness import peak_rss_mb, reset_peak_rss, rss_mb
from incidents.forms.fields import ScreenshotsField
from tests import imagefiles
data = imagefiles.jpeg(size=(6000, 4500)).read()
uploads = [imagefiles.SimpleUploadedFile(f"IMG_{n}.JPG", data) for n in range(10)]
gc.collect()
ready = rss_mb()
reset_peak_rss()
cleaned = ScreenshotsField().clean(uploads)
print(json.dumps({"rise": peak_rss_mb() - ready, "count": len(cleaned)}))
"""


@pytest.mark.skipif(platform.system() != "Linux", reason="reads /proc/self/status")
def test_ten_large_jpegs_are_processed_one_at_a_time_at_reduced_scale():
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", TEN_LARGE_JPEGS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["count"] == 10
    # Below what one of these pictures takes decoded at full size (three bytes a pixel).
    assert figures["rise"] < 60, figures
