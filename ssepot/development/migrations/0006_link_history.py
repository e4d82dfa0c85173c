"""The links of a PddNode (systems) are kept with its history (ADR 0006): each history row carries the
links at that moment. The history rows written before carry the links as they are now: links had no
history, so, like rows written without history, they count as unchanged."""

from collections import defaultdict
from typing import Any

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


def links_of_earlier_history(apps: Any, schema_editor: Any) -> None:
    owner = apps.get_model("development", "PddNode")
    history = apps.get_model("development", "HistoricalPddNode")
    links = apps.get_model("development", "HistoricalPddNode_systems")
    current: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, owner_id, other_id in owner.systems.through.objects.values_list("pk", "pddnode_id", "system_id"):
        current[owner_id].append((pk, other_id))
    rows = (
        links(history_id=history_id, id=pk, pddnode_id=owner_id, system_id=other_id)
        for history_id, owner_id in history.objects.values_list("history_id", "id").iterator()
        for pk, other_id in current.get(owner_id, ())
    )
    links.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0006_traffic_thresholds_in_rules"),
        ("development", "0005_pdd_levels_as_data"),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalPddNode_systems",
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
                        to="development.historicalpddnode",
                    ),
                ),
                (
                    "pddnode",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="development.pddnode",
                    ),
                ),
                (
                    "system",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="catalogue.system",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalPddNode_systems",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(links_of_earlier_history, migrations.RunPython.noop),
    ]
