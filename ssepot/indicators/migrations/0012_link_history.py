"""The links of a Indicator (projects) are kept with its history (ADR 0006): each history row carries the
links at that moment. The history rows written before carry the links as they are now: links had no
history, so, like rows written without history, they count as unchanged."""

from collections import defaultdict
from typing import Any

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


def links_of_earlier_history(apps: Any, schema_editor: Any) -> None:
    owner = apps.get_model("indicators", "Indicator")
    history = apps.get_model("indicators", "HistoricalIndicator")
    links = apps.get_model("indicators", "HistoricalIndicator_projects")
    current: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, owner_id, other_id in owner.projects.through.objects.values_list(
        "pk", "indicator_id", "project_id"
    ):
        current[owner_id].append((pk, other_id))
    rows = (
        links(history_id=history_id, id=pk, indicator_id=owner_id, project_id=other_id)
        for history_id, owner_id in history.objects.values_list("history_id", "id").iterator()
        for pk, other_id in current.get(owner_id, ())
    )
    links.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0011_traffic_thresholds_in_rules"),
        ("projects", "0005_project_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalIndicator_projects",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="indicators.historicalindicator",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.indicator",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="projects.project",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalIndicator_projects",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(links_of_earlier_history, migrations.RunPython.noop),
    ]
