"""Staff access for views: which school a signed-in user is working in, and the gate."""

from operator import attrgetter

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from accounts.sessions import sign_in_redirect
from policies.models import Membership
from policies.permissions import Action, membership_allows, staff_memberships

SESSION_KEY = "conductdesk_school_id"
NOT_STAFF = (
    "Your account is not a member of any school's staff in ConductDesk. "
    "Ask your administrator to add you."
)


def current_membership(request) -> Membership | None:
    """The membership the user is working under: the school chosen this session, else the one
    they last chose (policies.services.school_choose), else the first."""
    if hasattr(request, "_current_membership"):
        return request._current_membership
    memberships = list(staff_memberships(request.user))
    chosen = request.session.get(SESSION_KEY)
    membership = next((m for m in memberships if m.school_id == chosen), None)
    if membership is None and memberships:
        used = [m for m in memberships if m.last_used_at]
        membership = max(used, key=attrgetter("last_used_at")) if used else memberships[0]
    request._current_membership = membership
    request._all_memberships = memberships
    # Prime the per-user cache that policies.permissions.membership_for reads.
    cache = getattr(request.user, "_membership_cache", None)
    if cache is None:
        cache = request.user._membership_cache = {}
    for m in memberships:
        cache[m.school_id] = m
    return membership


class StaffMixin(LoginRequiredMixin):
    """Signed in (password and second factor), with a role at a school, and (if
    `required_action` is set) allowed to do it."""

    required_action: Action = Action.VIEW_CASES
    denied_message = "Your account does not have access to this part of ConductDesk."

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        unfinished = sign_in_redirect(request)
        if unfinished is not None:
            return unfinished
        self.membership = current_membership(request)
        if self.membership is None:
            raise PermissionDenied(NOT_STAFF)
        if not membership_allows(self.membership, self.required_action):
            raise PermissionDenied(self.denied_message)
        self.school = self.membership.school
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.layout_context(), **kwargs)

    def layout_context(self) -> dict:
        """What the staff layout shows: who is working in which school, and their others."""
        return {
            "membership": self.membership,
            "school": self.school,
            "memberships": self.request._all_memberships,
        }

    def not_possible(self, message: str, *, back_url: str, back_label: str, status: int = 409):
        """A page saying why this request cannot be done (not a permission refusal)."""
        context = {
            "title": "This cannot be done",
            "message": message,
            "back_url": back_url,
            "back_label": back_label,
            **self.layout_context(),
        }
        return render(self.request, "staff/not_possible.html", context, status=status)
