"""The table of the database cache (`CACHES` without `REDIS_URL`: the concern form's rate limit,
sessions, the case page cache), so a site made with `migrate` alone never needs
`createcachetable`. Its columns are those `createcachetable` makes; IF NOT EXISTS keeps a site
that already ran that command as it is."""

from django.db import migrations

TABLE = "conductdesk_cache"
EXPIRES_TYPE = {"sqlite": "datetime", "postgresql": "timestamp with time zone"}


def create(apps, schema_editor):
    expires = EXPIRES_TYPE[schema_editor.connection.vendor]
    schema_editor.execute(
        f'CREATE TABLE IF NOT EXISTS "{TABLE}" ("cache_key" varchar(255) NOT NULL PRIMARY KEY, '
        f'"value" text NOT NULL, "expires" {expires} NOT NULL)'
    )
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{TABLE}_expires" ON "{TABLE}" ("expires")')


def drop(apps, schema_editor):
    schema_editor.execute(f'DROP TABLE IF EXISTS "{TABLE}"')


class Migration(migrations.Migration):
    dependencies = [("incidents", "0012_case_stamp_by_index")]

    operations = [migrations.RunPython(create, drop)]
