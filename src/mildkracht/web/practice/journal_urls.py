from django.urls import path

from mildkracht.web.practice.views import journal

app_name = "journal"
urlpatterns = [
    path("", journal.entry_list, name="list"),
    path("new/", journal.entry_new, name="new"),
    path("<int:pk>/", journal.entry_detail, name="detail"),
    path("<int:pk>/edit/", journal.entry_edit, name="edit"),
    path("<int:pk>/delete/", journal.entry_delete, name="delete"),
]
