"""The rest of signing in after the password: enrol an authenticator app or enter a code, and
choose your own password (required after an administrator set a temporary one)."""

import base64
from urllib.parse import urlencode

import segno
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from accounts.forms import CodeForm
from accounts.services import (
    confirmed_totp,
    enrolment_confirm,
    enrolment_device,
    password_change_by_holder,
    second_factor_verify,
    skip_allowed,
)
from accounts.sessions import MUST_CHANGE_PASSWORD, SKIPPED_IN_DEBUG, second_factor_done


def next_url(request, default: str | None = None) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("staff:dashboard") if default is None else default


def step_url(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


class TwoFactorView(LoginRequiredMixin, View):
    template_name = "registration/two_factor.html"

    def dispatch(self, request, *args, **kwargs):
        # A temporary password is replaced before an authenticator is set up, so that whoever
        # else knew it is signed out (a password change ends other sessions) before enrolment.
        if (
            request.user.is_authenticated
            and request.session.get(MUST_CHANGE_PASSWORD, False)
            and confirmed_totp(request.user) is None
        ):
            return HttpResponseRedirect(step_url("password_change", request))
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, status=200):
        user = self.request.user
        context = {
            "form": form,
            "next": next_url(self.request),
            "debug_skip": skip_allowed(user),
        }
        if confirmed_totp(user) is None:
            device = enrolment_device(self.request)
            context["enrolling"] = True
            context["secret"] = base64.b32encode(device.bin_key).decode()
            context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
                scale=4, dark="#111", omitsize=False
            )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        if second_factor_done(request):
            return HttpResponseRedirect(next_url(request))
        return self.render_page(CodeForm())

    def post(self, request):
        if "skip" in request.POST and skip_allowed(request.user):
            request.session[SKIPPED_IN_DEBUG] = True
            return HttpResponseRedirect(next_url(request))
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
                {"codes": backup_codes, "next": next_url(request)},
            )
        if not second_factor_verify(request, code):
            form.add_error("code", "That code is not right, or it was already used.")
            return self.render_page(form)
        return HttpResponseRedirect(next_url(request))


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/staff_password_change.html"
    success_url = reverse_lazy("password_change_done")

    def dispatch(self, request, *args, **kwargs):
        # With an authenticator set up, the password alone does not let you change it.
        if (
            request.user.is_authenticated
            and not second_factor_done(request)
            and confirmed_totp(request.user) is not None
        ):
            return HttpResponseRedirect(step_url("two_factor", request))
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.request.session.get(MUST_CHANGE_PASSWORD, False):
            form.fields["old_password"].label = "Temporary password"
        return form

    def get_context_data(self, **kwargs):
        required = self.request.session.get(MUST_CHANGE_PASSWORD, False)
        next_target = next_url(self.request, default="")
        return super().get_context_data(required=required, next=next_target, **kwargs)

    def form_valid(self, form):
        password_change_by_holder(request=self.request, form=form)
        return HttpResponseRedirect(next_url(self.request, default=str(self.success_url)))


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/staff_password_change_done.html"
