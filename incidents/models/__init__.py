from incidents.models.cases import (
    Case,
    CaseEvent,
    CaseStamp,
    CaseStatusCount,
    Parent,
    ReferenceCounter,
)
from incidents.models.counts import CaseMonthCount
from incidents.models.messages import StandardReply
from incidents.models.notifications import Notification
from incidents.models.reports import Evidence, KeptScreenshot, Report
from incidents.models.safeguarding import SafeguardingAlert
from incidents.models.workflow import EscalationRequest, Meeting, ModerationRequest, SiteBan

__all__ = [
    "Case",
    "CaseEvent",
    "CaseMonthCount",
    "CaseStamp",
    "CaseStatusCount",
    "EscalationRequest",
    "Evidence",
    "KeptScreenshot",
    "Meeting",
    "ModerationRequest",
    "Notification",
    "Parent",
    "ReferenceCounter",
    "Report",
    "SafeguardingAlert",
    "SiteBan",
    "StandardReply",
]
