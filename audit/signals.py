"""Sign-in success and failure go to the access audit (the password never does)."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from audit.services import Action, access_record


@receiver(user_logged_in, dispatch_uid="audit-sign-in")
def _signed_in(sender, request, user, **kwargs):
    if request is not None:
        access_record(request=request, action=Action.SIGN_IN, actor=user)


@receiver(user_login_failed, dispatch_uid="audit-sign-in-failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    if request is not None:
        access_record(
            request=request,
            action=Action.SIGN_IN_FAILED,
            username=str(credentials.get("username", "")),
        )
