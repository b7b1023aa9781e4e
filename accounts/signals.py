import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.models import StaffProfile
from accounts.sessions import MUST_CHANGE_PASSWORD, SIGNED_IN_AT


@receiver(user_logged_in, dispatch_uid="accounts-signed-in-at")
def _remember_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())
        # Read once per sign-in: setting a password ends the account's other sessions, so the
        # mark cannot appear during a session that did not see it here.
        if StaffProfile.objects.filter(user=user, must_change_password=True).exists():
            request.session[MUST_CHANGE_PASSWORD] = True
