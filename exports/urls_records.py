from django.urls import path

from exports import views_records

app_name = "records"

urlpatterns = [
    path("", views_records.RecordListView.as_view(), name="list"),
    path("<str:reference>/", views_records.RecordDetailView.as_view(), name="detail"),
]
