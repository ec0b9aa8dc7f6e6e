from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_out
from django.http import HttpRequest


class ProgramConfig(AppConfig):
    name = "mildkracht.web.program"
    label = "program"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        user_logged_out.connect(_forget_this_device, dispatch_uid="program.push.logout")


def _forget_this_device(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """Logging out on a device ends its notifications: they were for the person logged in."""
    from mildkracht.web.program.push import forget_session

    if request is not None and hasattr(request, "session"):
        forget_session(request.session.session_key)
