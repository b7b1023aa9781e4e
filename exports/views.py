"""Staff pages for exports. Each finds its job or bundle within the user's current school (another
school's is a 404) after StaffMixin checked the role; the services check the role again."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from config.client_address import client_address
from exports.bundle import RedactionPlan
from exports.forms import (
    AreaForm,
    DisclosureForm,
    ExportForm,
    PassageForm,
    RemoveForm,
    TermForm,
    WithholdForm,
)
from exports.models import CaseBundle, Disclosure, ExportJob, Format, Redaction
from exports.selectors import (
    bundle_for_school,
    disclosure_for_school,
    job_for_school,
    recent_jobs,
    records_for_school,
)
from exports.services.disclosures import (
    disclosure_prepare,
    disclosure_produce,
    disclosure_review,
    redaction_add,
    redaction_remove,
    suggestions_confirm,
)
from exports.services.downloads import bundle_download_open, export_download_open
from exports.services.exports import export_csv_stream, export_request
from incidents.selectors.case_detail import case_for_action
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
BUNDLE_DENIED = "Only the headteacher can produce a case bundle."
DISCLOSURE_DENIED = "Only SLT and the headteacher can prepare a disclosure."


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


class DisclosureNewView(StaffMixin, FormView):
    """Start a disclosure of a case (a case bundle): its review screen follows."""

    template_name = "exports/disclosure_form.html"
    form_class = DisclosureForm
    required_action = Action.PREPARE_DISCLOSURE
    denied_message = DISCLOSURE_DENIED

    def get_case(self):
        if not hasattr(self, "_case"):
            self._case = case_for_action(school=self.school, reference=self.kwargs["reference"])
        return self._case

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.get_case()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.get_case(), **kwargs)

    def form_valid(self, form):
        disclosure = disclosure_prepare(
            case=self.get_case(),
            by=self.request.user,
            purpose=form.cleaned_data["purpose"],
            subject=form.cleaned_data["subject"],
        )
        return HttpResponseRedirect(reverse("exports:disclosure", args=[disclosure.public_id]))


ITEM_FORMS = {"passage": PassageForm, "area": AreaForm, "withhold": WithholdForm}


class DisclosureMixin(StaffMixin):
    required_action = Action.PREPARE_DISCLOSURE
    denied_message = DISCLOSURE_DENIED

    def get_disclosure(self) -> Disclosure:
        if not hasattr(self, "_disclosure"):
            self._disclosure = disclosure_for_school(
                school=self.school, public_id=self.kwargs["public_id"]
            )
        return self._disclosure

    def review_url(self):
        return reverse("exports:disclosure", args=[self.get_disclosure().public_id])

    def refused(self, message):
        return self.not_possible(
            message, back_url=self.review_url(), back_label="Back to the review"
        )


class DisclosureReviewView(DisclosureMixin, TemplateView):
    """Every item the disclosure would include, its redactions, and the forms that add more.
    A form that fails comes back with its errors and what was typed, beside its item."""

    template_name = "exports/disclosure.html"

    def get_context_data(self, bound=None, **kwargs):
        disclosure = self.get_disclosure()
        items, redactions = disclosure_review(
            disclosure=disclosure, by=self.request.user, address=client_address(self.request)
        )
        plan = RedactionPlan.of(redactions)
        bound_kind, bound_form = bound or ("", None)
        bound_item = bound_form.data.get("item", "") if bound_form is not None else ""
        rows = []
        for item in items:
            kinds = ["area", "withhold"] if item.evidence else ["passage", "withhold"]
            forms = {
                kind: bound_form
                if (kind == bound_kind and item.key == bound_item)
                else ITEM_FORMS[kind](initial={"item": item.key}, auto_id=f"{kind}-{item.key}-%s")
                for kind in kinds
            }
            marked = [r for r in redactions if r.item == item.key]
            shown = [
                (label, text, plan.text(text, item.key)) for label, text in item.fields if text
            ]
            rows.append(
                {
                    "item": item,
                    "fields": shown,
                    "withheld": plan.withheld.get(item.key, ""),
                    "forms": forms,
                    "marked": marked,
                }
            )
        return super().get_context_data(
            disclosure=disclosure,
            case=disclosure.case,
            rows=rows,
            terms=[r for r in redactions if r.kind == Redaction.Kind.TERM],
            unconfirmed=sum(1 for r in redactions if not r.confirmed),
            term_form=bound_form if bound_kind == "term" else TermForm(),
            bound_form=bound_form,
            bound_item=bound_item,
            remove_form=RemoveForm(),
            log=disclosure.log.select_related("by"),
            can_produce=role_allows(self.membership.role, Action.DECIDE),
            **kwargs,
        )

    def post(self, request, public_id):
        kind = request.POST.get("kind", "")
        form_class = {"term": TermForm, **ITEM_FORMS}.get(kind)
        if form_class is None:
            return self.refused("That is not a kind of redaction.")
        form = form_class(request.POST, auto_id=f"{kind}-{request.POST.get('item', '')}-%s")
        if form.is_valid():
            data = form.cleaned_data
            try:
                redaction_add(
                    disclosure=self.get_disclosure(),
                    by=request.user,
                    kind=kind,
                    item=data.get("item", ""),
                    text=data.get("text", ""),
                    box=form.box() if kind == "area" else None,
                    exemption=data.get("exemption", ""),
                    reason=data.get("reason", ""),
                )
            except NotNow as refusal:
                return self.refused(str(refusal))
            except ValueError as error:
                form.add_error(None, str(error))
            else:
                return HttpResponseRedirect(self.review_url())
        return self.render_to_response(self.get_context_data(bound=(kind, form)), status=400)


class RedactionRemoveView(DisclosureMixin, View):
    def post(self, request, public_id, pk):
        redaction = get_object_or_404(self.get_disclosure().redactions, pk=pk)
        form = RemoveForm(request.POST)
        form.is_valid()
        try:
            redaction_remove(
                redaction=redaction, by=request.user, reason=form.cleaned_data.get("reason", "")
            )
        except (NotNow, ValueError) as refusal:
            return self.refused(str(refusal))
        return HttpResponseRedirect(self.review_url())


class DisclosureConfirmView(DisclosureMixin, View):
    def post(self, request, public_id):
        try:
            suggestions_confirm(disclosure=self.get_disclosure(), by=request.user)
        except NotNow as refusal:
            return self.refused(str(refusal))
        return HttpResponseRedirect(self.review_url())


class DisclosureProduceView(DisclosureMixin, View):
    required_action = Action.DECIDE
    denied_message = BUNDLE_DENIED

    def post(self, request, public_id):
        try:
            bundle = disclosure_produce(
                disclosure=self.get_disclosure(),
                by=request.user,
                address=client_address(request),
            )
        except NotNow as refusal:
            return self.refused(str(refusal))
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
