from django.db import migrations


class Migration(migrations.Migration):
    """The plan's traffic-light thresholds live in its calculation rules now: the columns go once
    ``indicators.0011`` has carried their values (and their history) there."""

    dependencies = [
        ("catalogue", "0005_plan_review_settings"),
        ("indicators", "0011_traffic_thresholds_in_rules"),
    ]

    operations = [
        migrations.RemoveField(model_name="historicalplan", name="traffic_green"),
        migrations.RemoveField(model_name="historicalplan", name="traffic_red"),
        migrations.RemoveField(model_name="plan", name="traffic_green"),
        migrations.RemoveField(model_name="plan", name="traffic_red"),
    ]
