from django.views.generic import TemplateView

from policies.access import StaffMixin


class DashboardView(StaffMixin, TemplateView):
    template_name = "incidents/staff/dashboard.html"
