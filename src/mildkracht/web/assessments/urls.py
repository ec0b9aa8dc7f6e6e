from django.urls import path

from mildkracht.web.assessments import views

app_name = "assessments"
urlpatterns = [
    path("questionnaires/", views.questionnaires, name="questionnaires"),
    path("questionnaires/<slug:instrument_id>/", views.start, name="start"),
    path("assessments/<int:pk>/", views.answer, name="answer"),
    path("assessments/<int:pk>/result/", views.result, name="result"),
    path("assessments/<int:pk>/delete/", views.delete, name="delete"),
    path("profile/", views.profile, name="profile"),
    path("profile/history/", views.history, name="history"),
    path("api-tokens/new/", views.token_create, name="token_create"),
    path("api-tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
