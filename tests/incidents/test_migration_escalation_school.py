"""incidents 0032 gives every existing proposal its case's school."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CaseFactory, UserFactory

BEFORE = [("incidents", "0031_escalation_waiting_day")]
AFTER = [("incidents", "0032_escalation_school")]


@pytest.mark.django_db(transaction=True)
def test_existing_proposals_take_their_cases_school():
    case = CaseFactory()
    other = CaseFactory()
    asker = UserFactory()
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("incidents", "EscalationRequest")
        for each in (case, other):
            old.objects.create(
                case_id=each.pk, target="warning_letter", reason="Again.", requested_by_id=asker.pk
            )
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("incidents", "EscalationRequest")
        assert {(e.case_id, e.school_id) for e in new.objects.all()} == {
            (case.pk, case.school_id),
            (other.pk, other.school_id),
        }
        assert case.school_id != other.school_id
    finally:
        # The tests after this one need every migration: going back to 0031 undid the later ones.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
