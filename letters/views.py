"""Staff pages for letters. Each finds the letter within the user's current school; the
services check role and state again."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import FormView, TemplateView

from config.client_address import client_address
from incidents.selectors.case_detail import case_for_action
from incidents.services.errors import NotNow
from incidents.views.files import private_file_response
from letters.context import letter_recipient
from letters.forms import LetterEditForm, LetterNewForm, LetterSendForm
from letters.models import Letter, LetterRender
from letters.selectors import letter_for_school
from letters.services.delivery import letter_send
from letters.services.drafting import (
    letter_approve,
    letter_cancel,
    letter_draft,
    letter_request_approval,
    letter_update,
)
from letters.services.reading import letter_pdf_open, letter_preview, letter_read
from letters.services.rendering import render_retry
from policies.access import StaffMixin
from policies.permissions import Action, role_allows


class LetterMixin(StaffMixin):
    # A letter's wording is the case's content: a records role (the bursar) never reads it.
    required_action = Action.VIEW_CASE_CONTENT
    denied_message = "Your role does not read letters; it sees case records."

    def get_letter(self) -> Letter:
        if not hasattr(self, "_letter"):
            self._letter = letter_for_school(school=self.school, pk=self.kwargs["pk"])
        return self._letter

    def done(self, text: str):
        messages.success(self.request, text)
        return HttpResponseRedirect(reverse("letters:detail", args=[self.get_letter().pk]))

    def refused(self, refusal: NotNow):
        messages.error(self.request, str(refusal))
        return HttpResponseRedirect(reverse("letters:detail", args=[self.get_letter().pk]))


class LetterDetailView(LetterMixin, TemplateView):
    template_name = "letters/detail.html"

    def get_context_data(self, **kwargs):
        letter = self.get_letter()
        role = self.membership.role
        render_state = getattr(letter, "render", None)
        return super().get_context_data(
            letter=letter,
            render_state=render_state,
            can_work=role_allows(role, Action.WORK_CASES),
            can_decide=role_allows(role, Action.DECIDE),
            generating=render_state is not None
            and render_state.status in {LetterRender.Status.PENDING, LetterRender.Status.RUNNING},
            send_form=LetterSendForm(),
            **kwargs,
        )


@method_decorator(xframe_options_sameorigin, name="dispatch")
class LetterPreviewView(LetterMixin, View):
    """The letter as HTML: live for a draft, the approved snapshot afterwards."""

    def get(self, request, pk):
        html = letter_read(
            letter=self.get_letter(), by=request.user, address=client_address(request)
        )
        return self.letter_response(html)

    def post(self, request, pk):
        """The edit page's wording, not yet saved, as it would print (its Preview button)."""
        html = letter_preview(
            letter=self.get_letter(),
            by=request.user,
            title=request.POST.get("title", "")[:200],
            body=request.POST.get("body", ""),
            recipient_address=request.POST.get("recipient_address"),
            address=client_address(request),
        )
        return self.letter_response(html)

    def letter_response(self, html: str) -> HttpResponse:
        response = HttpResponse(html)
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; img-src data:; frame-ancestors 'self'"
        )
        response["Cache-Control"] = "no-store, private"
        return response


class LetterPdfView(LetterMixin, View):
    def get(self, request, pk):
        letter = self.get_letter()
        try:
            render_state = letter_pdf_open(
                letter=letter, by=request.user, address=client_address(request)
            )
        except NotNow as refusal:
            raise Http404(str(refusal)) from None
        return private_file_response(
            render_state.pdf,
            content_type="application/pdf",
            filename=f"{letter.case.reference}-{letter.kind}.pdf",
            attachment=True,
        )


class LetterNewView(StaffMixin, FormView):
    template_name = "letters/form.html"
    form_class = LetterNewForm
    required_action = Action.WORK_CASES

    def get_case(self):
        if not hasattr(self, "_case"):
            self._case = case_for_action(school=self.school, reference=self.kwargs["reference"])
        return self._case

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.get_case()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.get_case(), title="Draft a letter", **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        letter = letter_draft(
            case=self.get_case(),
            kind=data["kind"],
            by=self.request.user,
            parent=data["parent"],
            recipient_name=data["recipient_name"],
        )
        return HttpResponseRedirect(reverse("letters:edit", args=[letter.pk]))


class LetterEditView(LetterMixin, FormView):
    template_name = "letters/form.html"
    form_class = LetterEditForm
    required_action = Action.WORK_CASES

    def get_initial(self):
        letter = self.get_letter()
        return {
            "title": letter.title,
            "body": letter.body,
            "recipient_address": letter.recipient_address,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "letter": self.get_letter()}

    def get_context_data(self, **kwargs):
        letter = self.get_letter()
        return super().get_context_data(
            case=letter.case,
            letter=letter,
            recipient=letter_recipient(letter),
            title="Edit the draft",
            **kwargs,
        )

    def form_valid(self, form):
        try:
            letter_update(letter=self.get_letter(), by=self.request.user, **form.cleaned_data)
        except NotNow as refusal:  # e.g. approved meanwhile: the wording typed stays on the page
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        return self.done("Draft saved.")


class LetterStepView(LetterMixin, View):
    """A POST that runs one service on the letter; GET shows a confirmation page."""

    step_title = ""

    def get(self, request, pk):
        return render(
            request,
            "letters/confirm.html",
            {
                "letter": self.get_letter(),
                "title": self.step_title,
                "membership": self.membership,
                "school": self.school,
                "memberships": request._all_memberships,
            },
        )

    def post(self, request, pk):
        try:
            return self.done(self.perform())
        except NotNow as refusal:
            return self.refused(refusal)


class LetterApproveView(LetterStepView):
    required_action = Action.DECIDE
    denied_message = "Only the headteacher approves letters."
    step_title = "Approve this letter"

    def perform(self):
        letter_approve(letter=self.get_letter(), by=self.request.user)
        return "Approved. The PDF is being generated."


class LetterRequestApprovalView(LetterStepView):
    required_action = Action.WORK_CASES
    step_title = "Send to the headteacher for approval"

    def perform(self):
        letter_request_approval(letter=self.get_letter(), by=self.request.user)
        return "Sent to the headteacher for approval."


class LetterCancelView(LetterStepView):
    required_action = Action.WORK_CASES
    step_title = "Cancel this draft"

    def perform(self):
        letter_cancel(letter=self.get_letter(), by=self.request.user)
        return "Draft cancelled."


class LetterRetryView(LetterStepView):
    required_action = Action.WORK_CASES
    step_title = "Try generating the PDF again"

    def perform(self):
        render_retry(letter=self.get_letter(), by=self.request.user)
        return "Trying again."

    def refused(self, refusal: NotNow):
        return self.not_possible(
            str(refusal),
            back_url=reverse("letters:detail", args=[self.get_letter().pk]),
            back_label="Back to the letter",
        )


class LetterSendView(LetterStepView):
    required_action = Action.WORK_CASES
    step_title = "Send this letter"

    def post(self, request, pk):
        form = LetterSendForm(request.POST)
        if not form.is_valid():
            return self.refused(NotNow("Choose how the letter is sent."))
        self.delivery = form.cleaned_data["delivery"]
        return super().post(request, pk)

    def perform(self):
        letter_send(letter=self.get_letter(), delivery=self.delivery, by=self.request.user)
        if self.delivery == Letter.Delivery.POST:
            return "Marked as printed for post."
        return "The e-mail is being sent."
