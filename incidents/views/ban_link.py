"""The parent's page at the private link in an intended-ban letter."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from incidents.forms.ban_link import BanRepresentationsForm
from incidents.services.errors import NotNow
from incidents.services.site_ban_link import (
    LinkLimitReached,
    site_ban_for_link,
    site_ban_link_allowed,
    site_ban_link_open,
    site_ban_representations_online,
)
from incidents.tokens import submission_key_new
from incidents.views.kept import KeptScreenshotsPost
from incidents.views.limits import rate_limited, remember_browser
from incidents.views.public import RATE_LIMITED

LIMITED = (
    "You have sent representations {limit} times in the last 24 hours, which is as many as we "
    "can take in a day. What you typed is still below: please send it tomorrow, or write to the "
    "school if the deadline is today."
)


@method_decorator(never_cache, name="dispatch")
class BanLinkView(View):
    template_name = "incidents/public/ban_link.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.ban = site_ban_for_link(kwargs["token"])

    def dispatch(self, request, *args, **kwargs):
        if self.ban is None:
            raise Http404("No letter matches this link.")
        return remember_browser(request, super().dispatch(request, *args, **kwargs))

    def render(self, form, status=200, problem="", sent=False):
        letters = self.ban.link_letters or {}
        later = letters.get("later", [])
        context = {
            "school": self.ban.school,
            "notice": letters.get("notice", {}),
            "decision": later[-1] if later else None,
            "decided": self.ban.state != self.ban.State.INTENDED,
            "open": site_ban_link_open(self.ban),
            "deadline_passed": timezone.localdate() > self.ban.representation_deadline,
            "form": form,
            "problem": problem,
            "sent": sent,
        }
        response = render(self.request, self.template_name, context, status=status)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get(self, request, token):
        return self.render(self.new_form(), sent=request.GET.get("sent") == "1")

    def post(self, request, token):
        posted = KeptScreenshotsPost(request, school=self.ban.school, scope=token)
        if posted.counts_for_rate_limit and rate_limited(request, "ban-link"):
            kept, _ = posted.find()
            return self.render(self.bound_form(kept), status=429, problem=RATE_LIMITED)
        if not site_ban_link_open(self.ban):
            return self.render(self.new_form(), status=409)
        if not site_ban_link_allowed(self.ban):  # before any picture is decoded
            return self.render_limited()
        kept, gone = posted.remove_and_find()
        form = self.bound_form(kept)
        if posted.goes_back(form, gone):
            posted.keep(form, kept, gone)
            return self.render(form)
        try:
            site_ban_representations_online(
                ban=self.ban,
                text=form.cleaned_data["text"],
                images=form.new_screenshots(),
                kept=kept,
            )
        except NotNow:
            self.ban = site_ban_for_link(token)  # the ban as it is now
            return self.render(self.new_form(), status=409)
        except LinkLimitReached:
            return self.render_limited()
        return HttpResponseRedirect(request.path + "?sent=1")

    def new_form(self, **initial) -> BanRepresentationsForm:
        return BanRepresentationsForm(initial={"submission_key": submission_key_new(), **initial})

    def bound_form(self, kept) -> BanRepresentationsForm:
        return BanRepresentationsForm(self.request.POST, self.request.FILES, kept=kept)

    def render_limited(self):
        form = self.new_form(text=self.request.POST.get("text", ""))
        problem = LIMITED.format(limit=settings.FOLLOW_UP_DAILY_LIMIT)
        return self.render(form, status=429, problem=problem)
