from django.views.generic import ListView, TemplateView

from incidents.selectors import case_detail, case_list
from policies.access import StaffMixin
from policies.permissions import Action, role_allows


class DashboardView(StaffMixin, TemplateView):
    template_name = "incidents/staff/dashboard.html"


class CaseListView(StaffMixin, ListView):
    template_name = "incidents/staff/case_list.html"
    context_object_name = "cases"
    paginate_by = 25

    def get_queryset(self):
        return case_list(school=self.school)


class CaseDetailView(StaffMixin, TemplateView):
    template_name = "incidents/staff/case_detail.html"

    def get_context_data(self, **kwargs):
        case = case_detail(school=self.school, reference=self.kwargs["reference"])
        return super().get_context_data(
            case=case,
            can_view_evidence=role_allows(self.membership.role, Action.VIEW_EVIDENCE),
            **kwargs,
        )
