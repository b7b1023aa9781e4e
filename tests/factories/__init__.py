"""factory-boy factories for every model, one module per app; import them from here."""

from tests.factories.accounts import (
    StaffProfileFactory,
)
from tests.factories.audit import (
    AccessEventFactory,
)
from tests.factories.exports import (
    CaseBundleFactory,
    DisclosureFactory,
    ExportJobFactory,
    ExportRecordFactory,
    RedactionFactory,
    RedactionLogEntryFactory,
)
from tests.factories.incidents import (
    CaseEventFactory,
    CaseFactory,
    CaseMonthCountFactory,
    CaseStampFactory,
    CaseStatusCountFactory,
    EscalationRequestFactory,
    EvidenceFactory,
    KeptScreenshotFactory,
    MeetingFactory,
    ModerationRequestFactory,
    NotificationFactory,
    ParentFactory,
    ReferenceCounterFactory,
    ReportFactory,
    SafeguardingAlertFactory,
    SiteBanFactory,
    StandardReplyFactory,
)
from tests.factories.letters import (
    LetterEmailFactory,
    LetterFactory,
    LetterRenderFactory,
    LetterTemplateFactory,
)
from tests.factories.policies import (
    BreachCategoryFactory,
    ClosureDateFactory,
    CodeOfConductFactory,
    MembershipFactory,
    MessagingGroupFactory,
    ResponseFactory,
    SchoolFactory,
    TrustFactory,
    TrustMembershipFactory,
    UserFactory,
)
from tests.factories.retention import (
    DisposalRecordFactory,
    DueItemFactory,
    LegalHoldFactory,
    RetentionExtensionFactory,
    RetentionRuleFactory,
)
from tests.factories.sar import (
    SarEventFactory,
    SarMatchFactory,
    SubjectAccessRequestFactory,
)
from tests.factories.vault import (
    FileKeyFactory,
)

__all__ = [
    "AccessEventFactory",
    "BreachCategoryFactory",
    "CaseBundleFactory",
    "CaseEventFactory",
    "CaseFactory",
    "CaseMonthCountFactory",
    "CaseStampFactory",
    "CaseStatusCountFactory",
    "ClosureDateFactory",
    "CodeOfConductFactory",
    "DisclosureFactory",
    "DisposalRecordFactory",
    "DueItemFactory",
    "EscalationRequestFactory",
    "EvidenceFactory",
    "ExportJobFactory",
    "ExportRecordFactory",
    "FileKeyFactory",
    "KeptScreenshotFactory",
    "LegalHoldFactory",
    "LetterEmailFactory",
    "LetterFactory",
    "LetterRenderFactory",
    "LetterTemplateFactory",
    "MeetingFactory",
    "MembershipFactory",
    "MessagingGroupFactory",
    "ModerationRequestFactory",
    "NotificationFactory",
    "ParentFactory",
    "RedactionFactory",
    "RedactionLogEntryFactory",
    "ReferenceCounterFactory",
    "ReportFactory",
    "ResponseFactory",
    "RetentionExtensionFactory",
    "RetentionRuleFactory",
    "SafeguardingAlertFactory",
    "SarEventFactory",
    "SarMatchFactory",
    "SchoolFactory",
    "SiteBanFactory",
    "StaffProfileFactory",
    "StandardReplyFactory",
    "SubjectAccessRequestFactory",
    "TrustFactory",
    "TrustMembershipFactory",
    "UserFactory",
]
