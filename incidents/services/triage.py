"""Triage: owner, the parents concerned, breach categories, merging duplicates."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from incidents.models import Case, CaseEvent, Evidence, Parent, Report
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow
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
) -> Parent:
    """Link an existing parent of this school, or record a new one, as concerned by the case."""
    require(by, case, Action.WORK_CASES)
    if parent is None:
        if not full_name.strip():
            raise NotNow("Choose a parent or type the new parent's name.")
        parent = Parent.objects.create(
            school_id=case.school_id,
            full_name=full_name.strip(),
            email=email,
            year_groups=year_groups,
        )
    elif parent.school_id != case.school_id:
        raise NotNow("That parent belongs to another school.")
    case.parents.add(parent)
    event_add(case, CaseEvent.Kind.PARENT_LINKED, by=by, text=parent.full_name, parent=parent.pk)
    return parent


@transaction.atomic
def case_set_categories(*, case: Case, categories: list[BreachCategory], by: User) -> Case:
    require(by, case, Action.WORK_CASES)
    if any(c.code.school_id != case.school_id for c in categories):
        raise NotNow("Those categories are not from this school's code of conduct.")
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
