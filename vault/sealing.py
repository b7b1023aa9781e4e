"""Encrypting the files a site stored before encryption was switched on (README "Encryption at
rest"): each plain file referenced by a model's file field is written again, encrypted, under a
name of its own (`sealed_name`), its plain copy deleted, and every row that named it pointed at
the new name.

The steps run in an order that an interrupted run can always finish: the encrypted copy is
written first (a run stopped here leaves the plain file and its rows as they were, and the next
run writes the copy again), then the plain file is deleted, then the rows are changed in one
transaction (a run stopped between the two finds rows naming a file that is gone beside its
encrypted copy, and changes them); a copy whose rows went meanwhile is deleted. Nothing is left
behind that no row names, and nothing is lost.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.db import models, transaction

from vault import stream
from vault.models import FileKey
from vault.storage import EncryptedStorage

SEALED = "-sealed"


@dataclass
class Sealing:
    sealed: int = 0
    already: int = 0
    refused: list[str] = field(default_factory=list)  # in our format, but the key row is gone
    missing: list[str] = field(default_factory=list)  # named by a row, in storage under no name


def sealed_name(name: str) -> str:
    """`evidence/abc.png` -> `evidence/abc-sealed.png`: a storage name, not a filesystem path."""
    folder, slash, file_name = name.rpartition("/")
    stem, dot, extension = file_name.rpartition(".")
    if not dot:
        stem, extension = file_name, ""
    return f"{folder}{slash}{stem}{SEALED}{dot}{extension}"


def _file_references() -> dict[str, list[tuple[type[models.Model], str, object]]]:
    """Every stored file's name, with the (model, field name, primary key) of each row naming
    it: every FileField of every model, since all of them are stored in the private storage."""
    references = defaultdict(list)
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                rows = model._default_manager.exclude(**{model_field.name: ""}).order_by("pk")
                for pk, name in rows.values_list("pk", model_field.name).iterator():
                    references[name].append((model, model_field.name, pk))
    return references


def files_seal(*, batch_size: int = 500) -> Sealing:
    """Encrypt every stored file that is not yet; safe to run again, and while the site runs (a
    file being sealed is missing for the moment between its plain copy's deletion and its rows'
    change)."""
    storage = storages["private"]
    if not isinstance(storage, EncryptedStorage):
        raise ImproperlyConfigured("Set FILE_ENCRYPTION_KEYS first: files are stored unencrypted.")
    references = _file_references()
    names = sorted(references)
    result = Sealing()
    for first in range(0, len(names), batch_size):
        batch = names[first : first + batch_size]
        keyed = set(FileKey.objects.filter(name__in=batch).values_list("name", flat=True))
        for name in batch:
            if name in keyed:
                result.already += 1
            else:
                _seal(storage, name, references[name], result)
    return result


def _seal(storage: EncryptedStorage, name: str, rows: list, result: Sealing) -> None:
    target = sealed_name(name)
    if storage.inner.exists(name):
        with storage.inner.open(name, "rb") as plain:
            if plain.read(len(stream.MAGIC)) == stream.MAGIC:
                result.refused.append(name)
                return
        if storage.inner.exists(target):
            storage.delete(target)  # an earlier run stopped after writing it: written again
        with storage.inner.open(name, "rb") as plain:
            written = storage.save(target, plain)
        if written != target:
            raise RuntimeError(f"{target} was stored as {written}")
        storage.inner.delete(name)
    elif not FileKey.objects.filter(name=target).exists():
        result.missing.append(name)
        return
    with transaction.atomic():
        changed = sum(
            model._default_manager.filter(pk=pk, **{field_name: name}).update(
                **{field_name: target}
            )
            for model, field_name, pk in rows
        )
    if not changed:
        storage.delete(target)  # its rows went meanwhile (disposed of): so goes the copy
        return
    result.sealed += 1
