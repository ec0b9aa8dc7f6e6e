from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "mildkracht.web.program"
    label = "program"
    default_auto_field = "django.db.models.BigAutoField"
