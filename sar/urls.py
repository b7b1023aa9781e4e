from django.urls import path

from sar import views

app_name = "sar"

urlpatterns = [
    path("", views.SarListView.as_view(), name="list"),
    path("new/", views.SarLogView.as_view(), name="new"),
    path("<int:pk>/", views.SarDetailView.as_view(), name="detail"),
    path("<int:pk>/search/", views.SarSearchView.as_view(), name="search"),
    path("<int:pk>/matches/<int:match>/", views.MatchDecideView.as_view(), name="decide"),
    path(
        "<int:pk>/matches/<int:match>/disclosure/",
        views.MatchDisclosureView.as_view(),
        name="disclosure",
    ),
    path(
        "<int:pk>/matches/<int:match>/nothing/",
        views.MatchNothingView.as_view(),
        name="nothing",
    ),
    path("<int:pk>/extend/", views.SarExtendView.as_view(), name="extend"),
    path("<int:pk>/do/<str:name>/", views.SarTransitionView.as_view(), name="transition"),
]
