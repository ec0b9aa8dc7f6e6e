from django.urls import path

from mildkracht.web.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("help/", views.help_page, name="help"),
]
