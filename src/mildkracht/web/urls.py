from django.urls import include, path

urlpatterns = [
    path("", include("mildkracht.web.pages.urls")),
    path("accounts/", include("mildkracht.web.accounts.urls")),
]

handler404 = "mildkracht.web.pages.views.page_not_found"
handler500 = "mildkracht.web.pages.views.server_error"
