"""The projection cache keeps gzipped JSON keyed by versions (issue 27). Its old rows were keyed by
a document hash and held parsed JSON: they are dropped (a cache refills itself), not converted."""

from django.db import migrations, models


def empty_the_cache(apps, schema_editor):
    apps.get_model("simulation", "CachedProjection").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("simulation", "0009_swedish_labels"),
    ]

    operations = [
        migrations.RunPython(empty_the_cache, migrations.RunPython.noop),
        migrations.RemoveField(model_name="cachedprojection", name="projection"),
        migrations.AddField(
            model_name="cachedprojection",
            name="body",
            field=models.BinaryField(default=b"", verbose_name="projection (gzipped JSON)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="cachedprojection",
            name="summary",
            field=models.BinaryField(default=b"", verbose_name="summary (gzipped JSON)"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="cachedprojection",
            name="cells",
            field=models.BigIntegerField(default=0, verbose_name="cells"),
        ),
        migrations.AddField(
            model_name="cachedprojection",
            name="values",
            field=models.BigIntegerField(default=0, verbose_name="values"),
        ),
    ]
