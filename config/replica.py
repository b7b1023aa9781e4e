"""Reads that may go to a read replica: the governors' reports and the exports, which only read
and can bear a replica's lag of a few seconds. `replica_reads()` marks such a block; inside it
the router sends every read to `settings.REPORTS_DATABASE` (the replica when
DATABASE_REPLICA_URL is set, else the primary) and every write, and every read that locks
(`select_for_update`), to the primary. Everything outside such a block reads the primary."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_reading_reports: ContextVar[bool] = ContextVar("reading_reports", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        # Outside a block even a row read from the replica reads its relations from the primary.
        return settings.REPORTS_DATABASE if _reading_reports.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: a row read from either relates to one from the
        # other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary; only the primary is migrated.
        return db == "default"
