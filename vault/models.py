from django.db import models


class FileKey(models.Model):
    """The data key of one stored file, wrapped with a master key (vault.keys).

    Kept in the database rather than beside the file: rotating the master key re-wraps these
    rows and never touches the files, and a copy of the bucket alone decrypts nothing.
    """

    name = models.CharField(max_length=1024, unique=True)
    key_id = models.CharField(max_length=64)
    wrapped_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["key_id"], name="vault_filekey_key_id")]

    def __str__(self):
        return f"{self.name} ({self.key_id})"
