"""Evidence records the picture's size as uploaded, since large pictures are now scaled down.

Evidence stored before this was never scaled, so its original size is its stored size.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("incidents", "0012_case_stamp_by_index")]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="original_width",
            field=models.PositiveIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="evidence",
            name="original_height",
            field=models.PositiveIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.RunSQL(
            "UPDATE incidents_evidence SET original_width = width, original_height = height",
            migrations.RunSQL.noop,
        ),
    ]
