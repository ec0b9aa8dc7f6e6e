from django.http import HttpRequest

from mildkracht.web.help import HELP, HelpCountry


def help_lines(request: HttpRequest) -> dict[str, tuple[HelpCountry, ...]]:
    """Make the crisis help numbers available to every template."""
    return {"help_countries": HELP}
