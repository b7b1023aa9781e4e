from django.urls import path

from incidents.views import staff

app_name = "staff"

urlpatterns = [
    path("", staff.DashboardView.as_view(), name="dashboard"),
]
