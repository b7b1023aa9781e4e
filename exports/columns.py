"""The columns of a case-records export (documented in README, "Exports"), and one row per case.

Only record-keeping facts: no report descriptions, no evidence, no safeguarding notes, no
reporter details. Text that people typed (references, names, categories) is neutralised against
formula injection here, so every writer gets safe values; the other cells are dates, counts or
our own labels.
"""

from exports.cells import neutralise
from incidents.models import Case, SiteBan
from incidents.models.cases import ESCALATION_TARGETS

# The steps of the ladder that are escalations, each with the date the case first reached it.
STEPS = [step.value for step in ESCALATION_TARGETS]

HEADER = [
    "Reference",
    "School",
    "Opened",
    "Closed",
    "State",
    "Outcome",
    "Breach categories",
    "Parents concerned",
    "Owner",
    "Reports",
    "Evidence files",
    "Letters",
    *[f"{step.label} on" for step in ESCALATION_TARGETS],
    "Site-ban status",
]

STATE_LABELS = dict(Case.Status.choices)
OUTCOME_LABELS = dict(Case.Outcome.choices)
BAN_LABELS = dict(SiteBan.State.choices)
SEPARATOR = "; "


def owner_name(first: str | None, last: str | None, username: str | None) -> str:
    return " ".join(part for part in (first, last) if part) or username or ""


class _Texts(dict):
    """Each distinct list of names (a case's categories, its owner) joined and neutralised once:
    an export repeats a handful of them thousands of times."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = neutralise(self.make(key))
        return value


def rows_build(cases: list[tuple], related: dict, school_name: str) -> list[list]:
    """`cases` are (id, reference, opened, closed, status, outcome, owner first, last, username)
    tuples; `related` maps each relation to a dict by case id (see selectors.export_related)."""
    school = neutralise(school_name)
    categories, parents = related["categories"], related["parents"]
    reports, evidence, letters = related["reports"], related["evidence"], related["letters"]
    steps, bans = related["steps"], related["bans"]
    category_texts = _Texts(SEPARATOR.join)
    owner_names = _Texts(lambda owner: owner_name(*owner))
    no_steps = [None] * len(STEPS)
    rows = []
    for pk, reference, opened, closed, status, outcome, first, last, username in cases:
        reached = steps.get(pk)
        ban = bans.get(pk)
        rows.append(
            [
                neutralise(reference),
                school,
                opened,
                closed,
                STATE_LABELS.get(status, status),
                OUTCOME_LABELS.get(outcome, outcome),
                category_texts[categories.get(pk, ())],
                neutralise(SEPARATOR.join(parents.get(pk, ()))),
                owner_names[first, last, username],
                reports.get(pk, 0),
                evidence.get(pk, 0),
                letters.get(pk, 0),
                *([reached.get(step) for step in STEPS] if reached else no_steps),
                BAN_LABELS.get(ban, ban) if ban else "",
            ]
        )
    return rows
