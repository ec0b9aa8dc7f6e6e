from django.contrib.auth import views as auth_views
from django.urls import path

from mildkracht.web.accounts import email, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_page, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("setup/", views.owner_setup, name="setup"),
    path("settings/", views.preferences, name="settings"),
    path("settings/email/", email.change, name="email"),
    path("settings/email/confirm/<str:token>/", email.confirm, name="confirm_email"),
    path("language/", views.language, name="language"),
    path("export/", views.export_data, name="export"),
    path("erase/", views.erase_account, name="erase"),
]
