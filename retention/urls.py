from django.urls import path

from retention import views

app_name = "retention"

urlpatterns = [
    path("", views.DueListView.as_view(), name="list"),
    path("dispose/", views.DisposeView.as_view(), name="dispose"),
    path("cases/<str:reference>/hold/", views.HoldView.as_view(), name="hold"),
    path("cases/<str:reference>/extend/", views.ExtendView.as_view(), name="extend"),
    path("records/", views.RecordListView.as_view(), name="records"),
    path("records/<int:pk>/", views.CertificateView.as_view(), name="certificate"),
]
