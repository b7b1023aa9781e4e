from django.core.management.base import BaseCommand

from vault.keys import key_new


class Command(BaseCommand):
    help = "Print a new FILE_ENCRYPTION_KEYS entry (id:base64 key). Keep a copy off the server."

    def add_arguments(self, parser):
        parser.add_argument("key_id", help="a short name for the key, e.g. 2026-11")

    def handle(self, *args, key_id, **options):
        self.stdout.write(key_new(key_id))
