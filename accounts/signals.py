import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.sessions import SIGNED_IN_AT


@receiver(user_logged_in, dispatch_uid="accounts-signed-in-at")
def _remember_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())
