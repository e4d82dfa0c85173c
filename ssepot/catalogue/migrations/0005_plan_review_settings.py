from decimal import Decimal

import django.core.validators
from django.db import migrations, models

DUTIES_HELP = (
    "Cada ítem lo validan y lo aprueban personas distintas, y publica quien no aprobó nada de lo que se "
    "publica."
)
MOVE_HELP = (
    "La revisión marca un valor que se aleja del sentido del indicador (baja si es creciente, sube "
    "si es decreciente) más que esta fracción del valor anterior: 0,2 = 20 %."
)


def duties() -> models.BooleanField:
    return models.BooleanField(
        default=False, help_text=DUTIES_HELP, verbose_name="separación de funciones en la revisión"
    )


def threshold() -> models.DecimalField:
    return models.DecimalField(
        decimal_places=3,
        default=Decimal("0.2"),
        help_text=MOVE_HELP,
        max_digits=4,
        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
        verbose_name="revisión: cambio en contra del sentido desde",
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_plan_headline_coverage")]

    operations = [
        migrations.AddField(model_name="plan", name="separate_duties", field=duties()),
        migrations.AddField(model_name="historicalplan", name="separate_duties", field=duties()),
        migrations.AddField(model_name="plan", name="review_move_threshold", field=threshold()),
        migrations.AddField(model_name="historicalplan", name="review_move_threshold", field=threshold()),
    ]
