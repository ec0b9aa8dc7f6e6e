from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "mildkracht.web.courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from mildkracht.web.courses import middleware  # noqa: F401  (connects the login signal)
