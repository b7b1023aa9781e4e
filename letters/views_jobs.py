"""Background work that failed after its retries, for the headteacher to see and retry."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from incidents.models import Notification
from incidents.selectors import failed_notifications
from incidents.services.errors import NotNow
from incidents.services.notifications import notification_retry
from letters.models import LetterRender
from policies.access import StaffMixin
from policies.permissions import Action


class FailedJobsView(StaffMixin, TemplateView):
    template_name = "letters/failed_jobs.html"
    required_action = Action.DECIDE
    denied_message = "Only the headteacher sees failed background jobs."

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            notifications=list(failed_notifications(school=self.school)[:100]),
            renders=list(
                LetterRender.objects.filter(
                    letter__case__school=self.school, status=LetterRender.Status.FAILED
                ).select_related("letter__case")[:100]
            ),
            **kwargs,
        )


class RetryNotificationView(StaffMixin, View):
    required_action = Action.DECIDE

    def post(self, request, pk):
        notification = get_object_or_404(Notification, pk=pk, school=self.school)
        try:
            notification_retry(notification=notification, by=request.user)
            messages.success(request, "The e-mail will be sent again.")
        except NotNow as refusal:
            messages.error(request, str(refusal))
        return HttpResponseRedirect(reverse("letters:failed_jobs"))
