"""Private links never reach a log.

A reporter's follow-up link (`/concern/<token>/`) is the only key to their concern, and a
parent's site-ban link (`/ban/<token>/`) the only key to their ban's page; the database keeps
only their hashes. Gunicorn's access log (config/gunicorn_logger.py) and Django's
request log (the filter below, on the console handler) would otherwise write it in the clear.
"""

import logging
import re

# A private path at the start of a path, after a space (a request line), after a quote, or
# after a host (a Referer). The concern form's own `/s/<school>/concern/...` pages do not match.
FOLLOW_UP = re.compile(r'(^|[\s"]|//[^/\s"]+)/(concern|ban)/[^/?#\s"]+')
HIDDEN = r"\1/\2/[hidden]"


def redact(value):
    return FOLLOW_UP.sub(HIDDEN, value) if isinstance(value, str) else value


class RedactFollowUpLinks(logging.Filter):
    """For Django's loggers: a 500 on the follow-up page logs its path."""

    def filter(self, record):
        record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: redact(arg) for key, arg in record.args.items()}
        return True
