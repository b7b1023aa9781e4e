from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from vault.keys import master_keys


@register(Tags.security, deploy=True)
def file_encryption_check(app_configs, **kwargs):
    """`check --deploy`: production files are encrypted, and not with the published dev key."""
    if not settings.FILE_ENCRYPTION_KEYS:
        return [
            Error(
                "FILE_ENCRYPTION_KEYS is not set: uploaded files would be stored unencrypted.",
                hint="Generate one with `manage.py file_key_new` and keep a copy off the server.",
                id="vault.E001",
            )
        ]
    try:
        master_keys()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="vault.E002")]
    if settings.FILE_ENCRYPTION_DEVELOPMENT_KEY in settings.FILE_ENCRYPTION_KEYS:
        return [
            Error(
                "FILE_ENCRYPTION_KEYS contains the development key, which is public.",
                hint="Generate a real key with `manage.py file_key_new`.",
                id="vault.E003",
            )
        ]
    return []
