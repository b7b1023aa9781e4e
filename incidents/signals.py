"""What incidents tells the apps above it (letters, exports), which it never imports.

They connect their receivers in their AppConfig.ready(). A receiver runs inside the sender's
transaction, so one that raises undoes the change it was told about.
"""

from django.dispatch import Signal

# A case moved, sent by workflow.case_apply_transition after its chronology row, with `case`,
# `name` (the transition), `source`, `target`, `by` (who acted) and `escalation` (the approved
# proposal that moved it, or None). letters drafts the letters an escalation calls for.
case_transitioned = Signal()

# A site-ban step was recorded, with `ban`, `step` ("intended", "confirm", "modify" or "lift")
# and `by`. letters drafts the notice of intent or of the decision.
site_ban_stepped = Signal()

# The case page asks for panels, with `case`, `role` and `event_kinds` (the kinds of event on
# its chronology); a receiver returns a (template name, context) pair, or None to show nothing.
# The page is cached under the case's stamp, so a panel may show only tables listed in
# incidents.casestamp.TOUCHING (a new table goes there, with a migration installing triggers).
case_page_panels = Signal()
