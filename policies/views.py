from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from accounts.sessions import signed_in_fully
from policies.access import SESSION_KEY
from policies.models import Membership
from policies.selectors import code_in_force, school_by_slug, school_list
from policies.services import school_choose


class HomeView(TemplateView):
    template_name = "policies/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(schools=school_list(), **kwargs)


class CodeOfConductView(TemplateView):
    template_name = "policies/code_of_conduct.html"

    def get_context_data(self, **kwargs):
        school = school_by_slug(self.kwargs["slug"])
        code = code_in_force(school=school)
        if code is None:
            raise Http404("This school has not published a code of conduct yet.")
        return super().get_context_data(school=school, code=code, **kwargs)


@require_POST
@signed_in_fully
def switch_school(request):
    """For staff with roles at several schools: choose which school to work in, then go to
    `next` (a staff page, such as the case that offered the switch) or the dashboard."""
    school_id = request.POST.get("school", "")
    if not school_id.isdigit():
        raise Http404
    try:
        school_choose(by=request.user, school_id=int(school_id))
    except Membership.DoesNotExist:
        raise Http404 from None
    request.session[SESSION_KEY] = int(school_id)
    return HttpResponseRedirect(staff_page(request.POST.get("next", "")))


def staff_page(url: str) -> str:
    """`url` if it is a staff page on this site, else the dashboard: never another site."""
    if url.startswith("/staff/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return reverse("staff:dashboard")
