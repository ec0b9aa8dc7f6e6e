from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "mildkracht.web.assessments"
    label = "assessments"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from mildkracht.web.assessments.tokens import forget_token

        post_delete.connect(
            forget_token, sender=self.get_model("ApiToken"), dispatch_uid="tokens.forget"
        )
