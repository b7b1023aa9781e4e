"""Settings for the benchmark's gunicorn server: production settings plus a minimal view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
