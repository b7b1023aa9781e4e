"""EncryptedStorage: any Django storage, with every file encrypted before it reaches it.

    STORAGES["private"] = {
        "BACKEND": "vault.storage.EncryptedStorage",
        "OPTIONS": {"inner": {"BACKEND": "...FileSystemStorage", "OPTIONS": {...}}},
    }

Each file gets its own random 256-bit data key (vault.stream for the format); the key is wrapped
with the first master key (vault.keys) and kept in a FileKey row named like the file. Names,
existence and listings are the inner storage's; sizes are the plaintext's.
"""

import io
import tempfile

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.files.base import File
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string

from vault import stream
from vault.keys import data_key_unwrap, data_key_wrap
from vault.models import FileKey

# Below this an encrypted file waits in memory on its way to the inner storage; above, on disk.
SPOOL_BYTES = 4 * 1024 * 1024


@deconstructible
class EncryptedStorage(Storage):
    def __init__(self, inner: dict):
        self.inner_config = inner
        self.inner = import_string(inner["BACKEND"])(**inner.get("OPTIONS", {}))

    def _save(self, name, content):
        data_key = AESGCM.generate_key(bit_length=256)
        if hasattr(content, "seek"):
            content.seek(0)
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as sealed:
            stream.encrypt(content, sealed, data_key)
            sealed.seek(0)
            name = self.inner._save(name, File(sealed, name=name))
        key_id, wrapped = data_key_wrap(data_key, name=name)
        # One statement, replacing the row of a file an inner storage overwrote in place.
        FileKey.objects.bulk_create(
            [FileKey(name=name, key_id=key_id, wrapped_key=wrapped)],
            update_conflicts=True,
            unique_fields=["name"],
            update_fields=["key_id", "wrapped_key"],
        )
        return name

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Encrypted files are written with save(), not opened for writing.")
        row = FileKey.objects.filter(name=name).first()
        if row is None:
            return self._unencrypted(self.inner.open(name, "rb"), name)
        data_key = data_key_unwrap(row.wrapped_key, name=name, key_id=row.key_id)
        sealed = self.inner.open(name, "rb")
        try:
            reader = stream.DecryptingReader(sealed, data_key, name)
        except BaseException:
            sealed.close()
            raise
        opened = File(io.BufferedReader(reader, buffer_size=stream.SEGMENT_BYTES), name=name)
        opened.size = reader.seek(0, io.SEEK_END)  # the plaintext's, never the stored bytes'
        reader.seek(0)
        return opened

    def _unencrypted(self, file, name):
        """A file stored before encryption was switched on stays readable as it is. One in our
        format without its key row (deleted with its file) is refused: that key is gone."""
        if file.read(len(stream.MAGIC)) == stream.MAGIC:
            file.close()
            raise stream.TamperedFile(f"{name} is encrypted but its data key is gone.")
        file.seek(0)
        return file

    def delete(self, name):
        # The key first: once it is gone the file is unreadable, wherever copies of it remain.
        FileKey.objects.filter(name=name).delete()
        self.inner.delete(name)

    def size(self, name):
        if not FileKey.objects.filter(name=name).exists():
            return self.inner.size(name)  # stored before encryption was switched on
        return stream.plaintext_size(self.inner.size(name))

    def exists(self, name):
        return self.inner.exists(name)

    def get_available_name(self, name, max_length=None):
        return self.inner.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.inner.generate_filename(filename)

    def listdir(self, path):
        return self.inner.listdir(path)

    def get_accessed_time(self, name):
        return self.inner.get_accessed_time(name)

    def get_created_time(self, name):
        return self.inner.get_created_time(name)

    def get_modified_time(self, name):
        return self.inner.get_modified_time(name)

    def url(self, name):
        # The inner storage's address would hand out ciphertext; files go out through our views.
        raise NotImplementedError("Encrypted files are served only through the app's views.")
