import time

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.cases import demo_cases_seed, parents_seed
from demo.letters import demo_letterhead_seed, demo_parents_letter_details_seed
from demo.users import demo_dsl_seed, demo_users_seed
from demo.walkthrough import walkthrough_seed
from incidents.services.reminders import reminders_plan
from policies.models import School
from policies.seed import school_seed
from policies.seed_data import DEMO_GROUPS, SCHOOLS


class Command(BaseCommand):
    help = (
        "Load the five seed schools, their codes of conduct, groups, demo users, demo parents "
        "and letter templates. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases", type=int, default=0, help="Also add this many realistic cases."
        )
        parser.add_argument(
            "--walkthrough",
            action="store_true",
            help="Also add a few cases per school at different steps (awaiting approval, a "
            "draft letter, an intended ban with representations, closed) and plan the "
            "reminders due today: what `make run` shows a newcomer.",
        )

    def handle(self, *args, cases, walkthrough, **options):
        logins = []
        for data in SCHOOLS:
            school = school_seed(data=data, groups=DEMO_GROUPS)
            logins += [
                (school.name, *pair)
                for pair in demo_users_seed(
                    school=school,
                    password=settings.DEMO_PASSWORD,
                    totp_secret=settings.DEMO_TOTP_SECRET,
                )
            ]
            dsl = demo_dsl_seed(
                school=school,
                password=settings.DEMO_PASSWORD,
                totp_secret=settings.DEMO_TOTP_SECRET,
            )
            logins.append((school.name, *dsl))
            parents_seed(school=school)
            demo_letterhead_seed(school=school)
            demo_parents_letter_details_seed(school=school)
        if walkthrough:
            self.walkthrough()
        if cases:
            began = time.monotonic()
            added = demo_cases_seed(count=cases, stdout=self.stdout)
            self.stdout.write(f"Added {added:,} cases in {time.monotonic() - began:.1f} s.")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(SCHOOLS)} schools."))
        self.stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
        if settings.DEMO_TOTP_SECRET:
            self.stdout.write("Second step: a TOTP code for the secret in DEMO_TOTP_SECRET.")
        elif settings.DEBUG:
            self.stdout.write("Second step: set up an authenticator app, or press Skip (debug).")
        for school_name, username, role in logins:
            self.stdout.write(f"  {username:<28} {role:<24} {school_name}")

    def walkthrough(self) -> None:
        added = sum(walkthrough_seed(school=school) for school in School.objects.order_by("pk"))
        planned = len(reminders_plan())
        self.stdout.write(
            f"Walk-through cases added: {added}; reminders planned for today: {planned}."
        )
