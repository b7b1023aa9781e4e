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
        return self.render(BanRepresentationsForm(), sent=request.GET.get("sent") == "1")

    def post(self, request, token):
        form = BanRepresentationsForm(request.POST, request.FILES)
        if rate_limited(request, "ban-link"):
            return self.render(form, status=429, problem=RATE_LIMITED)
        if not site_ban_link_open(self.ban):
            return self.render(BanRepresentationsForm(), status=409)
        if not site_ban_link_allowed(self.ban):  # before any picture is decoded
            return self.render_limited()
        if not form.is_valid():
            return self.render(form)
        try:
            site_ban_representations_online(
                ban=self.ban,
                text=form.cleaned_data["text"],
                images=form.cleaned_data.pop("screenshots"),
            )
        except NotNow:
            self.ban = site_ban_for_link(token)  # the ban as it is now
            return self.render(BanRepresentationsForm(), status=409)
        except LinkLimitReached:
            return self.render_limited()
        return HttpResponseRedirect(request.path + "?sent=1")

    def render_limited(self):
        form = BanRepresentationsForm(initial={"text": self.request.POST.get("text", "")})
        problem = LIMITED.format(limit=settings.FOLLOW_UP_DAILY_LIMIT)
        return self.render(form, status=429, problem=problem)
