"""Gunicorn's logger with follow-up tokens hidden in every access-log atom (request line, path,
referrer, headers, environ), whatever `access_log_format` picks. Set by config/gunicorn.conf.py.
"""

from gunicorn.glogging import Logger

from config.log_redaction import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) for key, value in atoms.items()}
