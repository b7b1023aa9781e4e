from django.urls import path

from incidents.views import ban_link, public

urlpatterns = [
    path("s/<slug:slug>/concern/", public.ConcernView.as_view(), name="concern"),
    path(
        "s/<slug:slug>/concern/attached/<uuid:public_id>/",
        public.concern_kept_thumbnail,
        name="concern_kept_thumbnail",
    ),
    path("s/<slug:slug>/concern/received/", public.concern_received, name="concern_received"),
    path("concern/<str:token>/", public.FollowUpView.as_view(), name="concern_follow_up"),
    path(
        "concern/<str:token>/screenshot/<uuid:public_id>/",
        public.follow_up_thumbnail,
        name="concern_follow_up_thumbnail",
    ),
    path("ban/<str:token>/", ban_link.BanLinkView.as_view(), name="ban_link"),
]
