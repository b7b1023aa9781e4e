"""Finding the cases that may hold a requester's data: where they are a linked parent or a
reporter, by name, e-mail or phone, each compared in a normal form so that spelling differences
(case, spaces, a +44 prefix) do not hide a match."""

import re
from collections import defaultdict

from incidents.models import Case, Report
from policies.models import School


def normal_name(value: str) -> str:
    return " ".join(value.split()).casefold()


def normal_email(value: str) -> str:
    return value.strip().casefold()


def normal_phone(value: str) -> str:
    """Digits only, a UK number in its national form: "+44 7700 900123", "0044 7700 900123"
    and "07700 900123" are one number. Fewer than seven digits is no number at all."""
    digits = re.sub(r"\D", "", value)
    for prefix in ("0044", "44"):
        if digits.startswith(prefix) and len(digits) > len(prefix) + 8:
            digits = "0" + digits[len(prefix) :]
            break
    return digits if len(digits) >= 7 else ""


def cases_about(*, school: School, name: str, email: str, phone: str) -> dict[int, list[str]]:
    """Case id -> why it matched ("reporter: phone"), for every case at the school where the
    requester is a linked parent or a reporter. Compared in Python over the school's parents and
    reporters, because a phone number's normal form is not something the database can index."""
    wanted = {
        "name": normal_name(name),
        "e-mail": normal_email(email),
        "phone": normal_phone(phone),
    }
    normalise = {"name": normal_name, "e-mail": normal_email, "phone": normal_phone}
    found: dict[int, set[str]] = defaultdict(set)

    def compare(who: str, case_id: int, values: dict[str, str]) -> None:
        for what, value in values.items():
            if wanted[what] and normalise[what](value) == wanted[what]:
                found[case_id].add(f"{who}: {what}")

    parents = Case.parents.through.objects.filter(case__school=school).values_list(
        "case_id", "parent__full_name", "parent__email"
    )
    for case_id, full_name, parent_email in parents:
        compare("linked parent", case_id, {"name": full_name, "e-mail": parent_email})
    reporters = Report.objects.filter(school=school).values_list(
        "case_id", "reporter_name", "reporter_email", "reporter_phone"
    )
    for case_id, reporter_name, reporter_email, reporter_phone in reporters:
        compare(
            "reporter",
            case_id,
            {"name": reporter_name, "e-mail": reporter_email, "phone": reporter_phone},
        )
    return {case_id: sorted(reasons) for case_id, reasons in found.items()}


def is_requester(*, name: str, email: str, phone: str, values: dict[str, str]) -> bool:
    """Whether a parent's or reporter's details (`values`: "name", "e-mail", "phone") match the
    requester's in any one of them, compared as the search compares them."""
    wanted = {
        "name": normal_name(name),
        "e-mail": normal_email(email),
        "phone": normal_phone(phone),
    }
    normalise = {"name": normal_name, "e-mail": normal_email, "phone": normal_phone}
    return any(
        wanted[what] and normalise[what](value) == wanted[what] for what, value in values.items()
    )
