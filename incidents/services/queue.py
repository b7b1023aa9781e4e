"""Queue Celery work after the transaction commits, never turning a broker outage into an error."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def _send(task, args):
    try:
        task.delay(*args)
    except Exception as exc:
        # The database row stays pending; the periodic sweep queues it again later.
        logger.warning(
            "Could not queue %s%r now (%s: %s); it stays pending.",
            task.name,
            args,
            type(exc).__name__,
            str(exc)[:200],
        )


def enqueue_on_commit(task, *args) -> None:
    """Pass ids only. Runs after commit, so the worker always finds the row."""
    transaction.on_commit(lambda: _send(task, args))
