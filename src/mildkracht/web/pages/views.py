from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader

from mildkracht.web.accounts.actions import owner_setup_needed
from mildkracht.web.help import HELP


def home(request: HttpRequest) -> HttpResponse:
    if owner_setup_needed():
        return redirect("accounts:setup")
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return render(request, "pages/home.html")


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/help.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "pages/404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "pages/403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: whatever failed (the database?) must not fail again here.
    html = loader.get_template("pages/500.html").render({"help_countries": HELP})
    return HttpResponseServerError(html)
