"""`rights` in every template: what the person may do in the school they are working in, so
templates ask `rights.export` instead of comparing role names."""

from policies.permissions import rights


def staff_rights(request) -> dict:
    membership = getattr(request, "_current_membership", None)
    return {"rights": rights(membership)}
