from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("", views.ExportView.as_view(), name="form"),
    path("history/", views.HistoryView.as_view(), name="history"),
    path("jobs/<uuid:public_id>/", views.JobView.as_view(), name="job"),
    path("jobs/<uuid:public_id>/status/", views.JobStatusView.as_view(), name="job_status"),
    path("jobs/<uuid:public_id>/download/", views.JobDownloadView.as_view(), name="job_download"),
    path("bundles/new/<str:reference>/", views.BundleNewView.as_view(), name="bundle_new"),
    path("bundles/<uuid:public_id>/", views.BundleView.as_view(), name="bundle"),
    path(
        "bundles/<uuid:public_id>/status/", views.BundleStatusView.as_view(), name="bundle_status"
    ),
    path(
        "bundles/<uuid:public_id>/download/",
        views.BundleDownloadView.as_view(),
        name="bundle_download",
    ),
]
