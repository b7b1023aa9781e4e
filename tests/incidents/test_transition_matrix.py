"""Every state x every transition x every role, through the staff pages.

The expectations are written from docs/workflow.md and the README's roles table,
independently of the model code.
"""

import pytest

from incidents.models import Case, CaseEvent
from tests.factories import CaseFactory

S = Case.Status
LADDER = [
    S.GATHERING_INFORMATION,
    S.SPEAKING_TO_PARENT,
    S.WARNING_LETTER,
    S.MEETING,
    S.LEGAL_ADVICE,
    S.SITE_BAN,
]


def below(target):
    return set(LADDER[: LADDER.index(target)])


# transition -> (states it may start from, state it leads to)
TRANSITIONS = {
    "triage": ({S.REPORTED}, S.GATHERING_INFORMATION),
    "dismiss": ({S.REPORTED}, S.CLOSED),
    "speak_to_parent": ({S.GATHERING_INFORMATION}, S.SPEAKING_TO_PARENT),
    "escalate_to_warning_letter": (below(S.WARNING_LETTER), S.WARNING_LETTER),
    "escalate_to_meeting": (below(S.MEETING), S.MEETING),
    "escalate_to_legal_advice": (below(S.LEGAL_ADVICE), S.LEGAL_ADVICE),
    "escalate_to_site_ban": (below(S.SITE_BAN), S.SITE_BAN),
    "close": (set(LADDER), S.CLOSED),
    "reopen": ({S.CLOSED}, S.GATHERING_INFORMATION),
}
ROLES = ["slt", "head", "bursar", "other_head", "anonymous"]


def role_may(role: str, name: str, state: str) -> bool:
    if role == "head":
        return True
    if role != "slt":
        return False
    if name in {"triage", "dismiss", "speak_to_parent"}:
        return True
    # SLT close only up to speaking_to_parent; escalations and reopening are the head's.
    return name == "close" and state in {S.GATHERING_INFORMATION, S.SPEAKING_TO_PARENT}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(TRANSITIONS))
@pytest.mark.parametrize("state", list(S))
def test_transition_matrix(client, school, request, role, name, state):
    case = CaseFactory(school=school, status=state)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.post(
        f"/staff/cases/{case.reference}/do/{name}/",
        {"note": "Matrix test note", "outcome": Case.Outcome.RESOLVED},
    )
    sources, target = TRANSITIONS[name]
    case.refresh_from_db()
    events = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.TRANSITION)
    from_here = state in sources

    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    elif role == "other_head":
        assert response.status_code == 404  # another school's case does not exist for them
    elif not from_here:
        # the form again with the reason, and the note typed still in it
        assert response.status_code == 200
        page = response.content.decode()
        assert "There is a problem" in page and "is not possible" in page
        assert "Matrix test note" in page
    elif not role_may(role, name, state):
        assert response.status_code == 403
        assert "headteacher" in response.content.decode() or "role" in response.content.decode()

    if from_here and role_may(role, name, state):
        assert response.status_code == 302
        assert case.status == target
        event = events.get()
        assert (event.source, event.target, event.text) == (state, target, "Matrix test note")
        assert event.actor.username == request.getfixturevalue(role).username
    else:
        assert case.status == state
        assert not events.exists()


@pytest.mark.parametrize("state", list(S))
def test_in_every_state_the_bursar_gets_the_record_not_the_case_page(client, school, bursar, state):
    case = CaseFactory(school=school, status=state)
    client.force_login(bursar)
    assert client.get(case.get_absolute_url()).status_code == 403
    assert client.get(f"/staff/records/{case.reference}/").status_code == 200


@pytest.mark.parametrize("name", ["close_as_duplicate", "no_such_step"])
def test_a_transition_staff_cannot_apply_by_name_is_not_found(client, school, head, name):
    case = CaseFactory(school=school, status=S.GATHERING_INFORMATION)
    client.force_login(head)
    assert client.get(f"{case.get_absolute_url()}do/{name}/").status_code == 404
    assert client.post(f"{case.get_absolute_url()}do/{name}/", {"note": ""}).status_code == 404
    case.refresh_from_db()
    assert case.status == S.GATHERING_INFORMATION
