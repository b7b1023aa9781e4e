from incidents.models.cases import Case, CaseEvent, Parent, ReferenceCounter
from incidents.models.notifications import Notification
from incidents.models.reports import Evidence, Report

__all__ = [
    "Case",
    "CaseEvent",
    "Evidence",
    "Notification",
    "Parent",
    "ReferenceCounter",
    "Report",
]
