"""Triage: owner, the parents concerned, breach categories, merging duplicates."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from incidents.models import Case, CaseEvent, Evidence, Parent, Report
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow
from incidents.services.month_counts import month_counts_kept
from incidents.services.safeguarding import safeguarding_alerts_move
from incidents.services.workflow import case_apply_transition
from policies.models import BreachCategory
from policies.permissions import Action, can, roles_allowed


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def case_assign_owner(*, case: Case, owner: User, by: User) -> Case:
    require(by, case, Action.WORK_CASES)
    if not can(owner, case.school_id, Action.WORK_CASES):
        raise NotNow("The owner must be someone who works on this school's cases.")
    case.owner = owner
    case.save(update_fields=["owner", "updated_at"])
    event_add(case, CaseEvent.Kind.OWNER_ASSIGNED, by=by, text=_name(owner), owner=owner.pk)
    return case


@transaction.atomic
def case_link_parent(
    *,
    case: Case,
    by: User,
    parent: Parent | None = None,
    full_name: str = "",
    email: str = "",
    year_groups: str = "",
    title: str = "",
    surname: str = "",
    postal_address: str = "",
) -> Parent:
    """Link an existing parent of this school, or record a new one, as concerned by the case."""
    require(by, case, Action.WORK_CASES)
    if parent is None:
        if not full_name.strip():
            raise NotNow("Choose a parent or type the new parent's name.")
        parent = Parent.objects.create(
            school_id=case.school_id,
            title=title.strip(),
            full_name=full_name.strip(),
            surname=surname.strip() or _last_word(full_name),
            email=email,
            postal_address=postal_address.strip(),
            year_groups=year_groups,
        )
    elif parent.school_id != case.school_id:
        raise NotNow("That parent belongs to another school.")
    case.parents.add(parent)
    event_add(case, CaseEvent.Kind.PARENT_LINKED, by=by, text=parent.full_name, parent=parent.pk)
    return parent


def _last_word(name: str) -> str:
    """The surname a letter greets by when none was typed: the name's last word, which staff
    correct on the parent's details when it is wrong ("van der Berg")."""
    words = name.split()
    return words[-1] if len(words) > 1 else ""


PARENT_DETAILS = {
    "title": "title",
    "full_name": "name",
    "surname": "surname",
    "email": "e-mail address",
    "postal_address": "postal address",
    "year_groups": "year groups",
}


@transaction.atomic
def parent_update(*, case: Case, parent: Parent, by: User, **details: str) -> Parent:
    """Correct how the school writes to a parent concerned by the case (title, name, surname,
    e-mail, postal address). Their draft letters read these; approved letters keep what they
    were sent with. The chronology names what changed, not the values: an address is not case
    history."""
    require(by, case, Action.WORK_CASES, open_case=False)
    if parent.school_id != case.school_id or not case.parents.filter(pk=parent.pk).exists():
        raise NotNow("That parent is not concerned by this case.")
    unknown = set(details) - set(PARENT_DETAILS)
    if unknown:
        raise ValueError(f"Not a parent's detail: {', '.join(sorted(unknown))}")
    details = {name: value.strip() for name, value in details.items()}
    if not details.get("full_name", parent.full_name):
        raise NotNow("The parent's name cannot be empty.", field="full_name")
    if "surname" in details and not details["surname"]:
        details["surname"] = _last_word(details.get("full_name", parent.full_name))
    changed = [name for name, value in details.items() if getattr(parent, name) != value]
    if not changed:
        return parent
    for name in changed:
        setattr(parent, name, details[name])
    parent.save(update_fields=changed)
    event_add(
        case,
        CaseEvent.Kind.PARENT_UPDATED,
        by=by,
        text=f"{parent.full_name}: " + ", ".join(PARENT_DETAILS[name] for name in changed),
        parent=parent.pk,
        changed=changed,
    )
    return parent


@transaction.atomic
def case_set_categories(*, case: Case, categories: list[BreachCategory], by: User) -> Case:
    require(by, case, Action.WORK_CASES)
    if any(c.code.school_id != case.school_id for c in categories):
        raise NotNow("Those categories are not from this school's code of conduct.")
    # The case row is locked so that two edits at once count one after the other.
    Case.objects.select_for_update().values_list("pk", flat=True).get(pk=case.pk)
    with month_counts_kept(case_ids=[case.pk]):
        case.breach_categories.set(categories)
    event_add(
        case,
        CaseEvent.Kind.CATEGORIES_SET,
        by=by,
        text="; ".join(c.name for c in categories) or "None",
        categories=[c.pk for c in categories],
    )
    return case


@transaction.atomic
def case_merge(*, case: Case, into: Case, by: User, note: str = "") -> Case:
    """Move the case's reports and evidence into `into`; the case closes as its duplicate.

    The merged case's own chronology stays with it (the chronology is never rewritten) and is
    shown in the surviving case's timeline.
    """
    require(by, case, Action.WORK_CASES)
    require(by, into, Action.WORK_CASES)
    if into.pk == case.pk or into.school_id != case.school_id:
        raise NotNow("Choose another open case of this school to merge into.")
    if into.merged_into_id:
        raise NotNow("That case was itself merged into another.")
    moved_reports = Report.objects.filter(case=case).update(case=into)
    moved_files = Evidence.objects.filter(case=case).update(case=into)
    into.parents.add(*case.parents.all())
    Case.objects.select_for_update().values_list("pk", flat=True).get(pk=into.pk)
    with month_counts_kept(case_ids=[into.pk]):
        into.breach_categories.add(*case.breach_categories.all())
    if case.safeguarding and not into.safeguarding:
        into.safeguarding = True
        into.save(update_fields=["safeguarding", "updated_at"])
    safeguarding_alerts_move(case=case, into=into)
    Case.objects.filter(merged_into=case).update(merged_into=into)
    closed = case_apply_transition(
        case=case,
        name="close_as_duplicate",
        by=by,
        note=note or f"Merged into {into.reference}.",
        data={"into": into.reference},
        into=into,
    )
    event_add(
        into,
        CaseEvent.Kind.MERGED,
        by=by,
        text=f"{case.reference} merged into this case: {moved_reports} report(s), "
        f"{moved_files} file(s).",
        merged=case.reference,
    )
    return closed


def staff_who_can_own(*, school_id: int):
    User = get_user_model()
    return User.objects.filter(
        is_active=True,
        memberships__school_id=school_id,
        memberships__role__in=roles_allowed(Action.WORK_CASES),
    ).order_by("first_name", "last_name", "username")
