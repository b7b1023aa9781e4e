"""Staff pages: dashboard, case list, case detail, approvals, the ban register."""

from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import FormView, TemplateView, View

from config.client_address import client_address
from incidents.case_page import arrange, case_headline, case_offers
from incidents.casestamp import page_cache_key, stamped
from incidents.forms.filters import CaseFilterForm
from incidents.forms.staff import DecideEscalationForm
from incidents.models import Case, EscalationRequest, ModerationRequest, SiteBan
from incidents.pagination import keyset_page
from incidents.queue import waiting_page
from incidents.selectors.bans import ban_register, ban_register_groups
from incidents.selectors.case_detail import (
    CaseHead,
    case_for_page,
    case_in_full,
    case_school_elsewhere,
    case_viewers,
)
from incidents.selectors.cases import (
    CaseFilters,
    case_list,
    case_list_count,
    case_list_rows,
    case_search,
)
from incidents.selectors.dashboard import LIST_LIMIT, dashboard, status_counts
from incidents.services.disclosures import ban_register_print, case_page_open
from incidents.services.errors import NotNow
from incidents.services.reminders import case_reminders
from incidents.services.workflow import escalation_decide
from incidents.signals import case_page_panels, dashboard_panels
from letters.pdf import html_to_pdf
from policies.access import StaffMixin
from policies.permissions import Action, role_allows

# The list of records (the exports app's records view, see exports.records).
RECORDS = "records:list"
RECORDS_ONLY = "Your role sees case records (facts, not allegations): open Records."


class DashboardView(StaffMixin, TemplateView):
    template_name = "incidents/staff/dashboard.html"
    trust_home = True

    def get_context_data(self, **kwargs):
        role = self.membership.role
        if not role_allows(role, Action.VIEW_CASE_CONTENT):  # a records role: the counts only
            counts = status_counts(school=self.school)
            return super().get_context_data(
                records_only=True,
                list_url=reverse(RECORDS),
                state_counts=[(v, label, counts[v]) for v, label in Case.Status.choices],
                **kwargs,
            )
        is_head = role_allows(role, Action.DECIDE)
        data = dashboard(school=self.school, user=self.request.user)
        counts = data.pop("counts")
        # The headteacher sees all that waits for them; others what they sent and still waits.
        waiting = waiting_page(
            school=self.school,
            size=LIST_LIMIT,
            asked_by=None if is_head else self.request.user,
        )
        panels = dashboard_panels.send(
            sender=DashboardView,
            school=self.school,
            role=role,
            today=timezone.localdate(),
            limit=LIST_LIMIT,
        )
        return super().get_context_data(
            **data,
            panels=[panel for _, panel in panels if panel is not None],
            waiting=waiting.items,
            more_waiting=bool(waiting.next_cursor),
            is_head=is_head,
            list_limit=LIST_LIMIT,
            list_url=reverse("staff:case_list"),
            state_counts=[(value, label, counts[value]) for value, label in Case.Status.choices],
            **kwargs,
        )


class CaseListView(StaffMixin, TemplateView):
    template_name = "incidents/staff/case_list.html"
    page_size = 25

    def get(self, request, *args, **kwargs):
        if not role_allows(self.membership.role, Action.VIEW_CASE_CONTENT):
            # A records role lists records instead, searched by reference only.
            query = QueryDict(mutable=True)
            query.update({k: request.GET[k] for k in ("q", "status") if request.GET.get(k)})
            return HttpResponseRedirect(f"{reverse(RECORDS)}?{query.urlencode()}".rstrip("?"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        filter_form = CaseFilterForm(self.request.GET or None, school=self.school)
        filters = filter_form.filters()
        # The search is paged condition by condition (keyset_page's any_of), not filtered.
        cases = case_list(school=self.school, filters=replace(filters, q=""))
        search = case_search(filters.q, school=self.school) if filters.q.strip() else None
        page = keyset_page(
            case_list_rows(cases),
            any_of=search,
            sort=filters.sort,
            after=self.request.GET.get("after", ""),
            before=self.request.GET.get("before", ""),
            size=self.page_size,
        )
        count, more = case_list_count(
            school=self.school, filters=filters, cases=cases, any_of=search
        )
        query = self.request.GET.copy()
        for key in ("after", "before"):
            query.pop(key, None)
        return super().get_context_data(
            filter_form=filter_form,
            cases=page.items,
            page=page,
            count=count,
            more=more,
            filtered=filters != CaseFilters(sort=filters.sort),
            querystring=query.urlencode(),
            **kwargs,
        )


class CaseDetailView(StaffMixin, TemplateView):
    """The case page. Its body is cached per case stamp, person, role, DSL designation and day
    (the stamp rises with every change to what the page shows: incidents.casestamp), so opening
    a case again costs the case row, the access audit row and a cache read. The audit row is
    written on every view, cached or not."""

    template_name = "incidents/staff/case_detail.html"
    body_template = "incidents/staff/includes/case_body.html"
    # Checked before the cache is read: a records role is never served a cached body.
    required_action = Action.VIEW_CASE_CONTENT
    denied_message = RECORDS_ONLY

    def get(self, request, *args, **kwargs):
        reference = self.kwargs["reference"]
        try:
            self.head = case_for_page(school=self.school, reference=reference)
        except Http404:
            elsewhere = case_school_elsewhere(
                reference=reference, memberships=request._all_memberships, working_in=self.school
            )
            if elsewhere is None:
                raise
            return self.offer_switch(elsewhere, reference)
        return super().get(request, *args, **kwargs)

    def offer_switch(self, elsewhere, reference: str):
        """The case is at another school where this person may open it: offer to switch there
        (a POST, so following a link never changes the school by itself)."""
        context = {**self.layout_context(), "elsewhere": elsewhere, "reference": reference}
        return render(self.request, "incidents/staff/case_elsewhere.html", context)

    def get_context_data(self, **kwargs):
        case = self.head
        case_page_open(case=case, by=self.request.user, address=client_address(self.request))
        return super().get_context_data(case=case, body=self.body(case), **kwargs)

    def body(self, case: CaseHead) -> str:
        role, user = self.membership.role, self.request.user
        key = None
        if stamped() and settings.CASE_PAGE_CACHE_SECONDS > 0:
            today = timezone.localdate().isoformat()
            key = page_cache_key(
                case_id=case.pk,
                stamp=case.stamp,
                user_id=user.pk,
                role=role,
                lead=self.membership.safeguarding_lead,
                day=today,
            )
            body = cache.get(key)
            if body is not None:
                return mark_safe(body)  # noqa: S308 (our own template's output, escaped there)
        body = render_to_string(
            self.body_template, self.body_context(case.pk), request=self.request
        )
        if key:
            cache.set(key, str(body), settings.CASE_PAGE_CACHE_SECONDS)
        return body

    def body_context(self, pk: int) -> dict:
        case, timeline = case_in_full(pk=pk)
        role = self.membership.role
        overdue, upcoming = case_reminders(case)
        can_decide = role_allows(role, Action.DECIDE)
        return {
            "viewers_url": reverse("staff:case_viewers", args=[case.reference])
            if can_decide
            else "",
            "case": case,
            "timeline": timeline,
            "headline": case_headline(case),
            "overdue": overdue,
            "upcoming": upcoming,
            "offers": case_offers(case, self.request.user, self.membership),
            **arrange(case, timeline),
            "can_view_evidence": role_allows(role, Action.VIEW_EVIDENCE),
            "can_work": role_allows(role, Action.WORK_CASES) and case.is_open,
            "can_decide": can_decide,
            "panels": [
                panel
                for _, panel in case_page_panels.send(
                    sender=Case, case=case, role=role, event_kinds={e.kind for e in timeline}
                )
                if panel
            ],
            "awaiting_answer": ModerationRequest.Answer.AWAITING,
            "ban_intended": SiteBan.State.INTENDED,
            "ban_reviewable": [SiteBan.State.CONFIRMED, SiteBan.State.UNDER_REVIEW],
        }


class CaseViewersView(StaffMixin, TemplateView):
    """Who has opened this case: the headteacher's view of the access audit."""

    template_name = "incidents/staff/case_viewers.html"
    required_action = Action.DECIDE
    denied_message = "Only the headteacher sees who has viewed a case."

    def get_context_data(self, **kwargs):
        case = get_object_or_404(Case, school=self.school, reference=self.kwargs["reference"])
        visits, more = case_viewers(case=case)
        return super().get_context_data(case=case, visits=visits, more=more, **kwargs)


class ApprovalsView(StaffMixin, TemplateView):
    """Everything waiting for the headteacher (incidents.queue), oldest first, a page at a time,
    so the page costs the same however much waits."""

    template_name = "incidents/staff/approvals.html"
    page_size = 20
    required_action = Action.DECIDE
    denied_message = "Only the headteacher approves escalations and letters."

    def get_context_data(self, **kwargs):
        after = self.request.GET.get("after", "")
        page = waiting_page(school=self.school, after=after, size=self.page_size)
        return super().get_context_data(items=page.items, page=page, first_page=not after, **kwargs)


class DecideEscalationView(StaffMixin, FormView):
    template_name = "incidents/staff/decide_escalation.html"
    form_class = DecideEscalationForm
    required_action = Action.DECIDE
    denied_message = "Only the headteacher approves escalations."
    proposal = None  # read once a request by get_proposal()

    def get_proposal(self) -> EscalationRequest:
        if self.proposal is None:
            self.proposal = get_object_or_404(
                EscalationRequest.objects.select_related("case", "requested_by"),
                pk=self.kwargs["pk"],
                case__school=self.school,
            )
        return self.proposal

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.get_proposal(), **kwargs)

    def form_valid(self, form):
        proposal = self.get_proposal()
        approve = form.cleaned_data["decision"] == "approve"
        try:
            escalation_decide(
                escalation=proposal,
                by=self.request.user,
                approve=approve,
                note=form.cleaned_data["note"],
            )
        except NotNow as refusal:  # e.g. decided meanwhile: the note typed stays on the page
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{proposal.case.reference}: escalation {'approved' if approve else 'rejected'}.",
        )
        return HttpResponseRedirect(reverse("staff:approvals"))


class BanRegisterView(StaffMixin, TemplateView):
    """It names parents and says how to recognise them: SLT and the headteacher only."""

    template_name = "incidents/staff/ban_register.html"
    required_action = Action.VIEW_CASE_CONTENT

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=ban_register_groups(school=self.school),
            due=list(ban_register(school=self.school, due_within_days=14)),
            **kwargs,
        )


class BanRegisterPdfView(StaffMixin, View):
    """The register on one A4 page for the school office; each download is audited."""

    required_action = Action.VIEW_CASE_CONTENT

    def get(self, request):
        ban_register_print(school=self.school, by=request.user, address=client_address(request))
        html = render_to_string(
            "incidents/staff/ban_register_pdf.html",
            {
                "school": self.school,
                "groups": ban_register_groups(school=self.school),
                "today": timezone.localdate(),
            },
        )
        pdf, _ = html_to_pdf(html)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="site-ban-register.pdf"'
        response["Cache-Control"] = "no-store"
        return response
