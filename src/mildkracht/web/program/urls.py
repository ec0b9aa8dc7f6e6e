from django.urls import path

from mildkracht.web.program import push_views, views

app_name = "program"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("enrol/", views.enrol, name="enrol"),
    path("pause/", views.pause, name="pause"),
    path("resume/", views.resume, name="resume"),
    path("week/<int:number>/", views.week, name="week"),
    path("take/", views.take, name="take"),
    path("progress/", views.progress, name="progress"),
    path("progress/report.pdf", views.report_pdf, name="report"),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/calendar/", views.calendar_feed_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", views.calendar, name="calendar"),
    path("reminders/push/subscribe/", push_views.subscribe, name="push_subscribe"),
    path("reminders/push/unsubscribe/", push_views.unsubscribe, name="push_unsubscribe"),
]
