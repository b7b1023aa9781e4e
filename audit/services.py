"""Recording access. Callers pass identifiers and a short label, never allegation text."""

from audit.models import AccessEvent

Action = AccessEvent.Action


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def access_record(
    *,
    request,
    action: str,
    school_id: int | None = None,
    role: str = "",
    object_type: str = "",
    object_id="",
    object_label: str = "",
    username: str = "",
    actor=None,
) -> AccessEvent:
    user = actor or getattr(request, "user", None)
    authenticated = getattr(user, "is_authenticated", False)
    return AccessEvent.objects.create(
        actor=user if authenticated else None,
        username=(user.get_username() if authenticated else username)[:150],
        role=role,
        school_id=school_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        object_label=object_label[:100],
        client_address=client_address(request),
    )


def viewers_of(*, object_type: str, object_id, limit: int = 50):
    """Who opened this object, newest first (for "who has viewed this case")."""
    return (
        AccessEvent.objects.filter(object_type=object_type, object_id=str(object_id))
        .select_related("actor")
        .order_by("-at")[:limit]
    )
