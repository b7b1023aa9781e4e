from django.urls import path

from incidents.views import files, staff

app_name = "staff"

urlpatterns = [
    path("", staff.DashboardView.as_view(), name="dashboard"),
    path("cases/", staff.CaseListView.as_view(), name="case_list"),
    path("cases/<str:reference>/", staff.CaseDetailView.as_view(), name="case_detail"),
    path("evidence/<uuid:public_id>/", files.evidence_file, name="evidence_file"),
    path(
        "evidence/<uuid:public_id>/thumbnail/", files.evidence_thumbnail, name="evidence_thumbnail"
    ),
]
