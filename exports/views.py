"""Staff pages for exports. Each finds its job or bundle within the user's current school (another
school's is a 404) after StaffMixin checked the role; the services check the role again."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from config.client_address import client_address
from exports.forms import BundleForm, ExportForm
from exports.models import CaseBundle, ExportJob, Format
from exports.selectors import (
    bundle_for_school,
    job_for_school,
    recent_jobs,
    records_for_school,
)
from exports.services.bundles import bundle_request
from exports.services.downloads import bundle_download_open, export_download_open
from exports.services.exports import export_csv_stream, export_request
from incidents.selectors import case_for_action
from incidents.services.errors import NotNow
from incidents.views.files import private_file_response
from policies.access import StaffMixin
from policies.permissions import Action, role_allows

CONTENT_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.PDF: "application/pdf",
}
EXPORT_DENIED = "Only the headteacher and the bursar export case records."
BUNDLE_DENIED = "Only the headteacher can prepare a case bundle."


def _no_store(response):
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ExportView(StaffMixin, FormView):
    template_name = "exports/form.html"
    form_class = ExportForm
    required_action = Action.EXPORT
    denied_message = EXPORT_DENIED

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            jobs=recent_jobs(school=self.school, user=self.request.user),
            can_see_history=role_allows(self.membership.role, Action.DECIDE),
            sync_max_rows=settings.EXPORT_SYNC_MAX_ROWS,
            retention_hours=settings.EXPORT_RETENTION_HOURS,
            **kwargs,
        )

    def form_valid(self, form):
        started = export_request(
            school=self.school,
            by=self.request.user,
            filters=form.filters(),
            format=form.cleaned_data["format"],
            address=client_address(self.request),
        )
        if started.job is not None:
            return HttpResponseRedirect(reverse("exports:job", args=[started.job.public_id]))
        response = StreamingHttpResponse(
            export_csv_stream(started), content_type=CONTENT_TYPES[Format.CSV]
        )
        name = f"{self.school.slug}-cases-{timezone.localtime():%Y-%m-%d-%H%M}.csv"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return _no_store(response)


class JobMixin(StaffMixin):
    required_action = Action.EXPORT
    denied_message = EXPORT_DENIED

    def get_job(self) -> ExportJob:
        if not hasattr(self, "_job"):
            self._job = job_for_school(school=self.school, public_id=self.kwargs["public_id"])
        return self._job


class JobView(JobMixin, TemplateView):
    template_name = "exports/job.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.get_job(), **kwargs)


class JobStatusView(JobMixin, View):
    def get(self, request, public_id):
        job = self.get_job()
        return _no_store(
            JsonResponse(
                {
                    "status": job.status,
                    "label": job.get_status_display(),
                    "done": job.done,
                    "total": job.total,
                    "percent": job.percent,
                    "finished": job.is_finished,
                }
            )
        )


class JobDownloadView(JobMixin, View):
    def get(self, request, public_id):
        try:
            job = export_download_open(
                job=self.get_job(), by=request.user, address=client_address(request)
            )
        except NotNow as refusal:
            raise Http404(str(refusal)) from None
        created = timezone.localtime(job.created_at)
        return private_file_response(
            job.file,
            content_type=CONTENT_TYPES[job.format],
            filename=f"{self.school.slug}-cases-{created:%Y-%m-%d-%H%M}.{job.format}",
            attachment=True,
        )


class HistoryView(StaffMixin, ListView):
    template_name = "exports/history.html"
    context_object_name = "records"
    paginate_by = 50
    required_action = Action.DECIDE
    denied_message = "Only the headteacher can see the record of exports."

    def get_queryset(self):
        return records_for_school(school=self.school)


class BundleNewView(StaffMixin, FormView):
    template_name = "exports/bundle_form.html"
    form_class = BundleForm
    required_action = Action.DECIDE
    denied_message = BUNDLE_DENIED

    def get_case(self):
        if not hasattr(self, "_case"):
            self._case = case_for_action(school=self.school, reference=self.kwargs["reference"])
        return self._case

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.get_case(), **kwargs)

    def form_valid(self, form):
        bundle = bundle_request(
            case=self.get_case(),
            by=self.request.user,
            purpose=form.cleaned_data["purpose"],
            include_reporter=form.cleaned_data["include_reporter"],
            address=client_address(self.request),
        )
        return HttpResponseRedirect(reverse("exports:bundle", args=[bundle.public_id]))


class BundleMixin(StaffMixin):
    required_action = Action.DECIDE
    denied_message = BUNDLE_DENIED

    def get_bundle(self) -> CaseBundle:
        if not hasattr(self, "_bundle"):
            self._bundle = bundle_for_school(school=self.school, public_id=self.kwargs["public_id"])
        return self._bundle


class BundleView(BundleMixin, TemplateView):
    template_name = "exports/bundle.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(bundle=self.get_bundle(), **kwargs)


class BundleStatusView(BundleMixin, View):
    def get(self, request, public_id):
        bundle = self.get_bundle()
        ready = bundle.status == CaseBundle.Status.DONE
        return _no_store(
            JsonResponse(
                {
                    "status": bundle.status,
                    "label": bundle.get_status_display(),
                    "percent": 100 if ready else 0,
                    "finished": bundle.is_finished,
                }
            )
        )


class BundleDownloadView(BundleMixin, View):
    def get(self, request, public_id):
        try:
            bundle = bundle_download_open(
                bundle=self.get_bundle(), by=request.user, address=client_address(request)
            )
        except NotNow as refusal:
            raise Http404(str(refusal)) from None
        return private_file_response(
            bundle.pdf,
            content_type=CONTENT_TYPES[Format.PDF],
            filename=f"{bundle.case.reference}-bundle.pdf",
            attachment=True,
        )
