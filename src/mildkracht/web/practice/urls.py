from django.urls import path

from mildkracht.web.practice.views import checks, library, log

app_name = "practice"
urlpatterns = [
    path("", log.index, name="index"),
    path("exercises/", library.exercise_list, name="exercise_list"),
    path("exercises/<slug:exercise_id>/", library.exercise_detail, name="exercise_detail"),
    path("exercises/<slug:exercise_id>/play/", library.player, name="player"),
    path("exercises/<slug:exercise_id>/check-in/", checks.check_before, name="check_before"),
    path("timer/", library.timer, name="timer"),
    path("log/", library.log_practice, name="log_practice"),
    path("week/", log.week, name="week"),
    path("goal/", log.goal, name="goal"),
    path("insights/", checks.insights, name="insights"),
    path("sessions/", log.session_list, name="session_list"),
    path("sessions/new/", log.session_new, name="session_new"),
    path("sessions/<int:pk>/edit/", log.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", log.session_delete, name="session_delete"),
    path("sessions/<int:pk>/done/", log.session_done, name="session_done"),
    path("sessions/<int:pk>/check-in/", checks.check_after, name="check_after"),
    path("moments/", log.moment_list, name="moment_list"),
    path("moments/new/", log.moment_new, name="moment_new"),
    path("moments/<int:pk>/edit/", log.moment_edit, name="moment_edit"),
    path("moments/<int:pk>/delete/", log.moment_delete, name="moment_delete"),
    path("moments/<int:pk>/undo/", log.moment_undo, name="moment_undo"),
]
