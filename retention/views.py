"""The headteacher's retention pages: the list of what is due, the confirmation before
disposal, extensions, legal holds, and the records of destruction."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, FormView, ListView

from incidents.selectors.case_detail import case_for_action
from policies.access import StaffMixin
from policies.permissions import Action
from retention.forms import ChooseForm, ExtendForm, HoldForm
from retention.selectors import due_items_for_review, records_for_school, standing_hold
from retention.services.disposal import disposal_approve
from retention.services.errors import RetentionRefused
from retention.services.holds import (
    DENIED,
    legal_hold_clear,
    legal_hold_set,
    retention_extend,
)
from retention.services.schedule import schedule_for


class RetentionMixin(StaffMixin):
    required_action = Action.RETENTION
    denied_message = DENIED


class DueListView(RetentionMixin, ListView):
    template_name = "retention/due_list.html"
    context_object_name = "items"

    def get_queryset(self):
        return due_items_for_review(school=self.school)

    def get_context_data(self, **kwargs):
        rules = sorted(schedule_for(school=self.school).values(), key=lambda r: r.series)
        return super().get_context_data(rules=rules, **kwargs)


class DisposeView(RetentionMixin, FormView):
    """Posted from the list: first the confirmation page naming every item, then (confirmed)
    the disposal. Nothing is disposed of by a GET or by the first post."""

    template_name = "retention/confirm.html"
    form_class = ChooseForm

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(reverse("retention:list"))

    def get_form_kwargs(self):
        ids = due_items_for_review(school=self.school).values_list("pk", flat=True)
        return {**super().get_form_kwargs(), "item_ids": list(ids)}

    def form_invalid(self, form):
        messages.error(self.request, "Tick at least one item that is still on the list.")
        return HttpResponseRedirect(reverse("retention:list"))

    def form_valid(self, form):
        chosen = form.cleaned_data["items"]
        if not form.cleaned_data["confirmed"]:
            items = due_items_for_review(school=self.school).filter(pk__in=chosen)
            return self.render_to_response(self.get_context_data(items=items))
        try:
            records = disposal_approve(school=self.school, item_ids=chosen, by=self.request.user)
        except RetentionRefused as refusal:
            messages.error(self.request, str(refusal))
            return HttpResponseRedirect(reverse("retention:list"))
        messages.success(self.request, f"Disposed of {len(records)} item(s); records below.")
        return HttpResponseRedirect(reverse("retention:records"))


class CaseFormView(RetentionMixin, FormView):
    def get_case(self):
        if not hasattr(self, "_case"):
            self._case = case_for_action(school=self.school, reference=self.kwargs["reference"])
        return self._case

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.get_case(), **kwargs)

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except RetentionRefused as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        return HttpResponseRedirect(self.success_url_for())

    def success_url_for(self) -> str:
        return self.get_case().get_absolute_url()


class HoldView(CaseFormView):
    """Sets a legal hold, or clears the standing one."""

    template_name = "retention/hold_form.html"
    form_class = HoldForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(hold=standing_hold(case=self.get_case()), **kwargs)

    def perform(self, data):
        case, by = self.get_case(), self.request.user
        if standing_hold(case=case) is None:
            legal_hold_set(case=case, reason=data["reason"], by=by)
            messages.success(self.request, "Legal hold set: this case will not be disposed of.")
        else:
            legal_hold_clear(case=case, reason=data["reason"], by=by)
            messages.success(self.request, "Legal hold cleared.")


class ExtendView(CaseFormView):
    template_name = "retention/extend_form.html"
    form_class = ExtendForm

    def perform(self, data):
        retention_extend(
            case=self.get_case(),
            keep_until=data["keep_until"],
            reason=data["reason"],
            by=self.request.user,
        )
        messages.success(self.request, f"Kept until {data['keep_until']:%-d %B %Y}.")

    def success_url_for(self) -> str:
        return reverse("retention:list")


class RecordListView(RetentionMixin, ListView):
    template_name = "retention/records.html"
    context_object_name = "records"
    paginate_by = 50

    def get_queryset(self):
        return records_for_school(school=self.school)


class CertificateView(RetentionMixin, DetailView):
    """The IRMS-style certificate of destruction, laid out to print."""

    template_name = "retention/certificate.html"
    context_object_name = "record"

    def get_object(self, queryset=None):
        return get_object_or_404(
            records_for_school(school=self.school).select_related("approved_by"),
            pk=self.kwargs["pk"],
        )
