import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_school(apps, schema_editor):
    SiteBan = apps.get_model("incidents", "SiteBan")
    Case = apps.get_model("incidents", "Case")
    SiteBan.objects.update(
        school_id=Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("school_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0006_case_dashboard_indexes"),
        ("policies", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="siteban",
            name="school",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="site_bans",
                to="policies.school",
            ),
        ),
        migrations.RunPython(fill_school, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="siteban",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="site_bans",
                to="policies.school",
            ),
        ),
        migrations.AddIndex(
            model_name="siteban",
            index=models.Index(fields=["school", "state", "review_on"], name="ban_school_review"),
        ),
        migrations.AddIndex(
            model_name="siteban",
            index=models.Index(
                fields=["school", "state", "representation_deadline"], name="ban_school_deadline"
            ),
        ),
    ]
