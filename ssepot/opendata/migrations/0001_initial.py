# OpenSdgSeries moves here from the api app (docs/decisions/0009-layers.md). Its table stays as it was
# (api_opensdgseries): this migration only tells Django's state where the model lives now.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('api', '0002_opensdg_series'),
        ('catalogue', '0002_figure_thresholds'),
        ('indicators', '0004_plan_first_keys'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OpenSdgSeries',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sdg_code', models.CharField(help_text='p. ej. 11-1-1', max_length=40, verbose_name='código Open SDG')),
                        ('position', models.PositiveIntegerField(default=0, verbose_name='orden en el archivo')),
                        ('columns', models.JSONField(blank=True, default=list, verbose_name='columnas de desagregación')),
                        ('key', models.JSONField(blank=True, default=dict, verbose_name='valores de desagregación')),
                        ('year_labels', models.JSONField(blank=True, default=dict, verbose_name='años escritos como rango')),
                        ('metadata', models.JSONField(blank=True, default=dict, verbose_name='metadatos YAML')),
                        ('indicator', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='opensdg', to='indicators.indicator', verbose_name='indicador')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalogue.plan', verbose_name='plan')),
                    ],
                    options={
                        'verbose_name': 'serie Open SDG',
                        'verbose_name_plural': 'series Open SDG',
                        'ordering': ['plan', 'sdg_code', 'position'],
                        'db_table': 'api_opensdgseries',
                        'constraints': [models.UniqueConstraint(fields=('plan', 'sdg_code', 'position'), name='opensdgseries_unique_position')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
