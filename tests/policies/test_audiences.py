"""Who is told what follows from the rights table, not from role names elsewhere."""

from policies.models import Membership
from policies.permissions import case_workers, deciders, first_responders

Role = Membership.Role


def test_new_work_goes_to_slt_and_to_the_head_where_there_is_no_slt():
    staff = {Role.SLT: ["slt@example.org"], Role.HEADTEACHER: ["head@example.org"]}
    assert first_responders(staff) == ["slt@example.org"]
    assert first_responders({**staff, Role.SLT: []}) == ["head@example.org"]


def test_decisions_go_to_the_head_and_safeguarding_alerts_to_everyone_working_cases():
    staff = {
        Role.SLT: ["slt@example.org"],
        Role.HEADTEACHER: ["head@example.org"],
        Role.BURSAR: ["bursar@example.org"],
    }
    assert deciders(staff) == ["head@example.org"]
    assert case_workers(staff) == ["head@example.org", "slt@example.org"]
