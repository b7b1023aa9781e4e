"""Who is told what follows from the rights table, not from role names elsewhere."""

from policies.models import Membership
from policies.permissions import case_workers, deciders, first_responders, safeguarding_alerted

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


def test_a_child_at_risk_alert_goes_to_the_dsls_first_then_deputies_then_the_head():
    Lead = Membership.SafeguardingLead
    staff = [
        (Role.HEADTEACHER, "", "head@example.org"),
        (Role.SLT, "", "slt@example.org"),
        (Role.SLT, Lead.DEPUTY, "deputy@example.org"),
        (Role.SLT, Lead.DSL, "dsl@example.org"),
        (Role.BURSAR, Lead.DSL, "bursar@example.org"),  # reads no cases: never a lead
    ]
    assert safeguarding_alerted(staff) == [
        "dsl@example.org",
        "deputy@example.org",
        "head@example.org",
    ]
    # a head who is also the DSL is told once, as the DSL
    assert safeguarding_alerted([(Role.HEADTEACHER, Lead.DSL, "head@example.org")]) == [
        "head@example.org"
    ]


def test_a_school_without_a_dsl_alerts_everyone_working_cases():
    staff = [(Role.HEADTEACHER, "", "head@example.org"), (Role.SLT, "", "slt@example.org")]
    assert safeguarding_alerted(staff) == ["head@example.org", "slt@example.org"]
