"""The parent's page at the private link in an intended-ban letter."""

from django.utils import timezone

from incidents.forms.ban_link import BanRepresentationsForm
from incidents.services.site_ban_link import (
    LinkLimitReached,
    site_ban_for_link,
    site_ban_link_allowed,
    site_ban_link_open,
    site_ban_representations_online,
)
from incidents.views.link_page import LinkPageView

LIMITED = (
    "You have sent representations {limit} times in the last 24 hours, which is as many as we "
    "can take in a day. What you typed is still below: please send it tomorrow, or write to the "
    "school if the deadline is today."
)


class BanLinkView(LinkPageView):
    template_name = "incidents/public/ban_link.html"
    form_class = BanRepresentationsForm
    not_found = "No letter matches this link."
    rate_limit_key = "ban-link"
    limited = LIMITED
    limit_reached = LinkLimitReached
    sent_param = "sent"
    refusal_shown = False  # the page itself says the link is closed

    def find(self, token):
        return site_ban_for_link(token)

    def page_context(self) -> dict:
        ban = self.subject
        letters = ban.link_letters or {}
        later = letters.get("later", [])
        return {
            "school": ban.school,
            "notice": letters.get("notice", {}),
            "decision": later[-1] if later else None,
            "decided": ban.state != ban.State.INTENDED,
            "open": site_ban_link_open(ban),
            "deadline_passed": timezone.localdate() > ban.representation_deadline,
        }

    def closed(self) -> bool:
        return not site_ban_link_open(self.subject)

    def allowed(self) -> bool:
        return site_ban_link_allowed(self.subject)

    def save(self, form, kept) -> None:
        site_ban_representations_online(
            ban=self.subject,
            text=form.cleaned_data["text"],
            images=form.new_screenshots(),
            kept=kept,
        )
