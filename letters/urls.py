from django.urls import path

from letters import views, views_jobs

app_name = "letters"

urlpatterns = [
    path("failed/", views_jobs.FailedJobsView.as_view(), name="failed_jobs"),
    path("failed/<slug:kind>/<int:pk>/retry/", views_jobs.RetryJobView.as_view(), name="retry_job"),
    path("new/<str:reference>/", views.LetterNewView.as_view(), name="new"),
    path("<int:pk>/", views.LetterDetailView.as_view(), name="detail"),
    path("<int:pk>/preview/", views.LetterPreviewView.as_view(), name="preview"),
    path("<int:pk>/pdf/", views.LetterPdfView.as_view(), name="pdf"),
    path("<int:pk>/edit/", views.LetterEditView.as_view(), name="edit"),
    path(
        "<int:pk>/request-approval/",
        views.LetterRequestApprovalView.as_view(),
        name="request_approval",
    ),
    path("<int:pk>/approve/", views.LetterApproveView.as_view(), name="approve"),
    path("<int:pk>/cancel/", views.LetterCancelView.as_view(), name="cancel"),
    path("<int:pk>/retry/", views.LetterRetryView.as_view(), name="retry"),
    path("<int:pk>/send/", views.LetterSendView.as_view(), name="send"),
]
