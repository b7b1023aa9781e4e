import factory

from vault.keys import data_key_wrap
from vault.models import FileKey


class FileKeyFactory(factory.django.DjangoModelFactory):
    """A wrapped data key under the first configured master key (the file itself is not made)."""

    class Meta:
        model = FileKey

    name = factory.Sequence(lambda n: f"evidence/file-{n}.png")
    key_id = factory.LazyAttribute(lambda row: data_key_wrap(b"k" * 32, name=row.name)[0])
    wrapped_key = factory.LazyAttribute(lambda row: data_key_wrap(b"k" * 32, name=row.name)[1])
