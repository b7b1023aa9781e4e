from dataclasses import dataclass

from django.db import transaction

from vault.keys import data_key_unwrap, data_key_wrap, primary_key_id
from vault.models import FileKey


@dataclass
class Rotation:
    key_id: str
    rewrapped: int
    already: int


def file_keys_rotate(*, batch_size: int = 500) -> Rotation:
    """Re-wrap every data key under the first master key, one committed batch at a time, so an
    interrupted run resumes where it stopped. Raises FileKeyError, naming the file, if a row's
    master key is no longer configured."""
    key_id = primary_key_id()
    rewrapped, last_pk = 0, 0
    while True:
        with transaction.atomic():
            rows = list(
                FileKey.objects.select_for_update()
                .exclude(key_id=key_id)
                .filter(pk__gt=last_pk)
                .order_by("pk")[:batch_size]
            )
            if not rows:
                break
            for row in rows:
                data_key = data_key_unwrap(row.wrapped_key, name=row.name, key_id=row.key_id)
                row.key_id, row.wrapped_key = data_key_wrap(data_key, name=row.name, key_id=key_id)
            FileKey.objects.bulk_update(rows, ["key_id", "wrapped_key"])
        rewrapped, last_pk = rewrapped + len(rows), rows[-1].pk
    return Rotation(key_id, rewrapped, FileKey.objects.filter(key_id=key_id).count() - rewrapped)
