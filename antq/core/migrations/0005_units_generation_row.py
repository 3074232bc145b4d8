from django.db import migrations


def create_row(apps, schema_editor):
    # The row exists from the start, so moving the counter is always one UPDATE (antq.core.generations).
    apps.get_model("core", "Generation").objects.get_or_create(key="units")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_generation")]
    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
