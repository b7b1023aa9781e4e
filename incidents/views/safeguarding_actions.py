"""The safeguarding steps on a case: flag it, clear the flag, record the DSL's decision.

The shared page and its checks are `CaseActionView`'s; the services check role and state again.
"""

from incidents.forms import safeguarding as forms
from incidents.services import safeguarding
from incidents.views.case_actions import CaseActionView
from policies.permissions import Action


class SafeguardingFlagView(CaseActionView):
    form_class = forms.SafeguardingFlagForm
    title = "Mark as a safeguarding concern"
    submit_label = "Mark and alert the DSL"
    success_message = "Marked as a safeguarding concern: the DSLs have been alerted."

    def perform(self, form, data):
        safeguarding.case_flag_safeguarding(
            case=self.get_case(), by=self.request.user, reason=data["reason"]
        )


class SafeguardingClearView(CaseActionView):
    form_class = forms.SafeguardingFlagForm
    required_action = Action.DECIDE_SAFEGUARDING
    denied_message = "Only a designated safeguarding lead (DSL) can clear the safeguarding flag."
    title = "Clear the safeguarding flag"
    submit_label = "Clear the flag"
    success_message = "The safeguarding flag is cleared."

    def perform(self, form, data):
        safeguarding.case_clear_safeguarding(
            case=self.get_case(), by=self.request.user, reason=data["reason"]
        )


class SafeguardingDecisionView(CaseActionView):
    form_class = forms.SafeguardingDecisionForm
    required_action = Action.DECIDE_SAFEGUARDING
    denied_message = "Only a designated safeguarding lead (DSL) can record this decision."
    title = "Record the safeguarding decision"
    success_message = "The safeguarding decision is recorded."

    def perform(self, form, data):
        safeguarding.safeguarding_decide(case=self.get_case(), by=self.request.user, **data)
