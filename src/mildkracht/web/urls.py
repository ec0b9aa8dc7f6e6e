from django.urls import include, path

from mildkracht.web.api import api
from mildkracht.web.middleware import API_PREFIX

urlpatterns = [
    # First: an API call is then found without trying every page's pattern before it.
    path(API_PREFIX.lstrip("/"), api.urls),
    path("", include("mildkracht.web.pages.urls")),
    path("", include("mildkracht.web.assessments.urls")),
    path("accounts/", include("mildkracht.web.accounts.urls")),
    path("practice/", include("mildkracht.web.practice.urls")),
    path("journal/", include("mildkracht.web.practice.journal_urls")),
    path("program/", include("mildkracht.web.program.urls")),
    path("reflect/", include("mildkracht.web.reflect.urls")),
    path("courses/", include("mildkracht.web.courses.urls")),
]

handler400 = "mildkracht.web.pages.views.bad_request"
handler404 = "mildkracht.web.pages.views.page_not_found"
handler500 = "mildkracht.web.pages.views.server_error"
