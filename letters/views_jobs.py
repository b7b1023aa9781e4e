"""Background work of every kind that failed after its retries, for the headteacher to retry."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from incidents.services.errors import NotNow
from jobs.selectors import failed_jobs
from letters.services.failed_jobs import failed_job_retry
from policies.access import StaffMixin
from policies.permissions import Action


class FailedJobsView(StaffMixin, TemplateView):
    template_name = "letters/failed_jobs.html"
    required_action = Action.DECIDE
    denied_message = "Only the headteacher sees failed background jobs."

    def get_context_data(self, **kwargs):
        return super().get_context_data(jobs=failed_jobs(school_id=self.school.pk), **kwargs)


class RetryJobView(StaffMixin, View):
    required_action = Action.DECIDE

    def post(self, request, kind, pk):
        try:
            failed_job_retry(kind=kind, job_id=pk, school_id=self.school.pk, by=request.user)
            messages.success(request, "It will be tried again.")
        except NotNow as refusal:
            messages.error(request, str(refusal))
        return HttpResponseRedirect(reverse("letters:failed_jobs"))
