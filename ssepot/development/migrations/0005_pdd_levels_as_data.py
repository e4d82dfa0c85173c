"""A development plan's levels become data (``PddLevel``): any depth, any names. The existing plans get the
three levels their nodes always had (línea / pilar, componente, programa), so their figures do not move."""

import django.db.models.deletion
from django.db import migrations, models

DEFAULT_LEVELS = [("linea", "Línea / pilar"), ("componente", "Componente"), ("programa", "Programa")]


def default_levels(apps, schema_editor):
    DevelopmentPlan = apps.get_model("development", "DevelopmentPlan")
    PddLevel = apps.get_model("development", "PddLevel")
    PddLevel.objects.bulk_create(
        PddLevel(plan_id=pdd.plan_id, development_plan_id=pdd.pk, depth=depth, key=key, name=name)
        for pdd in DevelopmentPlan.objects.all()
        for depth, (key, name) in enumerate(DEFAULT_LEVELS, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_plan_headline_coverage"),
        ("development", "0004_investment_budget_columns"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalpddnode",
            name="level",
            field=models.CharField(
                help_text="La clave del nivel en la estructura del plan (p. ej. programa)",
                max_length=40,
                verbose_name="nivel",
            ),
        ),
        migrations.AlterField(
            model_name="pddnode",
            name="level",
            field=models.CharField(
                help_text="La clave del nivel en la estructura del plan (p. ej. programa)",
                max_length=40,
                verbose_name="nivel",
            ),
        ),
        migrations.CreateModel(
            name="PddLevel",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "depth",
                    models.PositiveSmallIntegerField(help_text="1 es el nivel superior", verbose_name="profundidad"),
                ),
                ("key", models.SlugField(max_length=40, verbose_name="clave")),
                ("name", models.CharField(max_length=120, verbose_name="nombre")),
                (
                    "development_plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="levels",
                        to="development.developmentplan",
                        verbose_name="plan de desarrollo",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="catalogue.plan",
                        verbose_name="plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "nivel de la estructura del plan de desarrollo",
                "verbose_name_plural": "niveles de la estructura de los planes de desarrollo",
                "ordering": ["plan", "development_plan", "depth"],
                "constraints": [
                    models.UniqueConstraint(fields=("development_plan", "depth"), name="pddlevel_unique_depth"),
                    models.UniqueConstraint(fields=("development_plan", "key"), name="pddlevel_unique_key"),
                ],
            },
        ),
        migrations.RunPython(default_levels, migrations.RunPython.noop),
    ]
