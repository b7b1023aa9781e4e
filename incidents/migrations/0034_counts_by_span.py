from collections import Counter

from django.db import migrations, models

# The school's terms and year as this migration was written (incidents.services.month_counts
# then): a migration keeps its own copy, since the service may change after it.
TERM_STARTS = {9: 9, 10: 9, 11: 9, 12: 9, 1: 1, 2: 1, 3: 1, 4: 4, 5: 4, 6: 4, 7: 4, 8: 4}


def roll_up_months(apps, schema_editor):
    """Each term's and school year's counters: the sums of their months' counters."""
    CaseMonthCount = apps.get_model("incidents", "CaseMonthCount")
    rows = Counter()
    for school_id, month, measure, key, n in (
        CaseMonthCount.objects.filter(span="month")
        .order_by()
        .values_list("school_id", "month", "measure", "key", "count")
    ):
        term = month.replace(month=TERM_STARTS[month.month])
        year = month.replace(year=month.year - (month.month < 9), month=9)
        rows[school_id, "term", term, measure, key] += n
        rows[school_id, "year", year, measure, key] += n
    CaseMonthCount.objects.bulk_create(
        (
            CaseMonthCount(
                school_id=school_id, span=span, month=month, measure=measure, key=key, count=n
            )
            for (school_id, span, month, measure, key), n in rows.items()
        ),
        batch_size=1000,
    )


def drop_terms_and_years(apps, schema_editor):
    apps.get_model("incidents", "CaseMonthCount").objects.exclude(span="month").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0033_case_month_count"),
        ("policies", "0005_trusts"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="casemonthcount",
            name="one_count_per_month_measure",
        ),
        migrations.AddField(
            model_name="casemonthcount",
            name="span",
            field=models.CharField(
                choices=[("month", "A month"), ("term", "A term"), ("year", "A school year")],
                default="month",
                max_length=5,
            ),
        ),
        migrations.AddConstraint(
            model_name="casemonthcount",
            constraint=models.UniqueConstraint(
                fields=("school", "span", "month", "measure", "key"), name="one_count_per_span"
            ),
        ),
        migrations.RunPython(roll_up_months, drop_terms_and_years),
    ]
