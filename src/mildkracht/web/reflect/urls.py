from django.urls import path

from mildkracht.web.reflect import need, results

app_name = "reflect"
urlpatterns = [
    path("", results.index, name="index"),
    path("balance/<int:pk>/", results.balance, name="balance"),
    path("relationships/<int:pk>/", results.relationships, name="relationships"),
    path("gender/<int:pk>/", results.gender, name="gender"),
    path("need/", need.need, name="need"),
]
