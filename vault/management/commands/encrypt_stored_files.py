from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from vault.sealing import files_seal


class Command(BaseCommand):
    help = (
        "Encrypt every stored file that was stored before FILE_ENCRYPTION_KEYS was set, under a "
        "new name, and delete its plain copy. Safe to run again, and to run again after it was "
        "interrupted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        try:
            result = files_seal(batch_size=batch_size)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Encrypted {result.sealed} file(s); {result.already} already encrypted.")
        for name in result.refused:
            self.stderr.write(f"{name}: encrypted, but its data key is gone; left as it is.")
        for name in result.missing:
            self.stderr.write(f"{name}: named by a record but not in storage.")
        if result.refused or result.missing:
            raise CommandError(
                f"{len(result.refused) + len(result.missing)} file(s) could not be encrypted."
            )
