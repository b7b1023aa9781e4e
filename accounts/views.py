"""The second step of signing in: enrol an authenticator app, or enter a code."""

import base64

import segno
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from accounts.forms import CodeForm
from accounts.services import (
    confirmed_totp,
    enrolment_confirm,
    enrolment_device,
    second_factor_verify,
)
from accounts.sessions import SKIPPED_IN_DEBUG, second_factor_done


class TwoFactorView(LoginRequiredMixin, View):
    template_name = "registration/two_factor.html"

    def next_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(target, {self.request.get_host()}):
            return target
        return "/staff/"

    def render_page(self, form, status=200):
        user = self.request.user
        context = {"form": form, "next": self.next_url(), "debug_skip": settings.DEBUG}
        if confirmed_totp(user) is None:
            device = enrolment_device(user)
            context["enrolling"] = True
            context["secret"] = base64.b32encode(device.bin_key).decode()
            context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
                scale=4, dark="#111", omitsize=False
            )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        if second_factor_done(request):
            return HttpResponseRedirect(self.next_url())
        return self.render_page(CodeForm())

    def post(self, request):
        if settings.DEBUG and "skip" in request.POST:
            request.session[SKIPPED_IN_DEBUG] = True
            return HttpResponseRedirect(self.next_url())
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        code = form.cleaned_data["code"]
        if confirmed_totp(request.user) is None:
            backup_codes = enrolment_confirm(request, code)
            if backup_codes is None:
                form.add_error("code", "That code is not right. Check the time on your phone.")
                return self.render_page(form)
            return render(
                request,
                "registration/backup_codes.html",
                {"codes": backup_codes, "next": self.next_url()},
            )
        if not second_factor_verify(request, code):
            form.add_error("code", "That code is not right, or it was already used.")
            return self.render_page(form)
        return HttpResponseRedirect(self.next_url())
