from decimal import Decimal

import django.core.validators
from django.db import migrations, models

HELP = (
    "El portal abre en la última vigencia cuya publicación tiene valor para al menos esta fracción de los "
    "compromisos e indicadores programados del año; una vigencia por debajo se muestra como parcial, con su "
    "cobertura y sin cifras globales."
)


def field() -> models.DecimalField:
    return models.DecimalField(
        decimal_places=3,
        default=Decimal("0.8"),
        help_text=HELP,
        max_digits=4,
        validators=[
            django.core.validators.MinValueValidator(Decimal("0")),
            django.core.validators.MaxValueValidator(Decimal("1")),
        ],
        verbose_name="cobertura para abrir el portal",
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_catalogue_history")]

    operations = [
        migrations.AddField(model_name="plan", name="headline_coverage", field=field()),
        migrations.AddField(model_name="historicalplan", name="headline_coverage", field=field()),
    ]
