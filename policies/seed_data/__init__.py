"""The five seed schools' codes of conduct, transcribed from their published policies.

Wording is each school's own; only contact details are replaced by example.org addresses.
"""

# Transcription notes (apply to every school):
# - List items (guidelines, expectations, breach categories, responses) are verbatim, except that
#   the trailing list punctuation (";" or ".") at the end of each bullet is dropped, and the
#   "gather information ... and speak to the parent ..." sentence is split into two responses
#   whose first letters are capitalised.
# - "introduction" holds one string per paragraph; where a school's opening includes a short
#   bulleted list ("we believe it's important to:"), the lead-in and its bullets are kept together
#   in one string, one bullet per line ("\n- "), with the school's own punctuation.
# - Lead-in lines such as "Parents should adhere to the following guidelines ..." and "Please note,
#   the school considers the following online activity inappropriate:" are not repeated.
# - En and em dashes are written as "\u2013" / "\u2014" escapes (ruff RUF001); the values are the
#   same characters as in the policies. Spelling is the schools' own ("libelous", "offense", ...).
# - Staff and proprietor names and real contact details are deliberately left out.

from policies.seed_data import (
    grove,
    jennetts_park,
    joy_lane,
    st_johns_priory,
    st_michael_and_st_johns,
)

SCHOOLS: list[dict] = [
    joy_lane.SCHOOL,
    grove.SCHOOL,
    jennetts_park.SCHOOL,
    st_johns_priory.SCHOOL,
    st_michael_and_st_johns.SCHOOL,
]

DEMO_GROUPS = ["Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"]
