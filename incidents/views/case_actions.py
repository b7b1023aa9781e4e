"""One small page per action on a case: a form, a service call, back to the case.

Every view finds the case within the user's current school (another school's case is a 404)
and the service checks role and state again: hiding a button is not a permission check.
The safeguarding and site-ban steps build on `CaseActionView` in their own modules.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import FormView

from incidents.forms import staff as forms
from incidents.models import Case, Meeting, ModerationRequest
from incidents.presentation import CONFIRMATIONS, TRANSITION_LABELS, transition_refusal
from incidents.selectors.case_detail import case_for_action
from incidents.services import actions, reporter_messages, triage, workflow
from incidents.services.errors import NotNow, NotPermitted
from incidents.services.evidence import evidence_add
from policies.access import StaffMixin
from policies.permissions import Action


class CaseActionView(StaffMixin, FormView):
    """Subclasses set `form_class`, `title`, `required_action` and implement `perform`."""

    template_name = "incidents/staff/case_action.html"
    required_action = Action.WORK_CASES
    title = ""
    submit_label = "Save"
    # Said before the button of a step that ends or undoes something, which is then red.
    warning = ""
    success_message = "Saved."
    case = None  # the row alone, read once a request by get_case()

    def get_case(self) -> Case:
        if self.case is None:
            self.case = case_for_action(school=self.school, reference=self.kwargs["reference"])
        return self.case

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.get_case()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            case=self.get_case(),
            title=self.get_title(),
            submit_label=self.get_submit_label(),
            warning=self.get_warning(),
            **kwargs,
        )

    def get_title(self) -> str:
        return self.title

    def get_submit_label(self) -> str:
        return self.submit_label

    def get_warning(self) -> str:
        return self.warning

    def form_valid(self, form):
        try:
            self.perform(form, form.cleaned_data)
        except NotNow as refusal:
            return self.refused(form, refusal)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.done_url(form.cleaned_data))

    def done_url(self, data) -> str:
        """Where the user goes once the action is done: the case."""
        return self.get_case().get_absolute_url()

    def refused(self, form, refusal: NotNow):
        """The service said no: show the form again with the reason and everything typed."""
        field = refusal.field if refusal.field in form.fields else None
        form.add_error(field, str(refusal))
        return self.form_invalid(form)

    def perform(self, form, data):
        raise NotImplementedError


class TransitionView(CaseActionView):
    form_class = forms.TransitionForm
    required_action = Action.VIEW_CASES  # the service decides who may apply which transition

    submit_label = "Confirm"

    def transition(self) -> str:
        """The transition the URL names; one that staff cannot apply by name is a 404."""
        if self.kwargs["name"] not in workflow.DIRECT_TRANSITIONS:
            raise Http404
        return self.kwargs["name"]

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "transition": self.transition()}
        if self.transition() in forms.ENDING:
            kwargs["outcome_messages"] = self.outcome_messages()
        return kwargs

    def outcome_messages(self) -> dict[str, str]:
        if not hasattr(self, "_outcome_messages"):
            self._outcome_messages = reporter_messages.outcome_messages(
                school_id=self.get_case().school_id
            )
        return self._outcome_messages

    def get_context_data(self, **kwargs):
        if self.transition() == "close":
            kwargs["outcome_messages"] = self.outcome_messages()
        return super().get_context_data(**kwargs)

    def get_title(self):
        return TRANSITION_LABELS[self.transition()]

    def get_submit_label(self):
        return CONFIRMATIONS.get(self.transition(), (self.submit_label, ""))[0]

    def get_warning(self):
        return CONFIRMATIONS.get(self.transition(), ("", ""))[1]

    def get(self, request, *args, **kwargs):
        """Show the confirmation only to someone who may apply the transition now."""
        case, name = self.get_case(), self.transition()
        if name not in workflow.user_transitions(case, request.user):
            if name in {t.name for t in case.get_available_status_transitions()}:
                raise NotPermitted(transition_refusal(name))
            messages.error(request, f"“{self.get_title()}” is not possible now.")
            return HttpResponseRedirect(case.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def perform(self, form, data):
        name = self.kwargs["name"]
        arguments = {"outcome": data["outcome"]} if name == "close" else {}
        if name in forms.ENDING:
            case = reporter_messages.case_close_telling_reporters(
                case=self.get_case(),
                name=name,
                by=self.request.user,
                note=data["note"],
                message=data["reporter_message"],
                **arguments,
            )
        else:
            case = workflow.case_apply_transition(
                case=self.get_case(),
                name=name,
                by=self.request.user,
                note=data["note"],
                **arguments,
            )
        self.success_message = f"Done: the case is now “{case.get_status_display()}”."


class AssignOwnerView(CaseActionView):
    form_class = forms.AssignOwnerForm
    title = "Assign an owner"

    def perform(self, form, data):
        triage.case_assign_owner(case=self.get_case(), owner=data["owner"], by=self.request.user)


class LinkParentView(CaseActionView):
    form_class = forms.LinkParentForm
    title = "Link the parent concerned"

    def perform(self, form, data):
        triage.case_link_parent(
            case=self.get_case(),
            by=self.request.user,
            parent=data["parent"],
            full_name=data["full_name"],
            email=data["email"],
            year_groups=data["year_groups"],
            title=data["title"],
            surname=data["surname"],
            postal_address=data["postal_address"],
        )


class ParentDetailsView(CaseActionView):
    form_class = forms.ParentDetailsForm
    title = "The parent's details"
    success_message = "The parent's details are saved. Their draft letters use them."

    def get_parent(self):
        if not hasattr(self, "_parent"):
            self._parent = get_object_or_404(self.get_case().parents, pk=self.kwargs["pk"])
        return self._parent

    def get_initial(self):
        parent = self.get_parent()
        return {name: getattr(parent, name) for name in triage.PARENT_DETAILS}

    def get_title(self):
        return f"{self.get_parent().full_name}: how the school writes to them"

    def perform(self, form, data):
        triage.parent_update(
            case=self.get_case(), parent=self.get_parent(), by=self.request.user, **data
        )


class CategoriesView(CaseActionView):
    form_class = forms.CategoriesForm
    title = "Set the breach categories"

    def perform(self, form, data):
        triage.case_set_categories(
            case=self.get_case(), categories=list(data["categories"]), by=self.request.user
        )


class MergeView(CaseActionView):
    """Offers the likely duplicates, or what a search (`?q=`) finds; after the merge, the
    surviving case is where the work goes on, so that is where the user lands."""

    form_class = forms.MergeForm
    template_name = "incidents/staff/case_merge.html"
    title = "Merge into another case"
    submit_label = "Merge"
    warning = (
        "Merging moves this case's reports and screenshots into the case you choose and closes "
        "this one as its duplicate. It cannot be undone."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "q": self.request.GET.get("q", "")}

    def perform(self, form, data):
        triage.case_merge(
            case=self.get_case(), into=data["into"], by=self.request.user, note=data["note"]
        )
        self.success_message = f"{self.get_case().reference} merged into this case."

    def done_url(self, data) -> str:
        return data["into"].get_absolute_url()


class NoteView(CaseActionView):
    form_class = forms.NoteForm
    title = "Add a note"

    def perform(self, form, data):
        actions.case_add_note(case=self.get_case(), text=data["text"], by=self.request.user)


class ReporterMessageView(CaseActionView):
    """Write to a reporter, starting from one of the school's standard replies if wished: each is
    a link that opens this form with its text in the box (no script needed)."""

    form_class = forms.ReporterMessageForm
    required_action = Action.MESSAGE_REPORTER
    template_name = "incidents/staff/reporter_message.html"
    title = "Message the reporter"
    submit_label = "Send to the reporter"
    success_message = "Message sent. The reporter sees it on their follow-up page."

    def get_initial(self):
        chosen = self.request.GET.get("reply", "")
        for reply in self.replies():
            if str(reply.pk) == chosen:
                return {"text": reply.text}
        return {}

    def replies(self):
        if not hasattr(self, "_replies"):
            self._replies = reporter_messages.standard_replies(school_id=self.get_case().school_id)
        return self._replies

    def get_context_data(self, **kwargs):
        return super().get_context_data(replies=self.replies(), **kwargs)

    def perform(self, form, data):
        reporter_messages.reporter_message_send(
            report=data["report"], text=data["text"], by=self.request.user
        )


class EvidenceView(CaseActionView):
    form_class = forms.EvidenceForm
    title = "Add evidence"

    def perform(self, form, data):
        evidence_add(case=self.get_case(), images=data.pop("screenshots"), by=self.request.user)

    def form_invalid(self, form):
        """Some files were refused as pictures: the others are added all the same, so the form
        comes back asking only for the refused ones (a file input cannot be filled again)."""
        accepted = form.fields["screenshots"].accepted
        if accepted and form.has_error("screenshots", code="rejected"):
            try:
                evidence_add(case=self.get_case(), images=accepted, by=self.request.user)
            except NotNow as refusal:
                form.add_error(None, str(refusal))
                return super().form_invalid(form)
            names = ", ".join(f"“{name}”" for name, _ in accepted)
            messages.success(
                self.request,
                f"{len(accepted)} file(s) added to the case: {names}. "
                "The files below were refused; choose them again once put right.",
            )
        return super().form_invalid(form)


class ConversationView(CaseActionView):
    form_class = forms.ConversationForm
    title = "Record a conversation with the parent"

    def perform(self, form, data):
        actions.case_record_conversation(case=self.get_case(), by=self.request.user, **data)


class MeetingView(CaseActionView):
    form_class = forms.MeetingForm
    title = "Schedule a meeting"

    def perform(self, form, data):
        actions.meeting_schedule(case=self.get_case(), by=self.request.user, **data)


class MeetingOutcomeView(CaseActionView):
    form_class = forms.MeetingOutcomeForm
    title = "Record the meeting's outcome"

    def perform(self, form, data):
        meeting = get_object_or_404(Meeting, pk=self.kwargs["pk"], case=self.get_case())
        actions.meeting_record_outcome(
            meeting=meeting, by=self.request.user, outcome=data["outcome"]
        )


class ModerationView(CaseActionView):
    form_class = forms.ModerationForm
    title = "Ask the group's moderator to remove a post"

    def perform(self, form, data):
        actions.moderation_request(case=self.get_case(), by=self.request.user, **data)


class ModerationAnswerView(CaseActionView):
    form_class = forms.ModerationAnswerForm
    title = "Record the moderator's answer"

    def perform(self, form, data):
        request = get_object_or_404(ModerationRequest, pk=self.kwargs["pk"], case=self.get_case())
        actions.moderation_answer(request=request, by=self.request.user, **data)


class SideActionView(CaseActionView):
    form_class = forms.SideActionForm

    def get(self, request, *args, **kwargs):
        return self.unknown_kind() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.unknown_kind() or super().post(request, *args, **kwargs)

    def unknown_kind(self):
        if self.kwargs["kind"] in forms.SIDE_ACTION_KINDS:
            return None
        case = self.get_case()
        return self.not_possible(
            "There is no such action on a case. Choose one from the case's page.",
            back_url=case.get_absolute_url(),
            back_label=f"Back to case {case.reference}",
            status=404,
        )

    def get_title(self):
        return forms.SIDE_ACTION_KINDS[self.kwargs["kind"]][1]

    def perform(self, form, data):
        kind = forms.SIDE_ACTION_KINDS[self.kwargs["kind"]][0]
        actions.case_side_action(
            case=self.get_case(), kind=kind, by=self.request.user, note=data["note"]
        )


class ProposeEscalationView(CaseActionView):
    form_class = forms.ProposeEscalationForm
    required_action = Action.PROPOSE_ESCALATION
    title = "Propose an escalation"
    submit_label = "Send to the headteacher"
    success_message = "Proposal sent to the headteacher for approval."

    def perform(self, form, data):
        workflow.escalation_propose(case=self.get_case(), by=self.request.user, **data)
