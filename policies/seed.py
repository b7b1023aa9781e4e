"""Load schools and their codes of conduct from structured data (see policies/seed_data.py).

Idempotent: running it again with the same data leaves every row as it was.
"""

import datetime

from django.db import transaction
from django.utils.text import slugify

from policies.models import BreachCategory, CodeOfConduct, MessagingGroup, Response, School
from policies.signals import school_created


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def school_seed(*, data: dict, groups: list[str]) -> School:
    school, created = School.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"],
            "reference_code": data["reference_code"],
            "address": data.get("address", ""),
            "nation": data.get("nation", School.Nation.ENGLAND),
            "concern_email": data["concern_email"],
            "decision_maker_title": data["decision_maker_title"],
            "letter_sign_off": data.get("sign_off", ""),
        },
    )
    _code_seed(school=school, data=data["code"])
    for name in groups:
        MessagingGroup.objects.get_or_create(
            school=school,
            name=f"{name} parents",
            defaults={
                "year_group": name,
                "moderators": f"{name} class representative",
                "moderator_email": f"{data['slug']}-{slugify(name)}-rep@example.org",
                "platform": MessagingGroup.Platform.WHATSAPP,
            },
        )
    if created:  # announced with its code in place: its letters take the code's own words
        school_created.send(sender=School, school=school)
    return school


def _code_seed(*, school: School, data: dict) -> CodeOfConduct:
    code, _ = CodeOfConduct.objects.update_or_create(
        school=school,
        version=1,
        defaults={
            "title": data["title"],
            "effective_date": _date(data["effective_date"]),
            "review_date": _date(data.get("review_date")),
            "introduction": "\n\n".join(data.get("introduction", [])),
            "guidelines": "\n".join(data["guidelines"]),
            "expectations": "\n".join(data.get("expectations", [])),
            "raising_concerns": data.get("raising_concerns", ""),
            "proportionality": data.get("proportionality", ""),
        },
    )
    for position, category in enumerate(data["breach_categories"]):
        BreachCategory.objects.update_or_create(
            code=code,
            key=category["key"],
            defaults={"name": category["name"], "position": position},
        )
    for position, response in enumerate(data["responses"]):
        Response.objects.update_or_create(
            code=code,
            position=position,
            defaults={"kind": response["kind"], "wording": response["wording"]},
        )
    return code
