from django.core.management.base import BaseCommand, CommandError

from vault.keys import FileKeyError
from vault.services import file_keys_rotate


class Command(BaseCommand):
    help = (
        "Re-wrap every file's data key under the first FILE_ENCRYPTION_KEYS key. The files "
        "themselves are not touched. Safe to run again; the old key may go once this reports "
        "nothing left."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        try:
            result = file_keys_rotate(batch_size=batch_size)
        except FileKeyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Re-wrapped {result.rewrapped} file key(s) under {result.key_id!r}; "
            f"{result.already} already under it."
        )
