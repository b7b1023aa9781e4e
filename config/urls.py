from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from config.health import healthz
from policies import views as policy_views

urlpatterns = [
    path("", policy_views.HomeView.as_view(), name="home"),
    path(
        "s/<slug:slug>/code-of-conduct/",
        policy_views.CodeOfConductView.as_view(),
        name="code_of_conduct",
    ),
    path("", include("incidents.urls_public")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-step/", account_views.TwoFactorView.as_view(), name="two_factor"),
    path("accounts/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        account_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("staff/", include("incidents.urls_staff", namespace="staff")),
    path("staff/letters/", include("letters.urls", namespace="letters")),
    path("staff/exports/", include("exports.urls", namespace="exports")),
    path("staff/records/", include("exports.urls_records", namespace="records")),
    path("staff/retention/", include("retention.urls", namespace="retention")),
    path("staff/sar/", include("sar.urls", namespace="sar")),
    path("staff/school/", policy_views.switch_school, name="switch_school"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
