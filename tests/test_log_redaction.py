"""A reporter's follow-up token never reaches the access log or Django's request log."""

import datetime
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

from config.log_redaction import RedactFollowUpLinks, redact

TOKEN = "Zq3-secret_follow-up_token_0123456789abcdefghi"
CONF = Path(__file__).resolve().parent.parent / "config" / "gunicorn.conf.py"


def gunicorn_logger():
    """The logger the Docker image's gunicorn builds from config/gunicorn.conf.py."""
    cfg = Config()
    for name, value in runpy.run_path(str(CONF)).items():
        if name in cfg.settings:
            cfg.set(name, value)
    return cfg.logger_class(cfg)


def log_request(capsys, path, referer="-"):
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.10",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    request = SimpleNamespace(headers=[("REFERER", referer), ("USER-AGENT", "Mozilla/5.0")])
    response = SimpleNamespace(status="302 Found", sent=0, headers=[("Location", path)])
    capsys.readouterr()
    gunicorn_logger().access(response, request, environ, datetime.timedelta(milliseconds=12))
    return capsys.readouterr().out


def test_the_access_log_hides_the_follow_up_token(capsys):
    url = f"https://school.example.org/concern/{TOKEN}/"
    line = log_request(capsys, f"/concern/{TOKEN}/?added=1", referer=url)
    assert TOKEN not in line
    assert '"POST /concern/[hidden]/?added=1 HTTP/1.1" 302' in line
    assert '"https://school.example.org/concern/[hidden]/"' in line


def test_the_access_log_hides_the_parents_site_ban_token(capsys):
    url = f"https://school.example.org/ban/{TOKEN}/"
    line = log_request(capsys, f"/ban/{TOKEN}/?sent=1", referer=url)
    assert TOKEN not in line
    assert '"POST /ban/[hidden]/?sent=1 HTTP/1.1" 302' in line
    assert '"https://school.example.org/ban/[hidden]/"' in line


def test_the_access_log_keeps_other_paths(capsys):
    line = log_request(capsys, "/s/oakfield/concern/received/")
    assert '"POST /s/oakfield/concern/received/ HTTP/1.1" 302' in line


def test_the_docker_image_uses_the_redacting_config():
    dockerfile = (CONF.parent.parent / "Dockerfile").read_text()
    assert '"--config", "config/gunicorn.conf.py"' in dockerfile


def test_djangos_request_log_hides_the_follow_up_token():
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        (f"/concern/{TOKEN}/",),
        None,
    )
    assert RedactFollowUpLinks().filter(record)
    assert record.getMessage() == "Internal Server Error: /concern/[hidden]/"


def test_the_concern_forms_own_pages_are_not_hidden():
    assert redact("/s/oakfield/concern/") == "/s/oakfield/concern/"


def test_a_reporters_screenshot_address_hides_the_follow_up_token():
    path = "/concern/secret-token-123/screenshot/0b6f1f0e-6f2c-4d8e-9d8f-2f5f2d1b7a11/"
    assert "secret-token-123" not in redact(f'"GET {path} HTTP/1.1" 200')
