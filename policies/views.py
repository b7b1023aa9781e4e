from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from accounts.sessions import signed_in_fully
from policies.access import SESSION_KEY
from policies.permissions import staff_memberships
from policies.selectors import code_in_force, school_by_slug, school_list


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
    """For staff with roles at several schools: choose which school to work in."""
    school_id = request.POST.get("school", "")
    if (
        not school_id.isdigit()
        or not staff_memberships(request.user).filter(school_id=int(school_id)).exists()
    ):
        raise Http404
    request.session[SESSION_KEY] = int(school_id)
    return HttpResponseRedirect(reverse("staff:dashboard"))
