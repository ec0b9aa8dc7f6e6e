from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.safestring import mark_safe

from mildkracht.web.accounts.actions import owner_setup_needed
from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.courses.participant_views import on_home_page
from mildkracht.web.help import HELP
from mildkracht.web.lan import lan_url, qr_svg
from mildkracht.web.pages.next_step import next_step
from mildkracht.web.program.clock import local_today


def home(request: HttpRequest) -> HttpResponse:
    if owner_setup_needed():
        return redirect("accounts:setup")
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    courses = on_home_page(request.user, local_today(request.user))
    return render(request, "pages/home.html", {"step": next_step(request.user), **courses})


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/help.html")


@login_required
def on_your_phone(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How to open Mildkracht on a phone: the address and its QR code, when `serve --lan`."""
    url = lan_url()
    context = {
        "lan_url": url,
        "qr_code": mark_safe(qr_svg(url)) if url else "",
        "secure": request.is_secure(),
    }
    return render(request, "pages/phone.html", context)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Our own BadRequest says what to do, in the person's language; Django's other 400s
    # (a suspicious request) may echo what was sent, and are not shown.
    reason = str(exception) if type(exception) is BadRequest else ""
    return render(request, "pages/400.html", {"reason": reason}, status=400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "pages/404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "pages/403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: whatever failed (the database?) must not fail again here.
    html = loader.get_template("pages/500.html").render({"help_countries": HELP})
    return HttpResponseServerError(html)
