"""The subject access request pages: the list, logging one, its page (matches, history,
steps), the extension and the confirmation before it is marked sent."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, ListView, TemplateView

from config.client_address import client_address
from incidents.services.errors import NotPermitted
from policies.access import StaffMixin
from policies.permissions import Action, role_allows
from sar.deadlines import MAX_EXTENSION_MONTHS, deadline_for
from sar.forms import DecideForm, ExtendForm, LogForm, NothingForm
from sar.models import SarMatch
from sar.selectors import sar_history, sar_in_school, sar_matches, sars_for_school
from sar.services import (
    PREPARE_DENIED,
    SEND_DENIED,
    TRANSITIONS,
    SarRefused,
    sar_disclosure_prepare,
    sar_extend,
    sar_log,
    sar_match_decide,
    sar_nothing_to_disclose,
    sar_open,
    sar_search,
    sar_transition,
    sar_transitions_for,
)

# The buttons for the service's steps (TRANSITIONS), as staff read them.
STEP_BUTTONS = {
    "mark_ready": "Mark ready for review",
    "reopen": "Back to preparing",
    "mark_sent": "Mark as sent",
}


class SarMixin(StaffMixin):
    required_action = Action.PREPARE_SAR
    denied_message = PREPARE_DENIED

    def get_sar(self):
        if not hasattr(self, "_sar"):
            self._sar = get_object_or_404(sar_in_school(school=self.school, pk=self.kwargs["pk"]))
        return self._sar

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)

    def address(self):
        return client_address(self.request) or None

    def refused(self, refusal: SarRefused):
        messages.error(self.request, str(refusal))
        return HttpResponseRedirect(self.get_sar().get_absolute_url())


class SarListView(SarMixin, ListView):
    template_name = "sar/list.html"
    context_object_name = "sars"
    paginate_by = 50

    def get_queryset(self):
        return sars_for_school(school=self.school)


class SarLogView(SarMixin, FormView):
    template_name = "sar/log_form.html"
    form_class = LogForm

    def form_valid(self, form):
        try:
            sar = sar_log(
                school=self.school,
                by=self.request.user,
                address=self.address(),
                **form.cleaned_data,
            )
        except SarRefused as refusal:
            form.add_error(refusal.field, str(refusal))
            return self.form_invalid(form)
        found = sar.matches.count()
        messages.success(
            self.request,
            f"Logged; due {sar.deadline:%-d %B %Y}. Cases found to check: {found}.",
        )
        return HttpResponseRedirect(sar.get_absolute_url())


class SarDetailView(SarMixin, TemplateView):
    template_name = "sar/detail.html"

    def get_context_data(self, **kwargs):
        sar = self.get_sar()
        sar_open(sar=sar, by=self.request.user, address=self.address())
        role = self.membership.role
        steps = sar_transitions_for(sar=sar, role=role)
        return super().get_context_data(
            sar=sar,
            matches=sar_matches(sar=sar),
            history=sar_history(sar=sar),
            steps=[(name, STEP_BUTTONS[name]) for name in steps],
            can_decide=sar.state == sar.State.PREPARING,
            can_extend=role_allows(role, Action.SEND_SAR)
            and sar.state != sar.State.SENT
            and sar.extension_months < MAX_EXTENSION_MONTHS
            and timezone.localdate() <= deadline_for(sar.received_on),
            **kwargs,
        )


class SarSearchView(SarMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            sar_search(sar=self.get_sar(), by=request.user, address=self.address())
        except SarRefused as refusal:
            return self.refused(refusal)
        messages.success(request, "Searched the cases again.")
        return HttpResponseRedirect(self.get_sar().get_absolute_url())


class MatchMixin(SarMixin):
    def get_match(self) -> SarMatch:
        return get_object_or_404(
            SarMatch.objects.select_related("request", "case"),
            pk=self.kwargs["match"],
            request=self.get_sar(),
        )


class MatchDecideView(MatchMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        match = self.get_match()
        form = DecideForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Confirm the match or say it is someone else.")
            return HttpResponseRedirect(self.get_sar().get_absolute_url())
        try:
            sar_match_decide(
                match=match,
                decision=form.cleaned_data["decision"],
                by=request.user,
                address=self.address(),
            )
        except SarRefused as refusal:
            return self.refused(refusal)
        return HttpResponseRedirect(f"{self.get_sar().get_absolute_url()}#matches")


class MatchDisclosureView(MatchMixin, TemplateView):
    """Prepare the disclosure of a confirmed case and open its review screen."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            disclosure = sar_disclosure_prepare(
                match=self.get_match(), by=request.user, address=self.address()
            )
        except SarRefused as refusal:
            return self.refused(refusal)
        messages.success(request, "Disclosure prepared: review the suggested redactions.")
        return HttpResponseRedirect(reverse("exports:disclosure", args=[disclosure.public_id]))


class MatchNothingView(MatchMixin, FormView):
    """Record why nothing of a confirmed case is disclosed."""

    template_name = "sar/nothing_form.html"
    form_class = NothingForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(sar=self.get_sar(), match=self.get_match(), **kwargs)

    def form_valid(self, form):
        try:
            sar_nothing_to_disclose(
                match=self.get_match(),
                by=self.request.user,
                address=self.address(),
                **form.cleaned_data,
            )
        except SarRefused as refusal:
            if refusal.field:
                form.add_error(refusal.field, str(refusal))
                return self.form_invalid(form)
            return self.refused(refusal)
        messages.success(self.request, "Recorded: nothing of the case is disclosed.")
        return HttpResponseRedirect(f"{self.get_sar().get_absolute_url()}#matches")


class SarExtendView(SarMixin, FormView):
    template_name = "sar/extend_form.html"
    form_class = ExtendForm
    required_action = Action.SEND_SAR

    def get_context_data(self, **kwargs):
        return super().get_context_data(sar=self.get_sar(), **kwargs)

    def form_valid(self, form):
        try:
            sar = sar_extend(
                sar=self.get_sar(),
                by=self.request.user,
                address=self.address(),
                **form.cleaned_data,
            )
        except SarRefused as refusal:
            form.add_error(refusal.field, str(refusal))
            return self.form_invalid(form)
        messages.success(self.request, f"Extended: now due {sar.deadline:%-d %B %Y}.")
        return HttpResponseRedirect(sar.get_absolute_url())


class SarTransitionView(SarMixin, TemplateView):
    """A step on the request. Marking it sent asks for confirmation first: a GET shows what is
    being confirmed, the POST with `confirmed` does it. The other steps are posted directly."""

    template_name = "sar/confirm_sent.html"

    def get(self, request, *args, **kwargs):
        if self.kwargs["name"] != "mark_sent":  # the other steps are posted from its page
            return HttpResponseRedirect(self.get_sar().get_absolute_url())
        if not role_allows(self.membership.role, Action.SEND_SAR):
            raise NotPermitted(SEND_DENIED)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        sar = self.get_sar()
        allowed = self.kwargs["name"] in sar_transitions_for(sar=sar, role=self.membership.role)
        confirmed = [m for m in sar_matches(sar=sar) if m.decision == SarMatch.Decision.CONFIRMED]
        return super().get_context_data(sar=sar, allowed=allowed, confirmed=confirmed, **kwargs)

    def post(self, request, *args, **kwargs):
        name = self.kwargs["name"]
        if name == "mark_sent" and not request.POST.get("confirmed"):
            return self.get(request, *args, **kwargs)
        try:
            sar = sar_transition(
                sar=self.get_sar(), name=name, by=request.user, address=self.address()
            )
        except SarRefused as refusal:
            return self.refused(refusal)
        messages.success(request, f"{TRANSITIONS[name][3]}.")
        return HttpResponseRedirect(sar.get_absolute_url())
