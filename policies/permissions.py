"""The one place that answers "may this user do this at this school?" (the README's roles table).

Views and services call `can()` or `membership_for()`; nothing else compares role strings.
"""

from enum import StrEnum

from policies.models import Membership, School, Trust, TrustMembership

Role = Membership.Role
Lead = Membership.SafeguardingLead
TrustRole = TrustMembership.Role

# The role written to the access audit for what an administrator opens in the Django admin.
ADMIN_SITE_ROLE = "admin"


class Action(StrEnum):
    VIEW_CASES = "view_cases"  # a case's record: the facts an export holds (exports.columns)
    # What people wrote and who they are: reports, reporters' contact details, notes, the
    # chronology, meetings, letters' wording. A records role (the bursar) sees the record only.
    VIEW_CASE_CONTENT = "view_case_content"
    VIEW_EVIDENCE = "view_evidence"
    WORK_CASES = "work_cases"  # triage, notes, conversations, side actions, letters, meetings
    PROPOSE_ESCALATION = "propose_escalation"
    # Write to a reporter through their follow-up page (and tell them by e-mail that it is there).
    MESSAGE_REPORTER = "message_reporter"
    DECIDE = "decide"  # approve/reject escalations and letters, site bans, close late, reopen
    EXPORT = "export"
    # The retention schedule's review: legal holds, extensions, approving disposal, records of
    # destruction.
    RETENTION = "retention"
    # Subject access requests: log one, find the requester's cases, confirm matches, mark it
    # ready for review. Marking it sent and extending its deadline are the headteacher's.
    PREPARE_SAR = "prepare_sar"
    SEND_SAR = "send_sar"
    # Review what a disclosure (a case bundle, a subject access response) would include and mark
    # what to redact. Producing the PDF, and un-redacting the reporter, are DECIDE.
    PREPARE_DISCLOSURE = "prepare_disclosure"
    # Record the decision on a safeguarding alert (referred, logged, no further action) and
    # clear a case's safeguarding flag: the designated safeguarding leads' call, whatever
    # their role, so it comes with a designation (LEAD_ACTIONS), never with a role.
    DECIDE_SAFEGUARDING = "decide_safeguarding"
    # The governors' report: counts, times and charts without names (exports.governors).
    VIEW_REPORTS = "view_reports"


LEAD_ACTIONS = frozenset({Action.DECIDE_SAFEGUARDING})

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.SLT: frozenset(
        {
            Action.VIEW_CASES,
            Action.VIEW_CASE_CONTENT,
            Action.VIEW_EVIDENCE,
            Action.WORK_CASES,
            Action.PROPOSE_ESCALATION,
            Action.PREPARE_SAR,
            Action.PREPARE_DISCLOSURE,
            Action.MESSAGE_REPORTER,
        }
    ),
    Role.HEADTEACHER: frozenset(Action) - LEAD_ACTIONS,
    Role.BURSAR: frozenset({Action.VIEW_CASES, Action.EXPORT}),
}


# A trust-level role sees the governors' report of each of the trust's schools and nothing else:
# it has no row in ROLE_ACTIONS, so every case, evidence, letter and export page refuses it.
TRUST_ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    TrustRole.TRUST_LEAD: frozenset({Action.VIEW_REPORTS}),
}


def membership_for(user, school: School | int) -> Membership | None:
    """The user's membership at that school, or None. Anonymous users have none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    school_id = school.pk if isinstance(school, School) else school
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = user._membership_cache = {}
    if school_id not in cache:
        cache[school_id] = (
            Membership.objects.select_related("school")
            .filter(user=user, school_id=school_id)
            .first()
        )
    return cache[school_id]


def role_allows(role: str | None, action: Action) -> bool:
    return role is not None and action in ROLE_ACTIONS.get(role, frozenset())


def may_lead_safeguarding(role: str | None) -> bool:
    """Whether someone with this role may be a (deputy) DSL: they must read the cases."""
    return role_allows(role, Action.VIEW_CASE_CONTENT)


def membership_allows(membership: Membership | None, action: Action) -> bool:
    """What the role allows, and for a (deputy) DSL the safeguarding decisions."""
    if membership is None:
        return False
    if action in LEAD_ACTIONS:
        return bool(membership.safeguarding_lead) and may_lead_safeguarding(membership.role)
    return role_allows(membership.role, action)


def roles_allowed(action: Action) -> list[str]:
    """The roles that may do `action`, for a query over memberships (who may own a case)."""
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]


# Who is told what, from the rights above and a school's staff addresses by role.
def deciders(emails_by_role: dict[str, list[str]]) -> list[str]:
    """Those who decide (the headteacher): escalations waiting, site-ban dates, reviews."""
    return _emails(emails_by_role, roles_allowed(Action.DECIDE))


def case_workers(emails_by_role: dict[str, list[str]]) -> list[str]:
    """Everyone who works on cases."""
    return _emails(emails_by_role, roles_allowed(Action.WORK_CASES))


def safeguarding_alerted(staff: list[tuple[str, str, str]]) -> list[str]:
    """Who gets an urgent "child at risk" alert, in the order it is sent: the DSLs, then their
    deputies, then the deciders (the headteacher). `staff` is (role, safeguarding_lead, e-mail)
    for a school's active staff. A school with no DSL marked alerts everyone who works on
    cases, so an alert is never sent to nobody."""
    leads = {lead: [] for lead in Lead.values}
    by_role: dict[str, list[str]] = {}
    for role, lead, email in staff:
        by_role.setdefault(role, []).append(email)
        if lead and may_lead_safeguarding(role):
            leads[lead].append(email)
    if not any(leads.values()):
        return case_workers(by_role)
    ordered = [*sorted(leads[Lead.DSL]), *sorted(leads[Lead.DEPUTY]), *deciders(by_role)]
    return list(dict.fromkeys(ordered))


def first_responders(emails_by_role: dict[str, list[str]]) -> list[str]:
    """Those who pick up new work (SLT): a new concern, the daily digest; the deciders at a
    school where nobody else works on cases."""
    deciding = set(roles_allowed(Action.DECIDE))
    workers = [role for role in roles_allowed(Action.WORK_CASES) if role not in deciding]
    return _emails(emails_by_role, workers) or deciders(emails_by_role)


def _emails(emails_by_role: dict[str, list[str]], roles: list[str]) -> list[str]:
    return sorted({email for role in roles for email in emails_by_role.get(role, [])})


def rights(membership: Membership | None) -> dict[str, bool]:
    """What the person may do, by action name, for templates ({% if rights.export %})."""
    return {action.value: membership_allows(membership, action) for action in Action}


def role_label(role: str) -> str:
    """The role's name as people read it ("Headteacher"), for a role code kept in a record."""
    return Role(role).label if role in Role.values else role


def can(user, school: School | int, action: Action) -> bool:
    return membership_allows(membership_for(user, school), action)


def trust_memberships(user):
    """Every trust at which the user has a role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return TrustMembership.objects.none()
    return TrustMembership.objects.select_related("trust").filter(user=user)


def trust_can(user, trust: Trust | int, action: Action) -> bool:
    trust_id = trust.pk if isinstance(trust, Trust) else trust
    membership = trust_memberships(user).filter(trust_id=trust_id).first()
    return membership is not None and action in TRUST_ROLE_ACTIONS.get(membership.role, frozenset())


def trusts_for(user, action: Action) -> list[Trust]:
    """The trusts at which the user may do `action`, by name."""
    return [
        m.trust
        for m in trust_memberships(user).order_by("trust__name")
        if action in TRUST_ROLE_ACTIONS.get(m.role, frozenset())
    ]


def report_roles(user, schools) -> dict[int, str]:
    """Of these schools, those whose governors' report the user may read, with the role they
    read it by: as a member whose role has VIEW_REPORTS, or as a lead of the school's trust.
    Two queries, however many."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    roles = [role for role in ROLE_ACTIONS if role_allows(role, Action.VIEW_REPORTS)]
    direct = Membership.objects.filter(user=user, school__in=schools, role__in=roles)
    leads = {
        m.trust_id: m.role
        for m in trust_memberships(user)
        if Action.VIEW_REPORTS in TRUST_ROLE_ACTIONS.get(m.role, frozenset())
    }
    return {
        **{school.pk: leads[school.trust_id] for school in schools if school.trust_id in leads},
        **dict(direct.values_list("school_id", "role")),
    }


def staff_memberships(user):
    """Every school at which the user has a role, for choosing which school to work in."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.select_related("school").filter(user=user)
