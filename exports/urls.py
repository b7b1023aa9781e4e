from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("", views.ExportView.as_view(), name="form"),
    path("history/", views.HistoryView.as_view(), name="history"),
    path("jobs/<uuid:public_id>/", views.JobView.as_view(), name="job"),
    path("jobs/<uuid:public_id>/status/", views.JobStatusView.as_view(), name="job_status"),
    path("jobs/<uuid:public_id>/download/", views.JobDownloadView.as_view(), name="job_download"),
    path(
        "disclosures/new/<str:reference>/",
        views.DisclosureNewView.as_view(),
        name="disclosure_new",
    ),
    path("disclosures/<uuid:public_id>/", views.DisclosureReviewView.as_view(), name="disclosure"),
    path(
        "disclosures/<uuid:public_id>/redactions/<int:pk>/remove/",
        views.RedactionRemoveView.as_view(),
        name="redaction_remove",
    ),
    path(
        "disclosures/<uuid:public_id>/confirm/",
        views.DisclosureConfirmView.as_view(),
        name="disclosure_confirm",
    ),
    path(
        "disclosures/<uuid:public_id>/produce/",
        views.DisclosureProduceView.as_view(),
        name="disclosure_produce",
    ),
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
