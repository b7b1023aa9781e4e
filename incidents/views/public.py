"""Public pages: the concern form, its confirmation, and the reporter's follow-up page."""

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from incidents.follow_up_page import follow_up_page, reporter_screenshots
from incidents.forms.concern import ConcernForm, FollowUpForm
from incidents.services.kept_screenshots import kept_screenshot_for_browser
from incidents.services.reports import (
    DuplicateSubmission,
    FollowUpLimitReached,
    public_status,
    report_add_information,
    report_follow_up_allowed,
    report_for_token,
    report_sent,
    report_submit,
)
from incidents.tokens import submission_key_new
from incidents.views.files import private_file_response
from incidents.views.kept import KeptScreenshotsPost
from incidents.views.limits import RATE_LIMITED, browser_id, rate_limited, remember_browser
from incidents.views.link_page import LinkPageView
from policies.selectors import code_in_force, school_by_slug

RECEIPT_COOKIE = "concern_receipt"
RECEIPT_SALT = "incidents.concern-receipt"
RECEIPT_SECONDS = 10 * 60
FOLLOW_UP_LIMITED = (
    "You have added information to this concern {limit} times in the last 24 hours, which is as "
    "many as we can take in a day. What you typed is still below: please send it tomorrow, or "
    "contact the school directly if it cannot wait."
)


@method_decorator(never_cache, name="dispatch")
class ConcernView(View):
    template_name = "incidents/public/concern_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.school = school_by_slug(kwargs["slug"])
        self.code = code_in_force(school=self.school, with_responses=False)

    def dispatch(self, request, *args, **kwargs):
        return remember_browser(request, super().dispatch(request, *args, **kwargs))

    def render(self, form, status=200, problem=""):
        context = {"form": form, "school": self.school, "code": self.code, "problem": problem}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, slug):
        form = ConcernForm(
            school=self.school, code=self.code, initial={"submission_key": submission_key_new()}
        )
        return self.render(form)

    def post(self, request, slug):
        posted = KeptScreenshotsPost(request, school=self.school)
        if posted.counts_for_rate_limit and rate_limited(request, "concern"):
            kept, _ = posted.find()
            return self.render(self.bound_form(kept), status=429, problem=RATE_LIMITED)
        kept, gone = posted.remove_and_find()
        if gone and report_sent(submission_key=posted.owner["submission_key"]):
            return HttpResponseRedirect(reverse("concern_received", args=[slug]))
        form = self.bound_form(kept)
        if form.is_spam:
            return self.render(form, status=400, problem="We could not accept this form.")
        if posted.goes_back(form, gone):
            posted.keep(form, kept, gone)
            return self.render(form)
        try:
            report, token = report_submit(
                school=self.school,
                details=form.report_details(),
                categories=form.report_categories(),
                images=form.new_screenshots(),
                submission_key=form.cleaned_data["submission_key"],
                kept=kept,
            )
        except DuplicateSubmission:
            return HttpResponseRedirect(reverse("concern_received", args=[slug]))
        return receipt_redirect(school=self.school, report=report, token=token)

    def bound_form(self, kept) -> ConcernForm:
        request = self.request
        return ConcernForm(
            request.POST, request.FILES, school=self.school, code=self.code, kept=kept
        )


@never_cache
def concern_kept_thumbnail(request, slug, public_id):
    """A kept screenshot's thumbnail, for the browser that chose it and no other."""
    school = school_by_slug(slug)
    kept = kept_screenshot_for_browser(
        school=school, browser=browser_id(request), public_id=public_id
    )
    if kept is None:
        raise Http404("No such picture.")
    return private_file_response(
        kept.thumbnail,
        content_type="image/jpeg",
        filename=f"attached-{kept.public_id}.jpg",
        attachment=False,
    )


def receipt_redirect(*, school, report, token: str) -> HttpResponseRedirect:
    """To the receipt page, carrying the reference and follow-up link in a signed cookie that
    only that page is sent and that lapses after RECEIPT_SECONDS. The raw token is never written
    to the session store, where it would outlive the receipt (the database keeps only its hash).
    """
    url = reverse("concern_received", args=[school.slug])
    receipt = {
        "school": school.pk,
        "reference": report.reference,
        "token": token,
        "anonymous": report.is_anonymous,
    }
    response = HttpResponseRedirect(url)
    response.set_cookie(
        RECEIPT_COOKIE,
        signing.dumps(receipt, salt=RECEIPT_SALT),
        max_age=RECEIPT_SECONDS,
        path=url,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def receipt_read(request, school) -> dict | None:
    try:
        receipt = signing.loads(
            request.COOKIES.get(RECEIPT_COOKIE, ""), salt=RECEIPT_SALT, max_age=RECEIPT_SECONDS
        )
    except signing.BadSignature:  # also an expired or a missing cookie
        return None
    return receipt if receipt.get("school") == school.pk else None


@never_cache
def concern_received(request, slug):
    """Shows the reference and the follow-up link once; later visits show neither."""
    school = school_by_slug(slug)
    receipt = receipt_read(request, school)
    follow_up_url = (
        request.build_absolute_uri(reverse("concern_follow_up", args=[receipt["token"]]))
        if receipt
        else ""
    )
    context = {"school": school, "receipt": receipt, "follow_up_url": follow_up_url}
    response = render(request, "incidents/public/concern_received.html", context)
    response.delete_cookie(RECEIPT_COOKIE, path=request.path, samesite="Lax")
    return response


class FollowUpView(LinkPageView):
    template_name = "incidents/public/follow_up.html"
    form_class = FollowUpForm
    not_found = "No concern matches this link."
    rate_limit_key = "follow-up"
    limited = FOLLOW_UP_LIMITED
    limit_reached = FollowUpLimitReached
    sent_param = "added"

    def find(self, token):
        return report_for_token(token)

    def page_context(self) -> dict:
        label, sentence = public_status(self.subject.case)
        return {
            "report": self.subject,
            "page": follow_up_page(report=self.subject),
            "token": self.kwargs["token"],
            "school": self.subject.school,
            "status_label": label,
            "status_sentence": sentence,
        }

    def allowed(self) -> bool:
        return report_follow_up_allowed(report=self.subject)

    def save(self, form, kept) -> None:
        report_add_information(
            report=self.subject,
            text=form.cleaned_data["text"],
            images=form.new_screenshots(),
            kept=kept,
        )


@never_cache
def follow_up_thumbnail(request, token, public_id):
    """A thumbnail of a screenshot this reporter sent, for the holder of their link alone:
    never another reporter's on the same case, never one staff added."""
    report = report_for_token(token)
    screenshot = (
        reporter_screenshots(report=report).filter(public_id=public_id).first() if report else None
    )
    if screenshot is None:
        raise Http404("No such picture.")
    response = private_file_response(
        screenshot.thumbnail,
        content_type="image/jpeg",
        filename=f"screenshot-{screenshot.public_id}.jpg",
        attachment=False,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
