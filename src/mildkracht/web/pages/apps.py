from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "mildkracht.web.pages"
    label = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from mildkracht.web.personal_cache import connect_signals

        connect_signals()
