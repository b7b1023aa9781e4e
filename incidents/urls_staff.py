from django.urls import path

from incidents.views import case_actions as actions
from incidents.views import files, safeguarding_actions, site_ban_actions, staff

app_name = "staff"

case = "cases/<str:reference>/"

urlpatterns = [
    path("", staff.DashboardView.as_view(), name="dashboard"),
    path("cases/", staff.CaseListView.as_view(), name="case_list"),
    path(case, staff.CaseDetailView.as_view(), name="case_detail"),
    path(case + "viewers/", staff.CaseViewersView.as_view(), name="case_viewers"),
    path(case + "do/<slug:name>/", actions.TransitionView.as_view(), name="case_transition"),
    path(case + "owner/", actions.AssignOwnerView.as_view(), name="case_owner"),
    path(case + "parent/", actions.LinkParentView.as_view(), name="case_parent"),
    path(
        case + "parent/<int:pk>/",
        actions.ParentDetailsView.as_view(),
        name="case_parent_details",
    ),
    path(case + "categories/", actions.CategoriesView.as_view(), name="case_categories"),
    path(case + "merge/", actions.MergeView.as_view(), name="case_merge"),
    path(case + "note/", actions.NoteView.as_view(), name="case_note"),
    path(case + "evidence/", actions.EvidenceView.as_view(), name="case_evidence"),
    path(case + "message/", actions.ReporterMessageView.as_view(), name="case_message"),
    path(case + "conversation/", actions.ConversationView.as_view(), name="case_conversation"),
    path(case + "meeting/", actions.MeetingView.as_view(), name="case_meeting"),
    path(
        case + "meeting/<int:pk>/outcome/",
        actions.MeetingOutcomeView.as_view(),
        name="case_meeting_outcome",
    ),
    path(case + "moderation/", actions.ModerationView.as_view(), name="case_moderation"),
    path(
        case + "moderation/<int:pk>/answer/",
        actions.ModerationAnswerView.as_view(),
        name="case_moderation_answer",
    ),
    path(case + "action/<slug:kind>/", actions.SideActionView.as_view(), name="case_side_action"),
    path(
        case + "safeguarding/flag/",
        safeguarding_actions.SafeguardingFlagView.as_view(),
        name="case_safeguarding_flag",
    ),
    path(
        case + "safeguarding/clear/",
        safeguarding_actions.SafeguardingClearView.as_view(),
        name="case_safeguarding_clear",
    ),
    path(
        case + "safeguarding/decision/",
        safeguarding_actions.SafeguardingDecisionView.as_view(),
        name="case_safeguarding_decision",
    ),
    path(case + "escalate/", actions.ProposeEscalationView.as_view(), name="case_propose"),
    path(case + "site-ban/", site_ban_actions.SiteBanView.as_view(), name="case_site_ban"),
    path(
        case + "site-ban/<int:pk>/representations/",
        site_ban_actions.RepresentationsView.as_view(),
        name="case_ban_representations",
    ),
    path(
        case + "site-ban/<int:pk>/correct/",
        site_ban_actions.SiteBanCorrectView.as_view(),
        name="case_ban_correct",
    ),
    path(
        case + "site-ban/<int:pk>/withdraw/",
        site_ban_actions.SiteBanWithdrawView.as_view(),
        name="case_ban_withdraw",
    ),
    path(
        case + "site-ban/<int:pk>/review/",
        site_ban_actions.SiteBanReviewView.as_view(),
        name="case_ban_review",
    ),
    path(
        case + "site-ban/<int:pk>/decision/",
        site_ban_actions.SiteBanDecisionView.as_view(),
        name="case_ban_decision",
    ),
    path("approvals/", staff.ApprovalsView.as_view(), name="approvals"),
    path("approvals/<int:pk>/", staff.DecideEscalationView.as_view(), name="decide_escalation"),
    path("bans/", staff.BanRegisterView.as_view(), name="ban_register"),
    path("bans/print/", staff.BanRegisterPdfView.as_view(), name="ban_register_pdf"),
    path("evidence/<uuid:public_id>/", files.evidence_file, name="evidence_file"),
    path(
        "evidence/<uuid:public_id>/thumbnail/", files.evidence_thumbnail, name="evidence_thumbnail"
    ),
]
