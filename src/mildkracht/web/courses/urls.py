from django.urls import path

from mildkracht.web.courses import participant_views, two_factor, views

app_name = "courses"
urlpatterns = [
    path("", views.course_list, name="list"),
    path("new/", views.course_create, name="create"),
    path("<int:pk>/", views.course_detail, name="detail"),
    path("<int:pk>/edit/", views.course_edit, name="edit"),
    path("<int:pk>/invitations/new/", views.invitation_create, name="invitation_create"),
    path("<int:pk>/invitations/<int:invitation>/", views.invitation_show, name="invitation"),
    path(
        "<int:pk>/invitations/<int:invitation>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<int:pk>/report.pdf", views.report, name="report"),
    path("<int:pk>/export.zip", views.export, name="export"),
    path("two-factor/", two_factor.second_factor, name="two_factor"),
    path("two-factor/set-up/", two_factor.set_up, name="two_factor_setup"),
    path("join/", participant_views.join_with_code, name="join_with_code"),
    path("join/<str:code>/", participant_views.join, name="join"),
    path("mine/<int:pk>/", participant_views.my_course, name="mine"),
    path("mine/<int:pk>/consent/", participant_views.consent, name="consent"),
    path(
        "mine/<int:pk>/sessions/<int:number>/",
        participant_views.attendance,
        name="attendance",
    ),
    path("mine/<int:pk>/leave/", participant_views.leave, name="leave"),
]
