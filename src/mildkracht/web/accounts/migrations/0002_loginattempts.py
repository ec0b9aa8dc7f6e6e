from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="LoginAttempts",
            fields=[
                ("key", models.CharField(max_length=80, primary_key=True, serialize=False)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("window_start", models.FloatField()),
            ],
        ),
    ]
