"""A page at a private link that takes text and screenshots: the reporter's follow-up page and
the parent's site-ban link. One flow for both: the rate limit and the daily limit before any
picture is decoded, kept screenshots through an error, the service's refusal shown on the page,
and a redirect once sent."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from incidents.services.errors import NotNow
from incidents.tokens import submission_key_new
from incidents.views.kept import KeptScreenshotsPost
from incidents.views.limits import RATE_LIMITED, rate_limited, remember_browser


@method_decorator(never_cache, name="dispatch")
class LinkPageView(View):
    template_name: str
    form_class: type
    not_found: str  # the 404's words when no letter or report matches the link
    rate_limit_key: str
    limited: str  # the daily limit's message, with {limit}
    limit_reached: type[Exception]  # the service's daily-limit refusal
    sent_param: str  # ?<sent_param>=1 after a successful post
    refusal_shown = True  # whether a NotNow refusal's words are shown on the page

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.subject = self.find(kwargs["token"])

    def dispatch(self, request, *args, **kwargs):
        if self.subject is None:
            raise Http404(self.not_found)
        return remember_browser(request, super().dispatch(request, *args, **kwargs))

    # What each page supplies.
    def find(self, token):
        raise NotImplementedError

    def page_context(self) -> dict:
        raise NotImplementedError

    def closed(self) -> bool:
        """True when the link no longer takes anything (shown as a 409)."""
        return False

    def allowed(self) -> bool:
        raise NotImplementedError

    def save(self, form, kept) -> None:
        raise NotImplementedError

    def render(self, form, status=200, problem="", sent=False):
        context = {**self.page_context(), "form": form, "problem": problem, "sent": sent}
        response = render(self.request, self.template_name, context, status=status)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get(self, request, token):
        return self.render(self.new_form(), sent=request.GET.get(self.sent_param) == "1")

    def post(self, request, token):
        posted = KeptScreenshotsPost(request, school=self.subject.school, scope=token)
        if posted.counts_for_rate_limit and rate_limited(request, self.rate_limit_key):
            kept, _ = posted.find()
            return self.render(self.bound_form(kept), status=429, problem=RATE_LIMITED)
        if self.closed():
            return self.render(self.new_form(), status=409)
        if not self.allowed():  # before any picture is decoded
            return self.render_limited()
        kept, gone = posted.remove_and_find()
        form = self.bound_form(kept)
        if posted.goes_back(form, gone):
            posted.keep(form, kept, gone)
            return self.render(form)
        try:
            self.save(form, kept)
        except NotNow as refusal:
            self.subject = self.find(token)  # as it is now
            problem = str(refusal) if self.refusal_shown else ""
            return self.render(self.new_form(), status=409, problem=problem)
        except self.limit_reached:
            return self.render_limited()
        return HttpResponseRedirect(f"{request.path}?{self.sent_param}=1")

    def new_form(self, **initial):
        return self.form_class(initial={"submission_key": submission_key_new(), **initial})

    def bound_form(self, kept):
        return self.form_class(self.request.POST, self.request.FILES, kept=kept)

    def render_limited(self):
        form = self.new_form(text=self.request.POST.get("text", ""))
        problem = self.limited.format(limit=settings.FOLLOW_UP_DAILY_LIMIT)
        return self.render(form, status=429, problem=problem)
