from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from mildkracht.web.accounts import actions, email, your_data
from mildkracht.web.accounts.forms import EraseForm, LoginForm, OwnerForm, PreferencesForm
from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.accounts.models import Language, User
from mildkracht.web.assessments.tokens import tokens_of

_login_view = auth_views.LoginView.as_view(
    template_name="accounts/login.html", authentication_form=LoginForm
)


def login_page(request: HttpRequest) -> HttpResponseBase:
    if actions.owner_setup_needed():
        return redirect("accounts:setup")
    response = _login_view(request)
    if request.method == "POST" and request.user.is_authenticated:
        _keep_the_language_chosen_on_the_login_page(request, request.user)
    return response


def _keep_the_language_chosen_on_the_login_page(request: HttpRequest, user: User) -> None:
    """The language switch before logging in sets a cookie; the account then takes it over.

    Otherwise the account's own language would win at once, and English chosen on the
    login page would be gone after the login. A person's cookie otherwise always holds the
    account's language (the middleware keeps it so), so only a new choice differs.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in Language.values and chosen != user.language:
        user.language = chosen
        user.save(update_fields=["language"])


def owner_setup(request: HttpRequest) -> HttpResponse:
    if not actions.owner_setup_needed():
        raise Http404
    form = OwnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.create_owner(
                form.cleaned_data["username"], form.cleaned_data["password1"], get_language()
            )
        except actions.OwnerAlreadyExists:
            raise Http404 from None
        login(request, user)
        messages.success(
            request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.username}
        )
        return redirect("pages:home")
    return render(request, "accounts/setup.html", {"form": form})


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(request.user.language)
        messages.success(request, _("Your settings have been saved."))
        return redirect("accounts:settings")
    context = {
        "form": form,
        "api_tokens": tokens_of(request.user),
        **email.settings_context(request),
    }
    return render(request, "accounts/settings.html", context)


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, also remembered in the account of a logged-in person."""
    response = set_language(request)
    chosen = request.POST.get("language")
    if request.user.is_authenticated and chosen in Language.values:
        request.user.language = chosen
        request.user.save(update_fields=["language"])
    return response


@login_required
@require_GET
def export_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Download everything that is yours, as JSON (journal text included, decrypted)."""
    response = JsonResponse(
        your_data.export(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="mildkracht-export.json"'
    return response


@login_required
@sensitive_post_parameters("password")
def erase_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Delete the account and all its data, after the password is given once more."""
    form = EraseForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        your_data.erase(user)
        messages.success(request, _("Your account and all your data have been deleted."))
        return redirect("pages:help")
    return render(request, "accounts/erase.html", {"form": form})
