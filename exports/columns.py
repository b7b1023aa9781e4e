"""The columns of a case-records export (documented in README, "Exports"), and one row per case.

Only record-keeping facts: no report descriptions, no evidence, no safeguarding notes, no
reporter details. Text that people typed (references, names, categories) is neutralised against
formula injection here, so every writer gets safe values; the other cells are dates, counts or
our own labels.
"""

from exports.cells import FORMULA_PREFIXES, neutralise
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
    """Each distinct text (a case's categories, its owner) made and neutralised once: an export
    repeats a handful of them thousands of times."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = neutralise(self.make(key))
        return value


def rows_build(records: list[tuple], school_name: str) -> list[list]:
    """One row per record. A record is (id, reference, opened, closed, status, outcome, owner's
    first name, last name, username, categories, parents, reports, evidence files, letters,
    ban state, *the date of each of STEPS): names joined by SEPARATOR (None when there are
    none), dates as dates (see exports.records)."""
    school = neutralise(school_name)
    state, outcome_label, ban_label = STATE_LABELS.get, OUTCOME_LABELS.get, BAN_LABELS.get
    category_texts = _Texts(lambda names: names or "")
    owner_names = _Texts(lambda owner: owner_name(*owner))
    # `neutralise` written out for the two texts that differ on every row: a call per cell was
    # a third of this function's time.
    formula = FORMULA_PREFIXES
    return [
        [
            "'" + reference if reference.startswith(formula) else reference,
            school,
            opened,
            closed,
            state(status, status),
            outcome_label(outcome, outcome),
            category_texts[categories],
            ("'" + parents if parents.startswith(formula) else parents) if parents else "",
            owner_names[first, last, username],
            reports,
            evidence,
            letters,
            *reached,
            ban_label(ban, ban) if ban else "",
        ]
        for (
            _,
            reference,
            opened,
            closed,
            status,
            outcome,
            first,
            last,
            username,
            categories,
            parents,
            reports,
            evidence,
            letters,
            ban,
            *reached,
        ) in records
    ]
