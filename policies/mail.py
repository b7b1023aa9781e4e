"""How the school's e-mail is addressed: from the school, replies to its office."""

from email.utils import formataddr, parseaddr

from django.conf import settings

from policies.models import School


def school_sender(school: School) -> dict:
    """`from_email` and `reply_to` for an EmailMessage sent on the school's behalf: the
    school's name before our sending address (which the mail server is allowed to send from),
    and replies to the school office rather than to a mailbox nobody reads."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return {"from_email": formataddr((school.name, address)), "reply_to": [school.reply_to]}
