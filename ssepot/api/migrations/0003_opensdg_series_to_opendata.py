# OpenSdgSeries now lives in the opendata app (docs/decisions/0009-layers.md); its table stays, so this
# migration only removes the model from the api app's state.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0002_opensdg_series'),
        ('opendata', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='OpenSdgSeries')],
            database_operations=[],
        ),
    ]
