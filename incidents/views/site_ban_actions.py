"""The site-ban steps on a case: intend, correct, withdraw, representations, decision, review.

The shared page and its checks are `CaseActionView`'s; each step on an existing ban finds it
within the case (another case's ban is a 404) and the services check role and state again.
"""

from django.shortcuts import get_object_or_404

from incidents.forms import site_bans as forms
from incidents.models import SiteBan
from incidents.selectors.bans import ban_decision_facts
from incidents.services import site_ban_reviews, site_bans
from incidents.views.case_actions import CaseActionView
from policies.permissions import Action


class SiteBanView(CaseActionView):
    form_class = forms.SiteBanForm
    required_action = Action.DECIDE
    title = "Record an intended site ban"

    def perform(self, form, data):
        site_bans.site_ban_intend(
            case=self.get_case(),
            by=self.request.user,
            parent=data["parent"],
            reasons=data["reasons"],
            rules_breached=list(data["rules_breached"]),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            review_on=data["review_on"],
            is_temporary=data["is_temporary"],
            representation_deadline_on=data["representation_deadline"],
            conditions=data["conditions"],
            description=data["description"],
        )


class BanStepView(CaseActionView):
    ban = None  # read once a request by get_ban()

    def get_ban(self) -> SiteBan:
        if self.ban is None:
            self.ban = get_object_or_404(SiteBan, pk=self.kwargs["pk"], case=self.get_case())
        return self.ban


class SiteBanCorrectView(BanStepView):
    form_class = forms.SiteBanCorrectForm
    required_action = Action.DECIDE
    title = "Correct the intended site ban"
    success_message = "The ban is corrected; the chronology shows each change."

    def get_initial(self):
        ban = self.get_ban()
        return {name: getattr(ban, name) for name in forms.SiteBanCorrectForm.base_fields}

    def perform(self, form, data):
        site_bans.site_ban_correct(ban=self.get_ban(), by=self.request.user, **data)


class SiteBanWithdrawView(BanStepView):
    form_class = forms.SiteBanWithdrawForm
    required_action = Action.DECIDE
    title = "Withdraw the intended site ban"
    submit_label = "Withdraw the ban"
    warning = (
        "Withdrawing ends the intended ban: its draft letters are cancelled, and if the notice "
        "was sent a letter telling the parent is drafted. It cannot be undone."
    )
    success_message = "The intended ban is withdrawn."

    def perform(self, form, data):
        site_bans.site_ban_withdraw(ban=self.get_ban(), by=self.request.user, reason=data["reason"])


class BanFactsView(BanStepView):
    """A decision about a ban, taken with the ban's facts beside the form."""

    template_name = "incidents/staff/ban_decision.html"

    def get_context_data(self, **kwargs):
        facts = ban_decision_facts(case=self.get_case(), pk=self.kwargs["pk"])
        self.ban = facts["ban"]
        return super().get_context_data(**facts, **kwargs)


class SiteBanReviewView(BanFactsView):
    form_class = forms.SiteBanReviewForm
    required_action = Action.DECIDE
    title = "Review the site ban"
    success_message = "The review is recorded and its letter drafted."

    def perform(self, form, data):
        site_ban_reviews.site_ban_review(ban=self.get_ban(), by=self.request.user, **data)


class RepresentationsView(BanStepView):
    form_class = forms.RepresentationsForm
    title = "Record the parent's representations"

    def perform(self, form, data):
        site_bans.site_ban_record_representations(
            ban=self.get_ban(),
            by=self.request.user,
            representations=data["representations"],
            received_at=data["received_at"],
            method=data["method"],
            attachments=data["screenshots"],
        )


class SiteBanDecisionView(BanFactsView):
    form_class = forms.SiteBanDecisionForm
    required_action = Action.DECIDE
    title = "Decide the site ban"

    def perform(self, form, data):
        site_bans.site_ban_decide(ban=self.get_ban(), by=self.request.user, **data)
