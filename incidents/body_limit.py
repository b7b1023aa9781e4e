"""Refuse an over-size request to the public forms from its Content-Length, before it is read.

Django would otherwise read the whole body (spooling files to disk) before the form could say
anything. Only the public POST forms are limited here: they are the ones anyone may send to.
Place this middleware before CsrfViewMiddleware, which reads the body to find the CSRF token.
A body sent without Content-Length (chunked) is not read by Django under WSGI at all.
"""

from django.conf import settings
from django.shortcuts import render

PUBLIC_FORMS = frozenset({"concern", "concern_follow_up", "ban_link"})


def public_body_limit_bytes() -> int:
    return settings.PUBLIC_MAX_BODY_MB * 1024 * 1024


class PublicBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match.url_name not in PUBLIC_FORMS:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None  # Django treats a malformed length as an empty body
        if length <= public_body_limit_bytes():
            return None
        context = {"limit_mb": settings.PUBLIC_MAX_BODY_MB}
        return render(request, "413.html", context, status=413)
