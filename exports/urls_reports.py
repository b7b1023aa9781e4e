from django.urls import path

from exports import views_reports as views

app_name = "reports"

urlpatterns = [
    path("", views.SchoolReportView.as_view(), name="school"),
    path("report.pdf", views.SchoolReportView.as_view(output="pdf"), name="school_pdf"),
    path("report.csv", views.SchoolReportView.as_view(output="csv"), name="school_csv"),
    path("trust/", views.TrustReportView.as_view(), name="trust"),
    path("trust/report.pdf", views.TrustReportView.as_view(output="pdf"), name="trust_pdf"),
    path("trust/report.csv", views.TrustReportView.as_view(output="csv"), name="trust_csv"),
]
